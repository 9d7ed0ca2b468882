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

/** A table holding the latest record of each key, as an event stream gives it. */
export interface LatestRecordTable {
    readonly table: string;
    /** Key column and the record field (text) it comes from. */
    readonly key: { readonly column: string; readonly field: string };
    /** Other columns and the SQL expression over the record `r` (jsonb) that fills each. */
    readonly columns: Readonly<Record<string, string>>;
}

/**
 * An upsert of the latest record of each key in the chunk into a table with the columns of `spec`, plus
 * `block_number` (block of the key's first event, kept once written), `updated_block` (block of its last
 * event) and `record` (the record itself, jsonb).
 */
export function upsertLatestRecord(spec: LatestRecordTable): string {
    const names = Object.keys(spec.columns);
    const key = `r->>'${spec.key.field}'`;
    return `
    WITH ${PROJECTION_INPUT}, latest AS (
        SELECT DISTINCT ON (${key}) r, block AS updated_block, min(block) OVER (PARTITION BY ${key}) AS first_block
        FROM input ORDER BY ${key}, ord DESC
    )
    INSERT INTO ${spec.table} (${[spec.key.column, ...names, 'block_number', 'updated_block', 'record'].join(', ')})
    SELECT ${[key, ...Object.values(spec.columns), 'first_block', 'updated_block', 'r'].join(', ')}
    FROM latest
    ON CONFLICT (${spec.key.column}) DO UPDATE SET
        ${[...names, 'updated_block', 'record'].map((name) => `${name} = excluded.${name}`).join(', ')}`;
}
