import { EVENT_NAMES } from '@court-ledger/chaincode';
import type { IndexChange, ProjectionHandler } from '../../platform/store/projection';
import { PROJECTION_INPUT, projectionParam } from '../../platform/store/projection-sql';

/** Anchor batches from `AnchorRecorded` records. */
const UPSERT_BATCHES = `
    WITH ${PROJECTION_INPUT}, latest AS (
        SELECT DISTINCT ON (r->>'batchId') r, block, tx_id FROM input ORDER BY r->>'batchId', ord DESC
    )
    INSERT INTO anchor_batches (batch_id, root_hash, tree_size, kinds, sources, tx_id, block_number, recorded_at,
                                record)
    SELECT r->>'batchId', r->>'rootHash', (r->>'treeSize')::bigint,
           ARRAY(SELECT jsonb_array_elements_text(r->'kinds')), ARRAY(SELECT jsonb_array_elements_text(r->'sources')),
           COALESCE(r->>'txId', tx_id), block, (r->>'recordedAt')::timestamptz, r
    FROM latest
    ON CONFLICT (batch_id) DO UPDATE SET
        root_hash = excluded.root_hash, tree_size = excluded.tree_size, kinds = excluded.kinds,
        sources = excluded.sources, tx_id = excluded.tx_id, block_number = excluded.block_number,
        recorded_at = excluded.recorded_at, record = excluded.record`;

/**
 * Anchoring: `AnchorRecorded` records the batch; the items of that batch in the gateway's anchoring queue then
 * read as `anchored` (their state is derived from this table, never stored twice).
 */
export const anchorProjection: ProjectionHandler = {
    name: 'anchoring',
    events: [EVENT_NAMES.anchorRecorded],
    tables: ['anchor_batches'],
    async project(tx, events) {
        await tx.query(UPSERT_BATCHES, [projectionParam(events)]);
    },
};

/** The batches a committed change recorded (their items turned `anchored`). */
export function recordedBatchIds(change: IndexChange): string[] {
    const ids = change.projected
        .filter((p) => p.event.name === EVENT_NAMES.anchorRecorded)
        .map((p) => p.record.batchId)
        .filter((id): id is string => typeof id === 'string');
    return [...new Set(ids)];
}
