import type { SqlExecutor } from './db.js';

/** A period during which a component (ledger, database, batcher…) was unavailable. */
export interface Outage {
    readonly id: number;
    readonly component: string;
    readonly message: string;
    /** ISO 8601. */
    readonly startedAt: string;
    /** ISO 8601; absent while the outage is open. */
    readonly endedAt?: string;
}

interface OutageRow {
    id: number;
    component: string;
    message: string;
    started_at: Date;
    ended_at: Date | null;
}

function toOutage(row: OutageRow): Outage {
    return {
        id: row.id,
        component: row.component,
        message: row.message,
        startedAt: row.started_at.toISOString(),
        ...(row.ended_at === null ? {} : { endedAt: row.ended_at.toISOString() }),
    };
}

/**
 * Opens an outage for `component` unless one is already open (then nothing changes; a unique partial index
 * makes this hold across gateways too). `startedAt` (default: now) lets an outage of the database itself
 * be written once it is reachable again.
 *
 * @returns true if this call opened it, false if one was already open
 */
export async function openOutage(
    db: SqlExecutor,
    component: string,
    message: string,
    startedAt?: Date,
): Promise<boolean> {
    const inserted = await db.query<{ id: number }>(
        `INSERT INTO outages (component, message, started_at) VALUES ($1, $2, COALESCE($3::timestamptz, now()))
         ON CONFLICT (component) WHERE ended_at IS NULL DO NOTHING
         RETURNING id`,
        [component, message, startedAt ?? null],
    );
    return inserted.length > 0;
}

/**
 * Closes the open outage of `component` at `endedAt` (default: now; never before its start).
 *
 * @returns the closed outage, or undefined if none was open
 */
export async function closeOutage(db: SqlExecutor, component: string, endedAt?: Date): Promise<Outage | undefined> {
    const rows = await db.query<OutageRow>(
        `UPDATE outages SET ended_at = greatest(COALESCE($2::timestamptz, now()), started_at)
         WHERE component = $1 AND ended_at IS NULL
         RETURNING id, component, message, started_at, ended_at`,
        [component, endedAt ?? null],
    );
    return rows[0] === undefined ? undefined : toOutage(rows[0]);
}

/** The most recent outages, newest first (open and closed). */
export async function listOutages(db: SqlExecutor, limit: number): Promise<Outage[]> {
    if (!Number.isSafeInteger(limit) || limit < 0) {
        throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
    }
    const rows = await db.query<OutageRow>(
        `SELECT id, component, message, started_at, ended_at FROM outages
         ORDER BY started_at DESC, id DESC LIMIT $1`,
        [limit],
    );
    return rows.map(toOutage);
}
