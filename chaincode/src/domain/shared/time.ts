import { LedgerError } from './errors';

/**
 * ISO 8601 UTC text (millisecond precision, sub-millisecond part truncated) of a protobuf timestamp, as the
 * chaincode records transaction times. Pure and deterministic: every endorser gets the same text for the
 * same transaction. Throws RangeError for values outside the Date range or malformed nanos.
 *
 * @param seconds - whole seconds since the Unix epoch
 * @param nanos - 0 ≤ nanos < 1e9
 */
export function isoTimestamp(seconds: number, nanos: number): string {
    if (!Number.isSafeInteger(seconds) || !Number.isInteger(nanos) || nanos < 0 || nanos >= 1e9) {
        throw new RangeError(`invalid timestamp ${seconds}s ${nanos}ns`);
    }
    return new Date(seconds * 1000 + Math.floor(nanos / 1e6)).toISOString();
}

/** The one spelling {@link isoTimestamp} produces: `YYYY-MM-DDTHH:mm:ss.sssZ`. */
const ISO_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Returns `value` if it is a real instant written exactly as {@link isoTimestamp} writes one
 * (`2024-06-10T06:13:20.250Z`: UTC, milliseconds, no offset), else throws `INVALID_ARGUMENT` naming `field`.
 * One spelling per instant keeps signed statements unambiguous and lets times be compared as text.
 */
export function parseIsoTimestamp(value: string, field: string): string {
    const millis = ISO_TIMESTAMP_PATTERN.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(millis) || new Date(millis).toISOString() !== value) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            `${field} must be an ISO 8601 UTC time with milliseconds (YYYY-MM-DDTHH:mm:ss.sssZ)`,
            field,
        );
    }
    return value;
}

/** Milliseconds from `from` to `to` (both as written by {@link isoTimestamp}); negative when `to` is earlier. */
export function millisBetween(from: string, to: string): number {
    return Date.parse(to) - Date.parse(from);
}
