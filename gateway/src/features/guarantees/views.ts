import type { GuaranteeRecord, GuaranteeStatus, PreservationRecord } from '@court-ledger/chaincode';
import type { BlockLocator } from '../../platform/ledger/block-locator';
import type { GuaranteeViewBody, PreservationViewBody } from './schemas';

function withBlocks<T extends { readonly txId: string }>(
    entries: readonly T[],
    blocks: ReadonlyMap<string, number>,
): (T & { blockNumber: number })[] {
    return entries.map((entry) => ({ ...entry, blockNumber: blocks.get(entry.txId) ?? -1 }));
}

/**
 * The API view of a preservation application: the record, every step with the block of its transaction (from
 * the index's transaction journal, in one query).
 */
export async function preservationView(
    record: PreservationRecord,
    locator: BlockLocator,
): Promise<PreservationViewBody> {
    const blocks = await locator.blocks([record.txId, ...record.history.map((entry) => entry.txId)]);
    return {
        ...record,
        supplements: [...record.supplements],
        reviews: [...record.reviews],
        history: withBlocks(record.history, blocks),
        blockNumber: blocks.get(record.txId) ?? -1,
    };
}

/**
 * The API view of a letter of guarantee: the record, its version history and every step, each with the block
 * of its transaction (from the index, in one query), and its `effectiveStatus` (from `guarantee:get`, or for
 * the record a write returned the chaincode's `effectiveStatus(record, txTime)`).
 */
export async function guaranteeView(
    record: GuaranteeRecord,
    locator: BlockLocator,
    status: GuaranteeStatus,
): Promise<GuaranteeViewBody> {
    const blocks = await locator.blocks([
        record.txId,
        ...record.versions.map((entry) => entry.txId),
        ...record.history.map((entry) => entry.txId),
    ]);
    return {
        ...record,
        effectiveStatus: status,
        versions: withBlocks(record.versions, blocks),
        history: withBlocks(record.history, blocks),
        blockNumber: blocks.get(record.txId) ?? -1,
    };
}
