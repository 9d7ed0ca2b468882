import { PRINCIPAL_ID_PATTERN } from './actor';
import { LedgerError } from './errors';

/** Longest case id, in Unicode code points. */
export const MAX_CASE_ID_LENGTH = 64;
/** ASCII `[A-Za-z0-9()._/:-]` and Han (CJK) characters, e.g. `(2024)京0491民初123号`. */
const CASE_ID_PATTERN = /^[A-Za-z0-9()._/:\p{Script=Han}-]+$/u;

/**
 * Returns `value` if it is a valid case id: 1–64 code points of `[A-Za-z0-9()._/:-]` or Han characters, in
 * Unicode NFC (so one case number has one spelling). Throws `INVALID_ARGUMENT` (field `caseId`).
 */
export function validateCaseId(value: string): string {
    const length = Array.from(value).length; // code points
    if (length === 0 || length > MAX_CASE_ID_LENGTH) {
        throw new LedgerError('INVALID_ARGUMENT', `caseId must be 1-${MAX_CASE_ID_LENGTH} characters`, 'caseId');
    }
    if (!CASE_ID_PATTERN.test(value) || value.normalize('NFC') !== value) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            'caseId may contain only letters, digits, ( ) . _ / : - and CJK characters (NFC)',
            'caseId',
        );
    }
    return value;
}

/** Decimal without sign, leading zeros or exponent. */
const UNSIGNED_INTEGER = /^(0|[1-9][0-9]*)$/;

function parseInteger(value: string, field: string, min: number): number {
    const parsed = UNSIGNED_INTEGER.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min) {
        throw new LedgerError('INVALID_ARGUMENT', `${field} must be an integer ≥ ${min} written in decimal`, field);
    }
    return parsed;
}

/** `''` → undefined; otherwise a non-negative safe integer in plain decimal (field `size`). */
export function parseOptionalSize(value: string): number | undefined {
    return value === '' ? undefined : parseInteger(value, 'size', 0);
}

/**
 * An amount of money in integer fen (分): a safe integer ≥ 1 in plain decimal. Throws `INVALID_ARGUMENT`
 * naming `field`. Amounts are never fractional, so they compare and add exactly.
 */
export function parseAmount(value: string, field = 'amount'): number {
    return parseInteger(value, field, 1);
}

/** True when `value` is an amount in integer fen as a JSON number: a safe integer ≥ 1. */
export function isAmount(value: unknown): value is number {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/** A positive safe integer in plain decimal (field `treeSize`). */
export function parseTreeSize(value: string): number {
    return parseInteger(value, 'treeSize', 1);
}

/** RFC 6838 `type/subtype` restricted names, without parameters. */
const MEDIA_TYPE_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * `''` → undefined; otherwise an RFC 6838 `type/subtype` (no parameters), returned in lowercase since media
 * types are case-insensitive. Throws `INVALID_ARGUMENT` (field `mediaType`).
 */
export function parseOptionalMediaType(value: string): string | undefined {
    if (value === '') {
        return undefined;
    }
    const lower = value.toLowerCase();
    if (!MEDIA_TYPE_PATTERN.test(lower)) {
        throw new LedgerError('INVALID_ARGUMENT', 'mediaType must be type/subtype (RFC 6838)', 'mediaType');
    }
    return lower;
}

/** Batch ids: 1–64 characters of `[A-Za-z0-9._:-]`. */
const BATCH_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** Returns `value` if it is a valid batch id, else throws `INVALID_ARGUMENT` (field `batchId`). */
export function validateBatchId(value: string): string {
    if (!BATCH_ID_PATTERN.test(value)) {
        throw new LedgerError('INVALID_ARGUMENT', 'batchId must be 1-64 characters of [A-Za-z0-9._:-]', 'batchId');
    }
    return value;
}

/** Most entries in a `kinds` or `sources` list. */
export const MAX_TAGS = 32;
/** Item kinds: 1–64 characters of `[a-z0-9._-]`. */
const KIND_PATTERN = /^[a-z0-9._-]{1,64}$/;

function parseStringList(value: string, field: string, pattern: RegExp, rule: string): string[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(value);
    } catch {
        throw new LedgerError('INVALID_ARGUMENT', `${field} must be a JSON array of strings`, field);
    }
    if (!Array.isArray(parsed) || parsed.length > MAX_TAGS) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            `${field} must be a JSON array of at most ${MAX_TAGS} strings`,
            field,
        );
    }
    const items: string[] = [];
    for (const item of parsed as unknown[]) {
        if (typeof item !== 'string' || !pattern.test(item)) {
            throw new LedgerError('INVALID_ARGUMENT', `${field} entries must be ${rule}`, field);
        }
        if (items.includes(item)) {
            throw new LedgerError('INVALID_ARGUMENT', `${field} has a duplicate entry ${item}`, field);
        }
        items.push(item);
    }
    return items;
}

/**
 * Parses an anchor batch's `kinds`: a JSON array of at most {@link MAX_TAGS} distinct item kinds of 1–64
 * characters of `[a-z0-9._-]`, order kept. Throws `INVALID_ARGUMENT` (field `kinds`).
 */
export function parseKinds(value: string): string[] {
    return parseStringList(value, 'kinds', KIND_PATTERN, '1-64 characters of [a-z0-9._-]');
}

/**
 * Parses an anchor batch's `sources`: a JSON array of at most {@link MAX_TAGS} distinct principal ids (the
 * `sub`s that queued the items, {@link PRINCIPAL_ID_PATTERN}), order kept. Throws `INVALID_ARGUMENT`
 * (field `sources`).
 */
export function parseSources(value: string): string[] {
    return parseStringList(value, 'sources', PRINCIPAL_ID_PATTERN, 'principal ids (1-128 of [A-Za-z0-9._:@-])');
}
