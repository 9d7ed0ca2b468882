import { verify } from 'node:crypto';
import type { Actor } from '../shared/actor';
import { canonicalJson } from '../shared/canonical-json';
import { LedgerError } from '../shared/errors';
import { millisBetween, parseIsoTimestamp } from '../shared/time';
import type { RecipientKeyRecord, ServiceEventEntry, ServiceRecord } from './model';
import {
    appendServiceEvent,
    authoriseServiceEvent,
    resolveEventTime,
    SERVICE_CLOCK_TOLERANCE_MS,
} from './service-events';
import { parseRecipientPublicKey } from './service-keys';

/** Longest base64 signature accepted (a DER ECDSA P-256 signature is at most 72 bytes, 96 base64 characters). */
export const MAX_SIGNATURE_LENGTH = 128;

/** Canonical (padded, no whitespace) base64. */
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The text the recipient signs to acknowledge service: canonical JSON
 * `{"acknowledgedAt":…,"documentDigest":…,"serviceId":…}` (documentDigest = the document's SHA-256 hex).
 * The signature is over its UTF-8 bytes.
 */
export function acknowledgementStatement(serviceId: string, documentDigest: string, acknowledgedAt: string): string {
    return canonicalJson({ acknowledgedAt, documentDigest, serviceId });
}

/**
 * True when `signatureB64` (base64 of a DER ECDSA signature) is a valid ECDSA P-256 / SHA-256 signature by
 * `publicKeyPem` over the UTF-8 bytes of `statement`. A malformed signature is simply false.
 *
 * @throws LedgerError `INVALID_ARGUMENT` (field `publicKeyPem`) when the key is not an SPKI ECDSA P-256 key
 */
export function verifyAcknowledgement(publicKeyPem: string, statement: string, signatureB64: string): boolean {
    const { key } = parseRecipientPublicKey(publicKeyPem);
    if (signatureB64 === '' || signatureB64.length > MAX_SIGNATURE_LENGTH || !BASE64_PATTERN.test(signatureB64)) {
        return false;
    }
    try {
        const signature = Buffer.from(signatureB64, 'base64');
        return verify('sha256', Buffer.from(statement, 'utf8'), { key, dsaEncoding: 'der' }, signature);
    } catch {
        return false;
    }
}

/** A `service:acknowledge` request. */
export interface AcknowledgeRequest {
    /** Validated by {@link parseAcknowledgedAt}; must be within the clock tolerance of the transaction time. */
    readonly acknowledgedAt: string;
    /** Base64 DER signature over {@link acknowledgementStatement}, or `''` for a portal attestation. */
    readonly signature: string;
}

/** Validates `acknowledgedAt` (`INVALID_ARGUMENT` field `acknowledgedAt`). */
export function parseAcknowledgedAt(value: string): string {
    return parseIsoTimestamp(value, 'acknowledgedAt');
}

/**
 * Applies `service:acknowledge` to `record` and returns it with an `acknowledged` event appended; a record
 * already acknowledged is returned unchanged (the same object: nothing to write).
 *
 * Checks, in order: the recipient and not cancelled ({@link authoriseServiceEvent}); `acknowledgedAt` within
 * {@link SERVICE_CLOCK_TOLERANCE_MS} of the transaction time and not before issue (`INVALID_ARGUMENT`); then
 * the signature: with a key registered for the record's pseudonym it is required and must verify
 * (`INVALID_SIGNATURE` otherwise; attestation `signature`); without one, a signature is `KEY_NOT_FOUND` and no
 * signature is a portal attestation (`attestation: "portal"`).
 */
export function acknowledgeService(
    record: ServiceRecord,
    request: AcknowledgeRequest,
    actor: Actor,
    key: RecipientKeyRecord | undefined,
    recordedAt: string,
    txId: string,
): ServiceRecord {
    const { acknowledgedAt, signature } = request;
    const eventActor = authoriseServiceEvent(record, 'acknowledged', actor);
    if (record.events.some((event) => event.type === 'acknowledged')) {
        // Acknowledging twice (a retry) is the same acknowledgement: the record unchanged, no second event.
        return record;
    }
    if (Math.abs(millisBetween(recordedAt, acknowledgedAt)) > SERVICE_CLOCK_TOLERANCE_MS) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            `acknowledgedAt must be within ${SERVICE_CLOCK_TOLERANCE_MS / 60_000} minutes of the transaction time`,
            'acknowledgedAt',
        );
    }
    const at = resolveEventTime(record, 'acknowledged', acknowledgedAt, recordedAt, 'acknowledgedAt');
    const base = { type: 'acknowledged', at, recordedAt, actor: eventActor } as const;
    let entry: ServiceEventEntry;
    if (key === undefined) {
        if (signature !== '') {
            throw new LedgerError('KEY_NOT_FOUND', 'no signing key is registered for the recipient', 'signature');
        }
        entry = { ...base, attestation: 'portal', txId };
    } else {
        const statement = acknowledgementStatement(record.serviceId, record.document.sha256, at);
        if (!verifyAcknowledgement(key.publicKeyPem, statement, signature)) {
            const detail =
                signature === ''
                    ? 'a signature is required: a key is registered for the recipient'
                    : "signature does not verify with the recipient's registered key";
            throw new LedgerError('INVALID_SIGNATURE', detail, 'signature');
        }
        entry = { ...base, attestation: 'signature', signature, keyFingerprint: key.fingerprint, txId };
    }
    return appendServiceEvent(record, entry);
}
