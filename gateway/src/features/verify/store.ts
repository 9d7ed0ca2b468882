import type { DigestAlgorithm } from '@court-ledger/chaincode';
import type { AnchorQueue } from '../../platform/anchor-queue/anchor-queue';
import type { SqlExecutor } from '../../platform/store/db';
import type { VerifyRecord } from './verify-cache';

const EVIDENCE: Readonly<Record<DigestAlgorithm, string>> = {
    sha256: `SELECT record->>'submittedAt' AS time, tx_id, block_number FROM evidence
             WHERE sha256 = $1 ORDER BY submitted_at, evidence_id`,
    sm3: `SELECT record->>'submittedAt' AS time, tx_id, block_number FROM evidence
          WHERE sm3 = $1 ORDER BY submitted_at, evidence_id`,
};

interface EvidenceRow {
    time: string;
    tx_id: string;
    block_number: number;
}

/**
 * The public facts the index holds about a digest (lower-case hex): evidence submitted with it, oldest first,
 * then (SHA-256 only) the anchored queue item with that digest.
 */
export async function publicRecords(
    db: SqlExecutor,
    queue: Pick<AnchorQueue, 'itemStatus'>,
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
        // An item of the anchoring queue is public once its batch is on the ledger (projected).
        const item = await queue.itemStatus(hex);
        if (item?.status === 'anchored' && item.recordedAt !== undefined && item.txId !== undefined) {
            records.push({
                kind: item.kind,
                time: item.recordedAt,
                txId: item.txId,
                blockNumber: item.blockNumber ?? 0,
                ...(item.batchId === undefined ? {} : { batchId: item.batchId }),
            });
        }
    }
    return records;
}
