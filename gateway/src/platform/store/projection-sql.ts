import type { SqlExecutor } from './db.js';
import type { ProjectedEvent } from './projection.js';

/**
 * Building blocks of set-based projection statements. A statement takes one parameter, {@link projectionParam}:
 * a JSON array of `{"b": block, "t": txId, "r": record}` in ledger order (one chunk of one handler's events),
 * and writes the same rows as applying the events one at a time would: the last record of each key wins, a
 * row's first block is kept.
 */

/** The CTE `input (block, tx_id, r, ord)` over the statement's `$1` (see {@link projectionParam}). */
export const PROJECTION_INPUT = `
    input AS (
        SELECT (x->>'b')::bigint AS block, x->>'t' AS tx_id, x->'r' AS r, ord
        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS u(x, ord)
    )`;

/** The `$1` of a projection statement: the events' blocks, transaction ids and records, in ledger order. */
export function projectionParam(events: readonly ProjectedEvent[]): string {
    return JSON.stringify(events.map((d) => ({ b: d.event.blockNumber, t: d.event.txId, r: d.record })));
}

/** Record fields (camelCase) copied to columns of the same name in snake_case, by SQL type. */
export interface FieldColumns {
    readonly text?: readonly string[];
    readonly bigint?: readonly string[];
    readonly timestamptz?: readonly string[];
}

/** A table holding the latest record of each key, as an event stream gives it. */
export interface LatestRecordTable {
    readonly table: string;
    /** The record field (text) that keys the table; its column is the field's name in snake_case. */
    readonly key: string;
    /** Columns copied from record fields of the same name. */
    readonly fields: FieldColumns;
    /** Other columns and the SQL expression over the record `r` (jsonb) that fills each. */
    readonly expressions?: Readonly<Record<string, string>>;
}

/** `caseId` → `case_id`. */
function snakeCase(field: string): string {
    return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The column → SQL expression map of `spec` (key excluded). */
function columnsOf(spec: LatestRecordTable): Record<string, string> {
    const columns: Record<string, string> = {};
    for (const field of spec.fields.text ?? []) {
        columns[snakeCase(field)] = `r->>'${field}'`;
    }
    for (const type of ['bigint', 'timestamptz'] as const) {
        for (const field of spec.fields[type] ?? []) {
            columns[snakeCase(field)] = `(r->>'${field}')::${type}`;
        }
    }
    return { ...columns, ...spec.expressions };
}

/**
 * An upsert of the latest record of each key in the chunk into a table with the columns of `spec`, plus
 * `block_number` (block of the key's first event, kept once written), `updated_block` (block of its last
 * event) and `record` (the record itself, jsonb).
 */
export function upsertLatestRecord(spec: LatestRecordTable): string {
    const columns = columnsOf(spec);
    const names = Object.keys(columns);
    const key = `r->>'${spec.key}'`;
    return `
    WITH ${PROJECTION_INPUT}, latest AS (
        SELECT DISTINCT ON (${key}) r, block AS updated_block, min(block) OVER (PARTITION BY ${key}) AS first_block
        FROM input ORDER BY ${key}, ord DESC
    )
    INSERT INTO ${spec.table} (${[snakeCase(spec.key), ...names, 'block_number', 'updated_block', 'record'].join(', ')})
    SELECT ${[key, ...Object.values(columns), 'first_block', 'updated_block', 'r'].join(', ')}
    FROM latest
    ON CONFLICT (${snakeCase(spec.key)}) DO UPDATE SET
        ${[...names, 'updated_block', 'record'].map((name) => `${name} = excluded.${name}`).join(', ')}`;
}

/** Runs projection `statement` over `events` (in ledger order); nothing when there are none. */
export async function runProjection(
    tx: SqlExecutor,
    statement: string,
    events: readonly ProjectedEvent[],
): Promise<void> {
    if (events.length > 0) {
        await tx.query(statement, [projectionParam(events)]);
    }
}
