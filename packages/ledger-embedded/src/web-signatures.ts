/**
 * ECDSA P-256 / SHA-256 checks with WebCrypto (`globalThis.crypto.subtle`, in Node ≥ 20 and every browser),
 * for the offline proof verifier: no Node built-ins, so it bundles for a browser. Signatures arrive DER-encoded
 * (as node:crypto and Fabric write them); WebCrypto wants r ‖ s, converted by @peculiar/x509's formatter.
 */
import { AsnEcSignatureFormatter, PemConverter } from './x509';

/** A WebCrypto key (the DOM's `CryptoKey`, named without the DOM library). */
export type WebCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

const formatter = new AsnEcSignatureFormatter();

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array | ArrayBuffer): string {
    return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Lower-case hex SHA-256 with WebCrypto. */
export async function sha256HexAsync(data: Uint8Array): Promise<string> {
    return toHex(await crypto.subtle.digest('SHA-256', data));
}

/** The DER bytes of the first PEM block in `pem` (a public key or a certificate); undefined if none. */
export function pemDer(pem: string): Uint8Array | undefined {
    try {
        const [der] = PemConverter.decode(pem);
        return der === undefined ? undefined : new Uint8Array(der);
    } catch {
        return undefined;
    }
}

/** Imports an SPKI PEM P-256 public key for verifying; undefined if it is not one. */
export async function importP256Key(pem: string): Promise<WebCryptoKey | undefined> {
    const der = pemDer(pem);
    if (der === undefined) {
        return undefined;
    }
    try {
        return await crypto.subtle.importKey('spki', der, ECDSA_P256, true, ['verify']);
    } catch {
        return undefined;
    }
}

/** Checks a DER (base64) ECDSA P-256 / SHA-256 signature over `data`; false on any malformed input. */
export async function verifyDerSignature(key: WebCryptoKey, signature: string, data: Uint8Array): Promise<boolean> {
    try {
        const der = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
        const raw = formatter.toWebSignature(ECDSA_P256, der);
        return raw !== null && (await crypto.subtle.verify(ECDSA_P256, key, raw, data));
    } catch {
        return false;
    }
}

/** SHA-256 (hex) of the DER inside a PEM: the fingerprint of a public key or certificate; undefined if no PEM. */
export async function pemFingerprint(pem: string): Promise<string | undefined> {
    const der = pemDer(pem);
    return der === undefined ? undefined : sha256HexAsync(der);
}
