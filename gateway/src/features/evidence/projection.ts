import { EVENT_NAMES } from '@court-ledger/chaincode';
import type { IndexChange, ProjectionHandler } from '../../platform/store/projection';
import { PROJECTION_INPUT, projectionParam } from '../../platform/store/projection-sql';

/** Evidence rows from `EvidenceSubmitted` / `EvidenceCustody` records. */
const UPSERT_EVIDENCE = `
    WITH ${PROJECTION_INPUT}, latest AS (
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
const REPLACE_CUSTODY = `
    WITH ${PROJECTION_INPUT}, latest AS (
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

/** Evidence: `EvidenceSubmitted` and `EvidenceCustody` upsert the evidence row and mirror its custody trail. */
export const evidenceProjection: ProjectionHandler = {
    name: 'evidence',
    events: [EVENT_NAMES.evidenceSubmitted, EVENT_NAMES.evidenceCustody],
    tables: ['evidence_custody', 'evidence'],
    async project(tx, events) {
        const param = projectionParam(events);
        await tx.query(UPSERT_EVIDENCE, [param]);
        await tx.query(REPLACE_CUSTODY, [param]);
    },
};

/** The evidence a committed index change touched (for caches keyed by id, case or digest). */
export interface EvidenceChanges {
    readonly evidenceIds: readonly string[];
    readonly caseIds: readonly string[];
    /** Lower-case hex SHA-256 digests whose evidence rows changed. */
    readonly sha256: readonly string[];
    /** Lower-case hex SM3 digests whose evidence rows changed. */
    readonly sm3: readonly string[];
    /** `sha256` and `sm3` together (for caches keyed by digest whatever the algorithm). */
    readonly digests: readonly string[];
}

function add(set: Set<string>, value: unknown): void {
    if (typeof value === 'string') {
        set.add(value);
    }
}

/** What a committed change did to evidence rows. */
export function evidenceChanges(change: IndexChange): EvidenceChanges {
    const names: readonly string[] = evidenceProjection.events;
    const evidenceIds = new Set<string>();
    const caseIds = new Set<string>();
    const sha256 = new Set<string>();
    const sm3 = new Set<string>();
    for (const { event, record } of change.projected) {
        if (!names.includes(event.name)) {
            continue;
        }
        add(evidenceIds, record.evidenceId);
        add(caseIds, record.caseId);
        const digests = (record.digests ?? {}) as { sha256?: unknown; sm3?: unknown };
        add(sha256, typeof digests.sha256 === 'string' ? digests.sha256.toLowerCase() : undefined);
        add(sm3, typeof digests.sm3 === 'string' ? digests.sm3.toLowerCase() : undefined);
    }
    return {
        evidenceIds: [...evidenceIds],
        caseIds: [...caseIds],
        sha256: [...sha256],
        sm3: [...sm3],
        digests: [...new Set([...sha256, ...sm3])],
    };
}

/** The gateway-local tables of evidence (custody note texts; kept by a rebuild). */
export const EVIDENCE_LOCAL_TABLES: readonly string[] = ['custody_notes'];
