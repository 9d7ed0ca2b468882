import { randomBytes } from 'node:crypto';
import { MAX_TAGS } from '@court-ledger/chaincode';
import type { SqlDatabase, SqlExecutor } from '../store/db';

/**
 * The gateway-local anchoring queue. An item's state is derived, never stored twice:
 * `pending` while it has no batch or its batch is not (yet) in the `anchor_batches` projection,
 * `anchored` once the ledger's `AnchorRecorded` event for its batch has been projected.
 *
 * Sealing is by range: a batch plan records the contiguous range `first_seq…last_seq` of arrival numbers it
 * took, and an item with no `batch_id` belongs to the plan whose range holds its `seq` (its leaf index is its
 * rank in that range), so sealing writes one plan row instead of rewriting every item. Ranges follow each
 * other: everything after the last range's end is unsealed. Items carrying their own `batch_id` and
 * `leaf_index` (sealed per row by earlier versions, or restored from batch files) belong to that batch and to
 * no range.
 */

/** SQL: the batch id of queue item `alias` (its own, or that of the range holding it), NULL while unsealed. */
export function itemBatchIdSql(alias: string): string {
    // Ranges are disjoint: the first one ending at or after the seq holds it iff it starts at or before it.
    return `COALESCE(${alias}.batch_id, (SELECT r.batch_id FROM anchor_batch_plans r
        WHERE ${alias}.batch_id IS NULL AND r.last_seq >= ${alias}.seq AND r.first_seq <= ${alias}.seq
        ORDER BY r.last_seq LIMIT 1))`;
}

/**
 * SQL: the items of the batch whose id is the expression `batchId`, as a subquery `members(digest, kind,
 * source_sub, ord)` in which `ord` sorts them in leaf order.
 */
export function batchMembersSql(batchId: string): string {
    return `(SELECT i.digest, i.kind, i.source_sub, i.seq AS ord
             FROM anchor_batch_plans p JOIN anchor_items i
               ON i.batch_id IS NULL AND i.seq BETWEEN p.first_seq AND p.last_seq
             WHERE p.batch_id = ${batchId}
             UNION ALL
             SELECT i.digest, i.kind, i.source_sub, i.leaf_index AS ord FROM anchor_items i
             WHERE i.batch_id = ${batchId}) AS members`;
}

/** SQL: the first arrival number after the sealed ranges (everything from it on, without a batch id, waits). */
const UNSEALED_FROM = `(SELECT COALESCE(max(last_seq), 0) + 1 FROM anchor_batch_plans)`;

/** A digest to anchor. */
export interface PendingItemInput {
    /** 32 bytes (SHA-256 of the anchored object). */
    readonly digest: Buffer;
    /** What the digest is of (e.g. `evidence`, `document`); recorded in the batch's `kinds`. */
    readonly kind: string;
    /** Caller's reference (evidence id, upload id…), gateway-local. */
    readonly ref?: string | undefined;
    /** Principal (`sub`) that submitted it; recorded in the batch's `sources`. */
    readonly source: string;
}

/** Derived anchoring state of a queue item. */
export type AnchorItemState = 'pending' | 'anchored';

/** Result of {@link addPendingItems} for one input item (same order as the input). */
export interface AddedItem {
    /** Lower-case hex. */
    readonly digest: string;
    readonly status: AnchorItemState;
    /** Set when the item (added earlier) is already sealed into a batch. */
    readonly batchId?: string;
}

/** A sealed batch: leaf order is fixed; the batcher builds the tree from `digests`. */
export interface BatchPlan {
    readonly batchId: string;
    readonly treeSize: number;
    /** `treeSize * 32` bytes, leaf 0 first. */
    readonly digests: Buffer;
    /** Distinct item kinds, sorted (the anchor record's `kinds`). */
    readonly kinds: readonly string[];
    /** Distinct item sources (principal ids), sorted (the anchor record's `sources`). */
    readonly sources: readonly string[];
    /** Set once {@link recordPlanRoot} stored it. */
    readonly rootHash?: string;
    /** ISO 8601. */
    readonly sealedAt: string;
}

