import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { principalRef, type Actor } from '../shared/actor';
import { LedgerError } from '../shared/errors';
import type { RecipientKeyRecord, RecipientKeyVersion } from './model';

/** Longest PEM text accepted for a public key (a P-256 SPKI PEM is about 180 characters). */
export const MAX_PUBLIC_KEY_PEM_LENGTH = 1024;

/** One SPKI PEM block and nothing else (no private key, certificate or second block). */
const SPKI_PEM_PATTERN = /^\s*-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/;

/** A validated recipient public key. */
export interface RecipientPublicKey {
    readonly key: KeyObject;
    /** Normalised SPKI PEM (as Node exports it). */
    readonly publicKeyPem: string;
    /** SHA-256 of the DER SPKI, lowercase hex. */
    readonly fingerprint: string;
}

function refuse(detail: string): LedgerError {
    return new LedgerError('INVALID_ARGUMENT', detail, 'publicKeyPem');
}

/**
 * Parses an ECDSA P-256 public key given as one SPKI PEM block (`-----BEGIN PUBLIC KEY-----`). Anything else —
 * malformed PEM, a private key or certificate, another algorithm or curve — is `INVALID_ARGUMENT`
 * (field `publicKeyPem`). Returns the key with its normalised PEM and fingerprint.
 */
export function parseRecipientPublicKey(publicKeyPem: string): RecipientPublicKey {
    if (publicKeyPem.length > MAX_PUBLIC_KEY_PEM_LENGTH || !SPKI_PEM_PATTERN.test(publicKeyPem)) {
        throw refuse('publicKeyPem must be one SPKI PEM block (-----BEGIN PUBLIC KEY-----)');
    }
    let key: KeyObject;
    try {
        key = createPublicKey({ key: publicKeyPem, format: 'pem' });
    } catch {
        throw refuse('publicKeyPem is not a readable public key');
    }
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
        throw refuse('publicKeyPem must be an ECDSA P-256 (prime256v1) key');
    }
    const der = key.export({ type: 'spki', format: 'der' });
    return {
        key,
        publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(),
        fingerprint: createHash('sha256').update(der).digest('hex'),
    };
}

/**
 * The key record after `registeredBy` registers `key` for `recipientPseudonym`: the new key is current and the
 * previous current key (if any) is appended to `history`. Re-registering the same key also makes a new
 * version, so each registration is recorded.
 */
export function registerRecipientKey(
    previous: RecipientKeyRecord | undefined,
    recipientPseudonym: string,
    key: RecipientPublicKey,
    registeredBy: Actor,
    at: string,
    txId: string,
): RecipientKeyRecord {
    const history: RecipientKeyVersion[] = previous === undefined ? [] : [...previous.history, versionOf(previous)];
    return {
        recipientPseudonym,
        publicKeyPem: key.publicKeyPem,
        fingerprint: key.fingerprint,
        registeredBy: principalRef(registeredBy),
        registeredAt: at,
        txId,
        history,
    };
}

function versionOf(record: RecipientKeyRecord): RecipientKeyVersion {
    const { publicKeyPem, fingerprint, registeredBy, registeredAt, txId } = record;
    return { publicKeyPem, fingerprint, registeredBy, registeredAt, txId };
}
