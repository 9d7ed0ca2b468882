import type { DigestAlgorithm } from '@court-ledger/chaincode';
import type { SqlExecutor } from './db.js';
import type { AnchorRecord, EvidenceRecord } from './records.js';

export type { DigestAlgorithm };

/** An evidence record as projected. */
export interface IndexedEvidence {
    /** The chaincode's record, exactly as in the last event for this evidence. */
    readonly record: EvidenceRecord;
    /** Block of the event that created the row (the submission). */
    readonly blockNumber: number;
    /** Block of the last event that changed the row. */
    readonly updatedBlock: number;
}

/** An anchor batch recorded on the ledger: the chaincode's fields, plus where and how much of it is here. */
export type IndexedBatch = Omit<AnchorRecord, 'recordedBy'> & {
    readonly blockNumber: number;
    /** The chaincode's record. */
    readonly record: AnchorRecord;
    /** Items of this batch held in this gateway's queue (0 for batches sealed by another gateway). */
    readonly itemCount: number;
};

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

/** A row of `anchor_batches` as read (the rebuild reads a subset of the columns). */
export interface BatchRow {
    batch_id: string;
    root_hash: string;
    tree_size: number;
    kinds: string[];
    sources: string[];
    tx_id: string;
    block_number: number;
    recorded_at: Date;
    record: AnchorRecord;
    item_count: number;
}

/** A recorded anchor batch with the number of local queue items in it. */
export async function batchById(db: SqlExecutor, batchId: string): Promise<IndexedBatch | undefined> {
    const rows = await db.query<BatchRow>(
        `SELECT b.*, (SELECT count(*) FROM anchor_items i WHERE i.batch_id = b.batch_id) AS item_count
         FROM anchor_batches b WHERE b.batch_id = $1`,
        [batchId],
    );
    const row = rows[0];
    return row === undefined
        ? undefined
        : {
              batchId: row.batch_id,
              rootHash: row.root_hash,
              treeSize: row.tree_size,
              kinds: row.kinds,
              sources: row.sources,
              txId: row.tx_id,
              blockNumber: row.block_number,
              recordedAt: row.recorded_at.toISOString(),
              record: row.record,
              itemCount: row.item_count,
          };
}