/** Everything the index knows about one queued digest (for receipts and status endpoints). */
export interface ItemStatus {
    readonly status: AnchorItemState;
    readonly kind: string;
    readonly ref?: string;
    readonly source: string;
    /** ISO 8601. */
    readonly receivedAt: string;
    readonly batchId?: string;
    readonly leafIndex?: number;
    readonly treeSize?: number;
    readonly rootHash?: string;
    /** Ledger transaction that recorded the batch (anchored only). */
    readonly txId?: string;
    readonly blockNumber?: number;
    /** When the ledger recorded the batch (anchored only; ISO 8601 from the chaincode record). */
    readonly recordedAt?: string;
}

/** Items per INSERT statement; larger calls are split, inside one transaction. */
export const INSERT_CHUNK = 10_000;

const HEX32 = /^[0-9a-f]{64}$/;

// The state of already-queued items is read with per-row primary-key lookups (scalar subqueries are never
// turned into joins), so the plan cannot degrade when statistics are stale (e.g. just after a large seal, or
// on PGlite, which has no autovacuum). Rows inserted by this statement are invisible to it: they are new,
// hence pending.
const INSERT_ITEMS = `
    WITH input AS (
        SELECT decode(hex, 'hex') AS digest, kind, ref, source, ord
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(hex, kind, ref, source, ord)
    ), inserted AS (
        INSERT INTO anchor_items (digest, kind, ref, source_sub)
        SELECT digest, kind, ref, source FROM input ORDER BY ord
        ON CONFLICT (digest) DO NOTHING
    ), existing AS (
        SELECT ord, (SELECT ${itemBatchIdSql('a')} FROM anchor_items a WHERE a.digest = input.digest) AS batch_id
        FROM input
    )
    SELECT (ord - 1)::integer AS position, batch_id,
           EXISTS (SELECT 1 FROM anchor_batches b WHERE b.batch_id = existing.batch_id) AS anchored
    FROM existing WHERE batch_id IS NOT NULL`;

interface ExistingRow {
    position: number;
    batch_id: string;
    anchored: boolean;
}

/**
 * Queues digests for anchoring inside the caller's transaction (`tx` must be one: it holds the queue lock
 * shared until it ends); idempotent on the digest (an existing item keeps its kind, ref, source and state).
 * Each chunk of {@link INSERT_CHUNK} items is one `INSERT … SELECT FROM unnest(…)` statement.
 *
 * @returns one entry per input item, in input order
 */
export async function queueItems(tx: SqlExecutor, items: readonly PendingItemInput[]): Promise<AddedItem[]> {
    const hexes = items.map((item, index) => {
        if (!Buffer.isBuffer(item.digest) || item.digest.length !== 32) {
            throw new RangeError(`item ${index}: digest must be a 32-byte Buffer`);
        }
        return item.digest.toString('hex');
    });
    const results: AddedItem[] = hexes.map((digest) => ({ digest, status: 'pending' }));
    if (items.length > 0) {
        await tx.query(QUEUE_LOCK_SHARED);
    }
    for (let start = 0; start < items.length; start += INSERT_CHUNK) {
        const chunk = items.slice(start, start + INSERT_CHUNK);
        const rows = await tx.query<ExistingRow>(INSERT_ITEMS, [
            hexes.slice(start, start + INSERT_CHUNK),
            chunk.map((item) => item.kind),
            chunk.map((item) => item.ref ?? null),
            chunk.map((item) => item.source),
        ]);
        for (const row of rows) {
            const index = start + row.position;
            results[index] = {
                digest: hexes[index] ?? '',
                status: row.anchored ? 'anchored' : 'pending',
                batchId: row.batch_id,
            };
        }
    }
    return results;
}

/**
 * Queues digests for anchoring ({@link queueItems}) in a transaction of their own.
 *
 * @returns one entry per input item, in input order
 */
export async function addPendingItems(db: SqlDatabase, items: readonly PendingItemInput[]): Promise<AddedItem[]> {
    return items.length === 0 ? [] : db.transaction((tx) => queueItems(tx, items));
}

