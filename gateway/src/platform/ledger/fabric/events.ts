/**
 * Chaincode events from the court peer's block event stream. Full blocks (not `getChaincodeEvents`) because
 * the Ledger interface positions each event by (block, transaction index) and carries the transaction's
 * timestamp, and only the block holds those; the block's TRANSACTIONS_FILTER says which transactions are valid.
 * One stream from `after.blockNumber` serves history and live blocks alike, so the resume is exact: events of
 * that block at or before `after.txIndex` are skipped, nothing after it.
 */
import type { Network } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';
import { LedgerFailure, type EventCheckpoint, type LedgerEvent } from '../ledger';
import { blockNumberOf, blockTransactions } from './block';
import { toLedgerFailure } from './errors';

/** Reads the flag through a call, so the compiler does not keep it narrowed across `await`/`yield`. */
function isAborted(abort: AbortSignal): boolean {
    return abort.aborted;
}

/**
 * Valid transactions' events of chaincode `chaincode` strictly after `after`, until `abort` fires, or, with
 * `untilHeight`, until the blocks below that height were read (the start-up catch-up).
 */
export async function* chaincodeEvents(
    network: Network,
    chaincode: string,
    after: EventCheckpoint | undefined,
    abort: AbortSignal,
    untilHeight = Infinity,
): AsyncGenerator<LedgerEvent, void, undefined> {
    const startBlock = after?.blockNumber ?? 0;
    const fromTx = after === undefined ? 0 : after.txIndex + 1;
    if (startBlock >= untilHeight) {
        return;
    }
    let blocks;
    try {
        blocks = await network.getBlockEvents({ startBlock: BigInt(startBlock) });
    } catch (error) {
        throw toLedgerFailure(error, 'block events');
    }
    const close = (): void => {
        blocks.close();
    };
    abort.addEventListener('abort', close, { once: true });
    try {
        for await (const received of blocks) {
            // fabric-gateway decodes with its own copy of fabric-protos; read the block with ours.
            const block = common.Block.deserializeBinary(received.serializeBinary());
            const number = blockNumberOf(block);
            for (const tx of blockTransactions(block)) {
                if (number === startBlock && tx.txIndex < fromTx) {
                    continue;
                }
                if (tx.validationCode !== peer.TxValidationCode.VALID || tx.event?.chaincodeId !== chaincode) {
                    continue;
                }
                if (isAborted(abort)) {
                    return;
                }
                yield {
                    blockNumber: number,
                    txIndex: tx.txIndex,
                    txId: tx.txId,
                    timestamp: tx.timestamp,
                    name: tx.event.name,
                    payload: tx.event.payload,
                };
            }
            if (number >= untilHeight - 1) {
                return;
            }
        }
    } catch (error) {
        if (isAborted(abort)) {
            return;
        }
        throw toLedgerFailure(error, 'block events');
    } finally {
        abort.removeEventListener('abort', close);
        blocks.close();
    }
    if (!isAborted(abort)) {
        throw new LedgerFailure('unavailable', 'block event stream ended');
    }
}
