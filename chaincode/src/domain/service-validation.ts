import { deriveTxScopedId, isDigest } from './digests';
import { LedgerError } from './errors';

/** Kinds of judicial document served (Art. 26). */
export const DOCUMENT_TYPES = [
    'summons',
    'notice',
    'judgment',
    'ruling',
    'mediation-document',
    'enforcement-notice',
    'other',
] as const;

/** A served document's kind. */
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Electronic channels a document is served through. */
export const SERVICE_CHANNELS = ['platform', 'email'] as const;

/** A service channel. */
export type ServiceChannel = (typeof SERVICE_CHANNELS)[number];

/** Events in a service record's trail (docs/service-of-process.md). */
export const SERVICE_EVENT_TYPES = [
    'issued',
    'sent',
    'delivered',
    'delivery-failed',
    'read',
    'downloaded',
    'acknowledged',
    'replied',
    'cancelled',
] as const;

/** A service event type; a record's `status` is the type of its last event. */
export type ServiceEventType = (typeof SERVICE_EVENT_TYPES)[number];

function parseMember<T extends string>(values: readonly T[], value: string, field: string): T {
    const found = values.find((known) => known === value);
    if (found === undefined) {
        throw new LedgerError('INVALID_ARGUMENT', `${field} must be one of ${values.join(', ')}`, field);
    }
    return found;
}

/** Returns `value` as a {@link DocumentType}, else throws `INVALID_ARGUMENT` (field `documentType`). */
export function parseDocumentType(value: string): DocumentType {
    return parseMember(DOCUMENT_TYPES, value, 'documentType');
}

/** Returns `value` as a {@link ServiceChannel}, else throws `INVALID_ARGUMENT` (field `channel`). */
export function parseServiceChannel(value: string): ServiceChannel {
    return parseMember(SERVICE_CHANNELS, value, 'channel');
}

/** Returns `value` as a {@link ServiceEventType}, else throws `INVALID_ARGUMENT` (field `type`). */
export function parseServiceEventType(value: string): ServiceEventType {
    return parseMember(SERVICE_EVENT_TYPES, value, 'type');
}

/** `true` → true, `false` → false, anything else `INVALID_ARGUMENT` (field `addressConfirmed`). */
export function parseAddressConfirmed(value: string): boolean {
    if (value !== 'true' && value !== 'false') {
        throw new LedgerError('INVALID_ARGUMENT', 'addressConfirmed must be true or false', 'addressConfirmed');
    }
    return value === 'true';
}

/** Service ids: `sv_` and 32 lowercase hex characters. */
export const SERVICE_ID_PATTERN = /^sv_[0-9a-f]{32}$/;

/** `sv_` + the first 32 hex characters of SHA-256(txId as UTF-8): one service per issuing transaction. */
export function deriveServiceId(txId: string): string {
    return deriveTxScopedId('sv_', txId);
}

/** Returns `value` if it looks like a service id, else throws `INVALID_ARGUMENT` (field `serviceId`). */
export function validateServiceId(value: string): string {
    if (!SERVICE_ID_PATTERN.test(value)) {
        throw new LedgerError('INVALID_ARGUMENT', 'serviceId must be sv_ followed by 32 lowercase hex', 'serviceId');
    }
    return value;
}

/**
 * Returns `value` if it is a principal pseudonym (HMAC-SHA256 of the principal's sub under the court's
 * pepper: 64 lowercase hex), else throws `INVALID_ARGUMENT` naming `field`. The chaincode cannot recompute it
 * (the pepper never reaches the ledger): the gateway is trusted for it.
 *
 * @param field - the argument it came from (`recipientPseudonym` for services, `respondentPseudonym` for
 *   preservation applications)
 */
export function validatePseudonym(value: string, field = 'recipientPseudonym'): string {
    if (!isDigest(value)) {
        throw new LedgerError('INVALID_ARGUMENT', `${field} must be 64 lowercase hex characters`, field);
    }
    return value;
}

/** Longest event `detail`, in code points. */
export const MAX_DETAIL_LENGTH = 200;

/** C0 and C1 control characters (incl. line breaks) and DEL: Unicode general category Cc. */
export const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * `''` → undefined; otherwise a single-line text of at most {@link MAX_DETAIL_LENGTH} code points (no control
 * characters). Throws `INVALID_ARGUMENT` (field `detail`). It must hold no personal data: the contract also
 * refuses a detail containing the recipient's sub or address (see `assertNoRecipientData`).
 */
export function parseDetail(value: string): string | undefined {
    if (value === '') {
        return undefined;
    }
    if (Array.from(value).length > MAX_DETAIL_LENGTH || CONTROL_CHARACTER.test(value)) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            `detail must be at most ${MAX_DETAIL_LENGTH} characters on one line`,
            'detail',
        );
    }
    return value;
}
