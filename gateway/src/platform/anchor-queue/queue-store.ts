import { randomBytes } from 'node:crypto';
import { MAX_TAGS } from '@court-ledger/chaincode';
import type { SqlDatabase, SqlExecutor } from '../store/db';

/**
 * The gateway-local anchoring queue. An item's state is derived, never stored twice:
 * `pending` while it has no batch or its batch is not (yet) in the `anchor_batches` projection,
 * `anchored` once the ledger's `AnchorRecorded` event for its batch has been projected.
 */

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
        SELECT ord, (SELECT a.batch_id FROM anchor_items a WHERE a.digest = input.digest) AS batch_id FROM input
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
 * Queues digests for anchoring inside the caller's transaction; idempotent on the digest (an existing item
 * keeps its kind, ref, source and state). Each chunk of {@link INSERT_CHUNK} items is one
 * `INSERT … SELECT FROM unnest(…)` statement.
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
 * Queues digests for anchoring ({@link queueItems}): one statement for up to {@link INSERT_CHUNK} items, one
 * transaction for more.
 *
 * @returns one entry per input item, in input order
 */
export async function addPendingItems(db: SqlDatabase, items: readonly PendingItemInput[]): Promise<AddedItem[]> {
    return items.length <= INSERT_CHUNK ? queueItems(db, items) : db.transaction((tx) => queueItems(tx, items));
}

/** A new batch id: `b_` + UTC time (ms, compact ISO 8601) + 48 random bits, so ids sort by sealing time. */
export function newBatchId(now: Date = new Date()): string {
    return `b_${now.toISOString().replace(/[-:.]/g, '')}_${randomBytes(6).toString('hex')}`;
}

// Sealers on one database are serialised by a transaction-scoped advisory lock taken in a statement of its
// own, so under READ COMMITTED this statement's snapshot already sees any batch sealed just before. (Row
// locks, FOR UPDATE SKIP LOCKED, would cost an extra write of every sealed row.) `seq` is an identity
// column giving arrival order; the UPDATE joins on the primary key (digest), so whatever the statistics say,
// the planner has an index for it (a join on `seq` once degraded to a 3-minute nested loop after ANALYZE).
const SEAL_LOCK = `SELECT pg_advisory_xact_lock(hashtext('court-ledger/index/seal/' || current_schema()))`;

// The anchor record lists the batch's distinct kinds and sources, and the chaincode accepts at most
// MAX_TAGS of each: among the oldest unassigned items, only those whose kind and source are among the first
// MAX_TAGS to appear are taken; the others wait for the next batch (the oldest item is always taken).
const SEAL = `
    WITH oldest AS (
        SELECT seq, digest, kind, source_sub,
               min(seq) OVER (PARTITION BY kind) AS kind_first,
               min(seq) OVER (PARTITION BY source_sub) AS source_first
        FROM (SELECT seq, digest, kind, source_sub FROM anchor_items WHERE batch_id IS NULL ORDER BY seq LIMIT $2) AS o
    ), ranked AS (
        SELECT seq, digest, dense_rank() OVER (ORDER BY kind_first) AS kind_rank,
               dense_rank() OVER (ORDER BY source_first) AS source_rank
        FROM oldest
    ), picked AS (
        SELECT digest, (row_number() OVER (ORDER BY seq) - 1)::integer AS leaf
        FROM ranked WHERE kind_rank <= $3 AND source_rank <= $3
    ), sealed AS (
        UPDATE anchor_items a SET batch_id = $1, leaf_index = p.leaf
        FROM picked p WHERE a.digest = p.digest AND a.batch_id IS NULL
        RETURNING a.digest, a.leaf_index, a.kind, a.source_sub
    )
    SELECT count(*)::integer AS n, string_agg(digest, ''::bytea ORDER BY leaf_index) AS digests,
           array_agg(DISTINCT kind ORDER BY kind) AS kinds,
           array_agg(DISTINCT source_sub ORDER BY source_sub) AS sources
    FROM sealed`;

interface SealRow {
    n: number;
    digests: Buffer | null;
    kinds: string[] | null;
    sources: string[] | null;
}

/**
 * Atomically assigns the oldest unassigned items (arrival order: call order, then position in the call) to
 * a new batch, with leaf indexes 0…n-1, and records the plan. Concurrent sealers (several gateways on one
 * server) take turns on an advisory lock, so no item lands in two batches.
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
        if (row === undefined || row.n === 0 || row.digests === null) {
            return undefined;
        }
        if (row.digests.length !== row.n * 32) {
            throw new Error(`sealed ${row.n} items but got ${row.digests.length} digest bytes`);
        }
        const [plan] = await tx.query<{ sealed_at: Date }>(
            'INSERT INTO anchor_batch_plans (batch_id, tree_size) VALUES ($1, $2) RETURNING sealed_at',
            [batchId, row.n],
        );
        return {
            batchId,
            treeSize: row.n,
            digests: row.digests,
            kinds: row.kinds ?? [],
            sources: row.sources ?? [],
            sealedAt: (plan?.sealed_at ?? new Date()).toISOString(),
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
             SELECT string_agg(digest, ''::bytea ORDER BY leaf_index) AS digests,
                    array_agg(DISTINCT kind ORDER BY kind) AS kinds,
                    array_agg(DISTINCT source_sub ORDER BY source_sub) AS sources
             FROM anchor_items WHERE batch_id = p.batch_id
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
        `SELECT string_agg(digest, ''::bytea ORDER BY leaf_index) AS digests FROM anchor_items WHERE batch_id = $1`,
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
        `SELECT i.kind, i.ref, i.source_sub, i.received_at, i.batch_id, i.leaf_index,
                p.tree_size AS plan_tree_size, p.root_hash AS plan_root_hash,
                b.tree_size, b.root_hash, b.tx_id, b.block_number, b.recorded_at
         FROM anchor_items i
         LEFT JOIN anchor_batch_plans p ON p.batch_id = i.batch_id
         LEFT JOIN anchor_batches b ON b.batch_id = i.batch_id
         WHERE i.digest = decode($1, 'hex')`,
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
        `SELECT (SELECT count(*) FROM anchor_items WHERE batch_id IS NULL)
              + COALESCE((SELECT sum(p.tree_size) FROM anchor_batch_plans p
                          WHERE NOT EXISTS (SELECT 1 FROM anchor_batches b WHERE b.batch_id = p.batch_id)), 0) AS n`,
    );
    return row?.n ?? 0;
}

/** Items not yet sealed into a batch (what the batcher's size trigger compares with its maximum). */
export async function unassignedCount(db: SqlExecutor): Promise<number> {
    const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM anchor_items WHERE batch_id IS NULL');
    return row?.n ?? 0;
}