/** A new batch id: `b_` + UTC time (ms, compact ISO 8601) + 48 random bits, so ids sort by sealing time. */
export function newBatchId(now: Date = new Date()): string {
    return `b_${now.toISOString().replace(/[-:.]/g, '')}_${randomBytes(6).toString('hex')}`;
}

// The queue lock: sealers take it exclusively, writers of new items share it, both for their transaction and in
// a statement of its own. A range seal must never pass over an item that is not yet committed (its identity
// `seq` is drawn before it commits): holding the lock exclusively, the sealer's next statement (READ
// COMMITTED: a new snapshot) sees every item whose seq was drawn, and concurrent sealers (several gateways on
// one server) take turns, so no item lands in two batches.
const QUEUE_LOCK_KEY = `hashtext('court-ledger/index/seal/' || current_schema())`;
const SEAL_LOCK = `SELECT pg_advisory_xact_lock(${QUEUE_LOCK_KEY})`;
const QUEUE_LOCK_SHARED = `SELECT pg_advisory_xact_lock_shared(${QUEUE_LOCK_KEY})`;

// The anchor record lists the batch's distinct kinds and sources, and the chaincode accepts at most MAX_TAGS
// of each: a batch is the longest run of the oldest unsealed items, up to $2, whose kinds and sources are
// among the first MAX_TAGS to appear; it ends before the first item that would bring one more (that item
// starts the next batch, so the oldest item is always taken). The run is contiguous in `seq`, so the plan
// records it as a range and no item row is written. The cut is where the (MAX_TAGS+1)-th kind or source first
// appears, found from hash aggregates of first appearances (no sort of the run, which window functions over it
// needed: 2.4× the CPU of a 100,000-item seal on PGlite); the batch's kinds and sources come from the same
// aggregates.
const SEAL = `
    WITH oldest AS MATERIALIZED (
        SELECT seq, digest, kind, source_sub FROM anchor_items
        WHERE batch_id IS NULL AND seq >= ${UNSEALED_FROM} ORDER BY seq LIMIT $2
    ), kinds AS MATERIALIZED (
        SELECT kind, min(seq) AS first FROM oldest GROUP BY kind
    ), sources AS MATERIALIZED (
        SELECT source_sub, min(seq) AS first FROM oldest GROUP BY source_sub
    ), cut AS (
        SELECT COALESCE(LEAST((SELECT first FROM kinds ORDER BY first OFFSET $3 LIMIT 1),
                              (SELECT first FROM sources ORDER BY first OFFSET $3 LIMIT 1)),
                        9223372036854775807) AS at
    ), picked AS (
        SELECT seq, digest FROM oldest WHERE seq < (SELECT at FROM cut)
    ), plan AS (
        INSERT INTO anchor_batch_plans (batch_id, tree_size, first_seq, last_seq)
        SELECT $1, count(*), min(seq), max(seq) FROM picked HAVING count(*) > 0
        RETURNING sealed_at
    )
    SELECT count(*)::integer AS n, string_agg(digest, ''::bytea ORDER BY seq) AS digests,
           (SELECT array_agg(kind ORDER BY kind) FROM kinds WHERE first < (SELECT at FROM cut)) AS kinds,
           (SELECT array_agg(source_sub ORDER BY source_sub) FROM sources WHERE first < (SELECT at FROM cut)) AS sources,
           (SELECT sealed_at FROM plan) AS sealed_at
    FROM picked`;

interface SealRow {
    n: number;
    digests: Buffer | null;
    kinds: string[] | null;
    sources: string[] | null;
    sealed_at: Date | null;
}

/**
 * Atomically seals the oldest unsealed items (arrival order: call order, then position in the call) into a new
 * batch, leaf indexes 0…n-1 in that order, recorded as one plan row holding their range (see the top of this
 * file). Concurrent sealers take turns on the queue lock, so no item lands in two batches.
 *
 * @returns the plan, or undefined when nothing waits
 */
