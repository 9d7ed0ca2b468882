import type { GuaranteeRecord, GuaranteeStatus, PreservationRecord } from '@court-ledger/chaincode';
import type { BlockLocator } from '../../platform/ledger/block-locator';
import type { GuaranteeViewBody, PreservationViewBody } from './schemas';

async function withBlocks<T extends { readonly txId: string }>(
    entries: readonly T[],
    blocks: BlockLocator,
): Promise<(T & { blockNumber: number })[]> {
    const numbers = await Promise.all(entries.map((entry) => blocks.blockOf(entry.txId)));
    return entries.map((entry, i) => ({ ...entry, blockNumber: numbers[i] ?? -1 }));
}

/** The API view of a preservation application: the record, every step with the block of its transaction. */
export async function preservationView(
    record: PreservationRecord,
    blocks: BlockLocator,
): Promise<PreservationViewBody> {
    const [blockNumber, history] = await Promise.all([blocks.blockOf(record.txId), withBlocks(record.history, blocks)]);
    return { ...record, supplements: [...record.supplements], reviews: [...record.reviews], history, blockNumber };
}

/**
 * The API view of a letter of guarantee: the record, its version history and every step, each with the block
 * of its transaction, and its `effectiveStatus` (from `guarantee:get`, or for the record a write returned the
 * chaincode's `effectiveStatus(record, txTime)`).
 */
export async function guaranteeView(
    record: GuaranteeRecord,
    blocks: BlockLocator,
    status: GuaranteeStatus,
): Promise<GuaranteeViewBody> {
    const [blockNumber, versions, history] = await Promise.all([
        blocks.blockOf(record.txId),
        withBlocks(record.versions, blocks),
        withBlocks(record.history, blocks),
    ]);
    return { ...record, effectiveStatus: status, versions, history, blockNumber };
}
