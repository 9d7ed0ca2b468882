/**
 * Chaincode event delivery. A subscriber is a cursor over block numbers: it reads committed blocks in
 * order (old ones from the block file, recent ones from the block cache) and waits when it has caught
 * up. Replay and live delivery are the same loop, so the hand-over can neither skip nor repeat an event.
 */
import { LedgerFailure, type EventCheckpoint, type LedgerEvent } from '../ledger';
import type { StoredBlock } from './block-store';
import type { TransactionEnvelope } from './envelope';

/** Wakes waiting subscribers when a block has been committed. */
export class CommitSignal {
    private waiters = new Set<() => void>();

    /** Wakes everyone currently waiting. */
    notify(): void {
        const waiters = this.waiters;
        this.waiters = new Set();
        for (const wake of waiters) {
            wake();
        }
    }

    /** Resolves at the next {@link notify}, or when `abort` fires. */
    wait(abort: AbortSignal): Promise<void> {
        return new Promise((resolve) => {
            const wake = (): void => {
                this.waiters.delete(wake);
                abort.removeEventListener('abort', wake);
                resolve();
            };
            this.waiters.add(wake);
            abort.addEventListener('abort', wake, { once: true });
        });
    }
}

/** What the event stream reads. */
export interface EventSource {
    /** Committed (durable and applied) block count. */
    committedHeight(): number;
    /** True once the ledger is closing. */
    closed(): boolean;
    readBlock(number: number): Promise<StoredBlock>;
    readonly signal: CommitSignal;
}

/** The events of a block's valid transactions at positions after `fromTx - 1`. */
function blockEvents(number: number, block: StoredBlock, fromTx: number): LedgerEvent[] {
    const events: LedgerEvent[] = [];
    for (let txIndex = fromTx; txIndex < block.transactions.length; txIndex++) {
        const envelope = JSON.parse((block.transactions[txIndex] as Buffer).toString('utf8')) as TransactionEnvelope;
        if (envelope.type === 'endorser' && envelope.validationCode === 'VALID' && envelope.event !== null) {
            events.push({
                blockNumber: number,
                txIndex,
                txId: envelope.txId,
                timestamp: envelope.timestamp,
                name: envelope.event.name,
                payload: Buffer.from(envelope.event.payload, 'base64'),
            });
        }
    }
    return events;
}

/** Reads the flag through a call, so the compiler does not keep it narrowed across `await`/`yield`. */
function isAborted(abort: AbortSignal): boolean {
    return abort.aborted;
}

/**
 * Events strictly after `after`, committed ones first, then live ones, until `abort` fires; with `untilHeight`,
 * the stream ends once the blocks below it were read.
 */
export async function* streamEvents(
    source: EventSource,
    after: EventCheckpoint | undefined,
    abort: AbortSignal,
    untilHeight = Infinity,
): AsyncGenerator<LedgerEvent, void, undefined> {
    let number = after?.blockNumber ?? 0;
    let fromTx = after === undefined ? 0 : after.txIndex + 1;
    while (!abort.aborted && number < untilHeight) {
        if (number < source.committedHeight()) {
            for (const event of blockEvents(number, await source.readBlock(number), fromTx)) {
                if (isAborted(abort)) {
                    return;
                }
                yield event;
            }
            number += 1;
            fromTx = 0;
            continue;
        }
        if (source.closed()) {
            throw new LedgerFailure('unavailable', 'embedded ledger closed');
        }
        await source.signal.wait(abort);
    }
}
