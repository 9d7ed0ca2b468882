import { PRINCIPAL_ID_PATTERN } from '../shared/actor';
import { LedgerError } from '../shared/errors';
import { parseDecimalInteger } from '../shared/validation';

/** A positive safe integer in plain decimal (field `treeSize`). */
export function parseTreeSize(value: string): number {
    return parseDecimalInteger(value, 'treeSize', 1);
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
