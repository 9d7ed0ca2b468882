import type { SqlDatabase } from '../store/db';
import type { QueueStore } from './queue-store';

interface LegacyPlanRow {
    batch_id: string;
    root_hash: string | null;
    sealed_at: Date;
}

interface LegacyItemRow {
    digest: Buffer;
    kind: string;
    ref: string | null;
    source_sub: string;
    received_at: Date;
}

// The members of a legacy plan in leaf order: items sealed by range (no batch id, seq inside the plan's range)
// or per row (their own batch id and leaf index).
const LEGACY_MEMBERS = `
    SELECT i.digest, i.kind, i.ref, i.source_sub, i.received_at FROM (
        SELECT i.*, i.seq AS ord FROM legacy_anchor_batch_plans p JOIN legacy_anchor_items i
          ON i.batch_id IS NULL AND i.seq BETWEEN p.first_seq AND p.last_seq WHERE p.batch_id = $1
        UNION ALL
        SELECT i.*, i.leaf_index AS ord FROM legacy_anchor_items i WHERE i.batch_id = $1
    ) AS i ORDER BY ord`;

const LEGACY_UNSEALED = `
    SELECT digest, kind, ref, source_sub, received_at FROM legacy_anchor_items
    WHERE batch_id IS NULL AND seq > (SELECT COALESCE(max(last_seq), 0) FROM legacy_anchor_batch_plans)
    ORDER BY seq`;

const sortedDistinct = (values: readonly string[]): string[] => [...new Set(values)].sort();

/**
 * Moves the anchoring queue of an index written by an earlier version (tables `anchor_items` and
 * `anchor_batch_plans`, renamed `legacy_…` by migration 14) into the queue store, then drops those tables: every sealed batch keeps its id, leaf
 * order and root (and is submitted again unless the index shows it recorded), every unsealed item keeps its
 * place in arrival order. Safe to repeat after a crash: the tables are dropped only once everything is stored,
 * and storing is idempotent.
 *
 * @returns the number of items moved (0 when there was nothing to move)
 */
export async function importLegacyQueue(db: SqlDatabase, store: QueueStore): Promise<number> {
    const [table] = await db.query<{ name: string | null }>(`SELECT to_regclass('legacy_anchor_items')::text AS name`);
    if (table?.name == null) {
        return 0;
    }
    let moved = 0;
    const plans = await db.query<LegacyPlanRow>(
        `SELECT batch_id, root_hash, sealed_at FROM legacy_anchor_batch_plans ORDER BY batch_id`,
    );
    for (const plan of plans) {
        const items = await db.query<LegacyItemRow>(LEGACY_MEMBERS, [plan.batch_id]);
        moved += await store.putBatch({
            batchId: plan.batch_id,
            rootHash: plan.root_hash ?? undefined,
            kinds: sortedDistinct(items.map((item) => item.kind)),
            sources: sortedDistinct(items.map((item) => item.source_sub)),
            sealedAt: plan.sealed_at,
            leaves: Buffer.concat(items.map((item) => item.digest)),
            items: items.map((item) => ({
                kind: item.kind,
                ref: item.ref,
                source: item.source_sub,
                receivedAt: item.received_at,
            })),
            open: true,
        });
    }
    const unsealed = await db.query<LegacyItemRow>(LEGACY_UNSEALED);
    // One call per arrival time: items of one request share it, and keep it.
    for (let start = 0; start < unsealed.length;) {
        const at = unsealed[start]?.received_at.getTime();
        let end = start;
        while (end < unsealed.length && unsealed[end]?.received_at.getTime() === at) {
            end += 1;
        }
        const group = unsealed.slice(start, end);
        await store.add(
            group.map((item) => ({
                digest: item.digest,
                kind: item.kind,
                ...(item.ref === null ? {} : { ref: item.ref }),
                source: item.source_sub,
            })),
            new Date(at ?? Date.now()),
        );
        moved += group.length;
        start = end;
    }
    await db.query('DROP TABLE legacy_anchor_items, legacy_anchor_batch_plans');
    return moved;
}