export async function sealNextBatch(db: SqlDatabase, maxItems: number): Promise<BatchPlan | undefined> {
    if (!Number.isSafeInteger(maxItems) || maxItems < 1 || maxItems > 2 ** 31 - 1) {
        throw new RangeError(`maxItems must be a positive 32-bit integer, got ${maxItems}`);
    }
    const batchId = newBatchId();
    return db.transaction(async (tx) => {
        await tx.query(SEAL_LOCK);
        const [row] = await tx.query<SealRow>(SEAL, [batchId, maxItems, MAX_TAGS]);
        if (row === undefined || row.n === 0 || row.digests === null || row.sealed_at === null) {
            return undefined;
        }
        if (row.digests.length !== row.n * 32) {
            throw new Error(`sealed ${row.n} items but got ${row.digests.length} digest bytes`);
        }
        return {
            batchId,
            treeSize: row.n,
            digests: row.digests,
            kinds: row.kinds ?? [],
            sources: row.sources ?? [],
            sealedAt: row.sealed_at.toISOString(),
        };
    });
}

/**
 * Stores the root the batcher computed for a sealed batch (before submitting it to the ledger).
 * Idempotent; throws if the plan is unknown, `treeSize` differs or another root was stored.
 */
export async function recordPlanRoot(
    db: SqlExecutor,
    batchId: string,
    rootHash: Buffer | string,
    treeSize: number,
): Promise<void> {
    const root = typeof rootHash === 'string' ? rootHash.toLowerCase() : rootHash.toString('hex');
    if (!HEX32.test(root)) {
        throw new RangeError('rootHash must be 32 bytes of hex');
    }
    const rows = await db.query<{ tree_size: number; root_hash: string | null; updated: boolean }>(
        `WITH updated AS (
             UPDATE anchor_batch_plans SET root_hash = $2
             WHERE batch_id = $1 AND tree_size = $3 AND (root_hash IS NULL OR root_hash = $2)
             RETURNING batch_id
         )
         SELECT p.tree_size, p.root_hash, EXISTS (SELECT 1 FROM updated) AS updated
         FROM anchor_batch_plans p WHERE p.batch_id = $1`,
        [batchId, root, treeSize],
    );
    const row = rows[0];
    if (row === undefined) {
        throw new Error(`no sealed batch ${batchId}`);
    }
    if (!row.updated) {
        throw new Error(
            row.tree_size === treeSize
                ? `batch ${batchId} already has root ${String(row.root_hash)}`
                : `batch ${batchId} has ${row.tree_size} items, not ${treeSize}`,
        );
    }
}

interface PlanRow {
    batch_id: string;
    tree_size: number;
    root_hash: string | null;
    sealed_at: Date;
    digests: Buffer | null;
    kinds: string[] | null;
    sources: string[] | null;
}

/**
 * Sealed batches whose `AnchorRecorded` event has not been projected, oldest first, with their digests.
 * After a crash the batcher resubmits them (the same batchId makes the ledger write idempotent).
 */
export async function unconfirmedPlans(db: SqlExecutor): Promise<BatchPlan[]> {
    const rows = await db.query<PlanRow>(
        `SELECT p.batch_id, p.tree_size, p.root_hash, p.sealed_at, i.digests, i.kinds, i.sources
         FROM anchor_batch_plans p
         LEFT JOIN LATERAL (
             SELECT string_agg(digest, ''::bytea ORDER BY ord) AS digests,
                    array_agg(DISTINCT kind ORDER BY kind) AS kinds,
                    array_agg(DISTINCT source_sub ORDER BY source_sub) AS sources
             FROM ${batchMembersSql('p.batch_id')}
         ) AS i ON true
         WHERE NOT EXISTS (SELECT 1 FROM anchor_batches b WHERE b.batch_id = p.batch_id)
         ORDER BY p.batch_id`,
    );
    return rows.map((row) => ({
        batchId: row.batch_id,
        treeSize: row.tree_size,
        digests: row.digests ?? Buffer.alloc(0),
        kinds: row.kinds ?? [],
        sources: row.sources ?? [],
        ...(row.root_hash === null ? {} : { rootHash: row.root_hash }),
        sealedAt: row.sealed_at.toISOString(),
    }));
}

