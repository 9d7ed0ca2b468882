import { deriveTxScopedId } from '../shared/digests';
import { LedgerError } from '../shared/errors';
import {
    DOCUMENT_TYPES,
    SERVICE_CHANNELS,
    SERVICE_EVENT_TYPES,
    type DocumentType,
    type ServiceChannel,
    type ServiceEventType,
} from './model';

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

/** Longest event `detail` the gateway accepts, in code points (the ledger holds only its salted digest). */
export const MAX_DETAIL_LENGTH = 200;

/** C0 and C1 control characters (incl. line breaks) and DEL: Unicode general category Cc. */
export const CONTROL_CHARACTER = /\p{Cc}/u;
