import { PRINCIPAL_ID_PATTERN } from '../shared/actor';
import { saltedSha256 } from '../shared/digests';
import { LedgerError } from '../shared/errors';
import type { ServiceRecipient } from './model';
import { CONTROL_CHARACTER } from './service-validation';

/** Name of the transient field carrying the recipient (canonical JSON `{sub, address, salt}`) to `issue`. */
export const RECIPIENT_TRANSIENT_KEY = 'recipient';

/** Longest electronic address, in code points (an e-mail address is at most 320 characters). */
export const MAX_ADDRESS_LENGTH = 320;

/** Salts: 16 random bytes as 32 lowercase hex characters. */
const SALT_PATTERN = /^[0-9a-f]{32}$/;

const RECIPIENT_KEYS: ReadonlySet<string> = new Set(['sub', 'address', 'salt']);

function invalid(detail: string, field = 'recipient'): LedgerError {
    // Never echo the values: they are personal data and error messages travel in clear.
    return new LedgerError('INVALID_ARGUMENT', detail, field);
}

/**
 * Validates the parsed `recipient` transient value: an object with exactly `sub` (a principal id, see
 * {@link PRINCIPAL_ID_PATTERN}), `address` (1–{@link MAX_ADDRESS_LENGTH} code points, no control characters)
 * and `salt` (32 lowercase hex). Throws `INVALID_ARGUMENT` naming `recipient` or `recipient.<field>`;
 * undefined (the field was not sent) is `INVALID_ARGUMENT` too.
 */
export function parseRecipient(value: unknown): ServiceRecipient {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalid('transient field recipient must be a JSON object {sub, address, salt}');
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length !== RECIPIENT_KEYS.size || !keys.every((key) => RECIPIENT_KEYS.has(key))) {
        throw invalid('recipient must have exactly the fields sub, address, salt');
    }
    const { sub, address, salt } = record;
    if (typeof sub !== 'string' || !PRINCIPAL_ID_PATTERN.test(sub)) {
        throw invalid('recipient.sub must be 1-128 characters of [A-Za-z0-9._:@-]', 'recipient.sub');
    }
    if (typeof address !== 'string' || !isAddress(address)) {
        throw invalid(
            `recipient.address must be 1-${MAX_ADDRESS_LENGTH} characters without control characters`,
            'recipient.address',
        );
    }
    if (typeof salt !== 'string' || !SALT_PATTERN.test(salt)) {
        throw invalid('recipient.salt must be 32 lowercase hex characters (16 bytes)', 'recipient.salt');
    }
    return { sub, address, salt };
}

function isAddress(value: string): boolean {
    const length = Array.from(value).length;
    return length >= 1 && length <= MAX_ADDRESS_LENGTH && !CONTROL_CHARACTER.test(value);
}

/**
 * The address reference kept in shared state: SHA-256(salt ‖ address) as lowercase hex, where salt is the 16
 * bytes the hex salt encodes and address its UTF-8 bytes. Whoever holds the private recipient can recompute it;
 * no one else can test guesses against it.
 */
export function addressHash(salt: string, address: string): string {
    return saltedSha256(salt, address);
}
