/**
 * The identities of a Fabric proof (orderer, creator, endorsers) and their signatures, checked offline with
 * @peculiar/x509 (certificates and chains) and WebCrypto (ECDSA P-256/P-384 with Fabric's low-S rule, Ed25519):
 * no Node built-ins, so the /receipt page runs it as the CLI does.
 */
import {
    AsnEcSignatureFormatter,
    BasicConstraintsExtension,
    X509Certificate,
} from '@court-ledger/ledger-embedded/x509';
import { parseSerializedIdentity } from './proof-decode';

/** A signer of a Fabric proof: its MSP id and parsed certificate. */
export interface Identity {
    readonly mspId: string;
    readonly certificate: X509Certificate;
}

/** An `msp.SerializedIdentity` with its certificate parsed (throws when it is not one). */
export function parseIdentity(bytes: Uint8Array): Identity {
    const { mspId, certificate } = parseSerializedIdentity(bytes);
    return { mspId, certificate: new X509Certificate(certificate) };
}

/** The order of the P-256 and P-384 groups, for Fabric's low-S rule. */
const CURVE_ORDERS: Readonly<Record<string, bigint>> = {
    'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    'P-384': 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
};

const formatter = new AsnEcSignatureFormatter();

function bigEndian(bytes: Uint8Array): bigint {
    return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

/**
 * Verifies a Fabric signature over `data` by `certificate`'s key: ECDSA (DER; SHA-256 on P-256, SHA-384 on
 * P-384; low-S, as Fabric requires) or Ed25519. False on any malformed input or other key type.
 */
export async function verifies(
    data: Uint8Array,
    signature: Uint8Array,
    certificate: X509Certificate,
): Promise<boolean> {
    try {
        const algorithm = certificate.publicKey.algorithm as { name: string; namedCurve?: string };
        const spki = certificate.publicKey.rawData;
        if (algorithm.name === 'Ed25519') {
            const key = await crypto.subtle.importKey('spki', spki, { name: 'Ed25519' }, false, ['verify']);
            return await crypto.subtle.verify(
                { name: 'Ed25519' },
                key,
                Uint8Array.from(signature),
                Uint8Array.from(data),
            );
        }
        const curve = algorithm.namedCurve ?? '';
        const order = CURVE_ORDERS[curve];
        if (algorithm.name !== 'ECDSA' || order === undefined) {
            return false;
        }
        const params = { name: 'ECDSA', namedCurve: curve, hash: curve === 'P-384' ? 'SHA-384' : 'SHA-256' };
        const raw = formatter.toWebSignature(params, Uint8Array.from(signature));
        if (raw === null || bigEndian(new Uint8Array(raw).subarray(raw.byteLength / 2)) > order / 2n) {
            return false;
        }
        const key = await crypto.subtle.importKey('spki', spki, params, false, ['verify']);
        return await crypto.subtle.verify(params, key, raw, Uint8Array.from(data));
    } catch {
        return false;
    }
}

/** Whether `certificate` is a CA (basic constraints). */
export function isCa(certificate: X509Certificate): boolean {
    return certificate.getExtension(BasicConstraintsExtension)?.ca === true;
}

/** Whether `issuer` issued `certificate`: names match and its key verifies the certificate's signature. */
async function issuedBy(certificate: X509Certificate, issuer: X509Certificate): Promise<boolean> {
    try {
        return (
            certificate.issuer === issuer.subject &&
            (await certificate.verify({ publicKey: issuer, signatureOnly: true }))
        );
    } catch {
        return false;
    }
}

/** Whether `certificate` is self-signed (its own issuer, its signature verifying with its own key). */
export function selfSigned(certificate: X509Certificate): Promise<boolean> {
    return issuedBy(certificate, certificate);
}

/** True when `certificate` chains, through `authorities`, to a self-signed one of them. */
export async function chainsTo(
    certificate: X509Certificate,
    authorities: readonly X509Certificate[],
): Promise<boolean> {
    let current = certificate;
    for (let depth = 0; depth < 8; depth++) {
        let issuer: X509Certificate | undefined;
        for (const ca of authorities) {
            if (isCa(ca) && (await issuedBy(current, ca))) {
                issuer = ca;
                break;
            }
        }
        if (issuer === undefined) {
            return false;
        }
        if (await selfSigned(issuer)) {
            return true;
        }
        current = issuer;
    }
    return false;
}

/** The organisational units of the certificate's subject (Fabric NodeOUs: `peer`, `orderer`, `client`…). */
export function organizationalUnits(certificate: X509Certificate): string[] {
    return certificate.subjectName.getField('OU');
}

/** `MSP CN` of an identity, for messages. */
export function describe(identity: Identity): string {
    return `${identity.mspId} ${identity.certificate.subjectName.getField('CN')[0] ?? '?'}`;
}
