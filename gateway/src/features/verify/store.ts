import type { DigestAlgorithm } from '@court-ledger/chaincode';
import { itemBatchIdSql } from '../../platform/anchor-queue/queue-store';
import type { SqlExecutor } from '../../platform/store/db';
import type { VerifyRecord } from './verify-cache';

const EVIDENCE: Readonly<Record<DigestAlgorithm, string>> = {
    sha256: `SELECT record->>'submittedAt' AS time, tx_id, block_number FROM evidence
             WHERE sha256 = $1 ORDER BY submitted_at, evidence_id`,
    sm3: `SELECT record->>'submittedAt' AS time, tx_id, block_number FROM evidence
          WHERE sm3 = $1 ORDER BY submitted_at, evidence_id`,
};

/** An item of the anchoring queue is public once its batch is on the ledger (projected). */
const ANCHORED = `
    WITH i AS MATERIALIZED (
        SELECT a.kind, ${itemBatchIdSql('a')} AS batch_id FROM anchor_items a WHERE a.digest = decode($1, 'hex')
    )
    SELECT i.kind, b.recorded_at, b.tx_id, b.block_number, b.batch_id
    FROM i JOIN anchor_batches b ON b.batch_id = i.batch_id`;

interface EvidenceRow {
    time: string;
    tx_id: string;
    block_number: number;
}

interface AnchoredRow {
    kind: string;
    recorded_at: Date;
    tx_id: string;
    block_number: number;
    batch_id: string;
}

/**
 * The public facts the index holds about a digest (lower-case hex): evidence submitted with it, oldest first,
 * then (SHA-256 only) the anchored queue item with that digest.
 */
export async function publicRecords(
    db: SqlExecutor,
    algorithm: DigestAlgorithm,
    digest: string,
): Promise<VerifyRecord[]> {
    const hex = digest.toLowerCase();
    const evidence = await db.query<EvidenceRow>(EVIDENCE[algorithm], [hex]);
    const records: VerifyRecord[] = evidence.map((row) => ({
        kind: 'evidence',
        time: row.time,
        txId: row.tx_id,
        blockNumber: row.block_number,
    }));
    if (algorithm === 'sha256') {
        for (const row of await db.query<AnchoredRow>(ANCHORED, [hex])) {
            records.push({
                kind: row.kind,
                time: row.recorded_at.toISOString(),
                txId: row.tx_id,
                blockNumber: row.block_number,
                batchId: row.batch_id,
            });
        }
    }
    return records;
}