/** The digests of a batch's local items in leaf order (`n * 32` bytes; empty if none). */
export async function batchDigests(db: SqlExecutor, batchId: string): Promise<Buffer> {
    const [row] = await db.query<{ digests: Buffer | null }>(
        `SELECT string_agg(digest, ''::bytea ORDER BY ord) AS digests FROM ${batchMembersSql('$1')}`,
        [batchId],
    );
    return row?.digests ?? Buffer.alloc(0);
}

interface StatusRow {
    kind: string;
    ref: string | null;
    source_sub: string;
    received_at: Date;
    batch_id: string | null;
    leaf_index: number | null;
    plan_tree_size: number | null;
    plan_root_hash: string | null;
    tree_size: number | null;
    root_hash: string | null;
    tx_id: string | null;
    block_number: number | null;
    recorded_at: Date | null;
}

function defined<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
    return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The state of one queued digest (hex, either case), or undefined if it was never queued here. */
export async function itemStatus(db: SqlExecutor, digestHex: string): Promise<ItemStatus | undefined> {
    const hex = digestHex.toLowerCase();
    if (!HEX32.test(hex)) {
        throw new RangeError('digest must be 32 bytes of hex');
    }
    const [row] = await db.query<StatusRow>(
        // The item's batch is computed first (MATERIALIZED), so the plan is then joined by its primary key.
        `WITH i AS MATERIALIZED (
             SELECT a.*, ${itemBatchIdSql('a')} AS derived_batch_id FROM anchor_items a WHERE a.digest = decode($1, 'hex')
         )
         SELECT i.kind, i.ref, i.source_sub, i.received_at, COALESCE(i.batch_id, p.batch_id) AS batch_id,
                COALESCE(i.leaf_index, CASE
                    WHEN p.first_seq IS NULL OR i.batch_id IS NOT NULL THEN NULL
                    -- No gap in the range (the usual case): the leaf index is the distance from its start.
                    WHEN p.last_seq - p.first_seq + 1 = p.tree_size THEN (i.seq - p.first_seq)::integer
                    ELSE (SELECT count(*)::integer FROM anchor_items x
                          WHERE x.batch_id IS NULL AND x.seq >= p.first_seq AND x.seq < i.seq)
                END) AS leaf_index,
                p.tree_size AS plan_tree_size, p.root_hash AS plan_root_hash,
                b.tree_size, b.root_hash, b.tx_id, b.block_number, b.recorded_at
         FROM i
         LEFT JOIN anchor_batch_plans p ON p.batch_id = i.derived_batch_id
         LEFT JOIN anchor_batches b ON b.batch_id = i.derived_batch_id`,
        [hex],
    );
    if (row === undefined) {
        return undefined;
    }
    return {
        status: row.tx_id === null ? 'pending' : 'anchored',
        kind: row.kind,
        ...defined('ref', row.ref),
        source: row.source_sub,
        receivedAt: row.received_at.toISOString(),
        ...defined('batchId', row.batch_id),
        ...defined('leafIndex', row.leaf_index),
        ...defined('treeSize', row.tree_size ?? row.plan_tree_size),
        ...defined('rootHash', row.root_hash ?? row.plan_root_hash),
        ...defined('txId', row.tx_id),
        ...defined('blockNumber', row.block_number),
        ...defined('recordedAt', row.recorded_at?.toISOString() ?? null),
    };
}

/** Items not yet anchored: unassigned ones plus those in sealed, unconfirmed batches. */
export async function pendingCount(db: SqlExecutor): Promise<number> {
    const [row] = await db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM anchor_items WHERE batch_id IS NULL AND seq >= ${UNSEALED_FROM})
              + COALESCE((SELECT sum(p.tree_size) FROM anchor_batch_plans p
                          WHERE NOT EXISTS (SELECT 1 FROM anchor_batches b WHERE b.batch_id = p.batch_id)), 0) AS n`,
    );
    return row?.n ?? 0;
}

/** Items not yet sealed into a batch (what the batcher's size trigger compares with its maximum). */
export async function unassignedCount(db: SqlExecutor): Promise<number> {
    const [row] = await db.query<{ n: number }>(
        `SELECT count(*) AS n FROM anchor_items WHERE batch_id IS NULL AND seq >= ${UNSEALED_FROM}`,
    );
    return row?.n ?? 0;
}
