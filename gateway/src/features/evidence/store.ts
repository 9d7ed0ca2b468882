import type { DigestAlgorithm, EvidenceRecord } from '@court-ledger/chaincode';
import type { SqlExecutor } from '../../platform/store/db';

/** An evidence record as projected. */
export interface IndexedEvidence {
    /** The chaincode's record, exactly as in the last event for this evidence. */
    readonly record: EvidenceRecord;
    /** Block of the event that created the row (the submission). */
    readonly blockNumber: number;
    /** Block of the last event that changed the row. */
    readonly updatedBlock: number;
}

interface EvidenceRow {
    record: EvidenceRecord;
    block_number: number;
    updated_block: number;
}

const EVIDENCE_COLUMNS = 'SELECT record, block_number, updated_block FROM evidence';
const BY_DIGEST: Readonly<Record<DigestAlgorithm, string>> = {
    sha256: `${EVIDENCE_COLUMNS} WHERE sha256 = $1 ORDER BY submitted_at, evidence_id`,
    sm3: `${EVIDENCE_COLUMNS} WHERE sm3 = $1 ORDER BY submitted_at, evidence_id`,
};

function toEvidence(row: EvidenceRow): IndexedEvidence {
    return { record: row.record, blockNumber: row.block_number, updatedBlock: row.updated_block };
}

/** Looks up one evidence record by id. */
export async function evidenceById(db: SqlExecutor, evidenceId: string): Promise<IndexedEvidence | undefined> {
    const rows = await db.query<EvidenceRow>(`${EVIDENCE_COLUMNS} WHERE evidence_id = $1`, [evidenceId]);
    return rows[0] === undefined ? undefined : toEvidence(rows[0]);
}

/** All evidence of a case, oldest submission first. */
export async function evidenceByCase(db: SqlExecutor, caseId: string): Promise<IndexedEvidence[]> {
    const rows = await db.query<EvidenceRow>(
        `${EVIDENCE_COLUMNS} WHERE case_id = $1 ORDER BY submitted_at, evidence_id`,
        [caseId],
    );
    return rows.map(toEvidence);
}

/** All evidence with this digest (hex, any case), oldest submission first. */
export async function evidenceByDigest(
    db: SqlExecutor,
    algorithm: DigestAlgorithm,
    hex: string,
): Promise<IndexedEvidence[]> {
    const sql = BY_DIGEST[algorithm] as string | undefined;
    if (sql === undefined) {
        throw new RangeError(`unknown digest algorithm "${algorithm}"`);
    }
    const rows = await db.query<EvidenceRow>(sql, [hex.toLowerCase()]);
    return rows.map(toEvidence);
}
