/**
 * Set-based projection statements. Each takes one parameter: a JSON array of `{"b": block, "t": txId,
 * "r": record}` in ledger order (one chunk of events of one kind), and writes the same rows as applying
 * the events one at a time would: the last record of each key wins, a row's first block is kept.
 */

const INPUT = `
    input AS (
        SELECT (x->>'b')::bigint AS block, x->>'t' AS tx_id, x->'r' AS r, ord
        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS u(x, ord)
    )`;

/** Evidence rows from `EvidenceSubmitted` / `EvidenceCustody` records. */
export const UPSERT_EVIDENCE = `
    WITH ${INPUT}, latest AS (
        SELECT DISTINCT ON (r->>'evidenceId') r, block AS updated_block,
               min(block) OVER (PARTITION BY r->>'evidenceId') AS first_block
        FROM input ORDER BY r->>'evidenceId', ord DESC
    )
    INSERT INTO evidence (evidence_id, case_id, sha256, sm3, size, media_type, submitter_sub, submitter_role,
                          status, submitted_at, tx_id, block_number, updated_block, record)
    SELECT r->>'evidenceId', r->>'caseId', r->'digests'->>'sha256', r->'digests'->>'sm3', (r->>'size')::bigint,
           r->>'mediaType', r->'submitter'->>'sub', r->'submitter'->>'role', r->>'status',
           (r->>'submittedAt')::timestamptz, r->>'txId', first_block, updated_block, r
    FROM latest
    ON CONFLICT (evidence_id) DO UPDATE SET
        case_id = excluded.case_id, sha256 = excluded.sha256, sm3 = excluded.sm3, size = excluded.size,
        media_type = excluded.media_type, submitter_sub = excluded.submitter_sub,
        submitter_role = excluded.submitter_role, status = excluded.status, submitted_at = excluded.submitted_at,
        tx_id = excluded.tx_id, updated_block = excluded.updated_block, record = excluded.record`;

/**
 * Custody rows mirror the last record's `custody` array (seq = position). An entry's block is the block of
 * the event of its own transaction (`txId`), once that event has been applied; deterministic on replay.
 */
export const REPLACE_CUSTODY = `
    WITH ${INPUT}, latest AS (
        SELECT DISTINCT ON (r->>'evidenceId') r->>'evidenceId' AS evidence_id,
               COALESCE(r->'custody', '[]'::jsonb) AS custody
        FROM input ORDER BY r->>'evidenceId', ord DESC
    ), tx_blocks AS (
        SELECT DISTINCT ON (tx_id) tx_id, block FROM input ORDER BY tx_id, ord
    ), entries AS (
        SELECT l.evidence_id, (t.ord - 1)::integer AS seq, t.e
        FROM latest l CROSS JOIN LATERAL jsonb_array_elements(l.custody) WITH ORDINALITY AS t(e, ord)
    ), trimmed AS (
        DELETE FROM evidence_custody c USING latest l
        WHERE c.evidence_id = l.evidence_id AND c.seq >= jsonb_array_length(l.custody)
    )
    INSERT INTO evidence_custody (evidence_id, seq, event, status, actor_sub, actor_role, note_sha256, at, tx_id,
                                  block_number)
    SELECT n.evidence_id, n.seq, e->>'event', e->>'status', e->'actor'->>'sub', e->'actor'->>'role',
           e->>'noteSha256', (e->>'at')::timestamptz, e->>'txId', b.block
    FROM entries n LEFT JOIN tx_blocks b ON b.tx_id = n.e->>'txId'
    ON CONFLICT (evidence_id, seq) DO UPDATE SET
        event = excluded.event, status = excluded.status, actor_sub = excluded.actor_sub,
        actor_role = excluded.actor_role, note_sha256 = excluded.note_sha256, at = excluded.at,
        tx_id = excluded.tx_id,
        block_number = CASE WHEN excluded.tx_id = evidence_custody.tx_id
                            THEN COALESCE(evidence_custody.block_number, excluded.block_number)
                            ELSE excluded.block_number END`;

/** Anchor batches from `AnchorRecorded` records. */
export const UPSERT_BATCHES = `
    WITH ${INPUT}, latest AS (
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
