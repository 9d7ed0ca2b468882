import type { FastifyBaseLogger } from 'fastify';
import type { EventCheckpoint, Ledger, LedgerEvent } from './ledger/ledger';

/** What the projector needs of the index: its checkpoint and an atomic "apply + advance checkpoint". */
export interface ProjectionStore {
    checkpoint(): Promise<EventCheckpoint | undefined>;
    applyEvents(events: readonly LedgerEvent[]): Promise<void>;
}

interface Waiter {
    readonly blockNumber: number;
    readonly resolve: () => void;
}

/** Most events applied in one SQL transaction. */
const MAX_CHUNK = 2000;

/**
 * Follows the ledger's chaincode events from the index's checkpoint and applies them to the index in
 * chunks, each chunk in one SQL transaction together with the checkpoint (so a restart resumes exactly).
 * Writers call {@link waitFor} to answer only once their block is visible in the index.
 */
export class EventProjector {
    private readonly abort = new AbortController();
    private readonly queue: LedgerEvent[] = [];
    private waiters: Waiter[] = [];
    private projectedBlock = -1;
    private draining: Promise<void> | undefined;
    private loop: Promise<void> | undefined;
    private failure: Error | undefined;

    constructor(
        private readonly ledger: Ledger,
        private readonly store: ProjectionStore,
        private readonly log: FastifyBaseLogger,
    ) {}

    /** Starts following; resolves once the stream is open. */
    async start(): Promise<void> {
        const checkpoint = await this.store.checkpoint();
        this.projectedBlock = checkpoint?.blockNumber ?? -1;
        this.loop = this.follow(checkpoint);
    }

    /** The highest block whose events are all in the index (−1 before the first). */
    get blockHeight(): number {
        return this.projectedBlock;
    }

    /** Resolves when every event up to and including `blockNumber` is in the index, or after `timeoutMs`. */
    waitFor(blockNumber: number, timeoutMs = 10_000): Promise<boolean> {
        if (blockNumber <= this.projectedBlock) {
            return Promise.resolve(true);
        }
        return new Promise((resolve) => {
            const timer = setTimeout(() => {
                this.waiters = this.waiters.filter((w) => w !== waiter);
                resolve(false);
            }, timeoutMs);
            const waiter: Waiter = {
                blockNumber,
                resolve: () => {
                    clearTimeout(timer);
                    resolve(true);
                },
            };
            this.waiters.push(waiter);
        });
    }

    async stop(): Promise<void> {
        this.abort.abort();
        await this.loop;
        await this.draining;
    }

    private get stopped(): boolean {
        return this.abort.signal.aborted;
    }

    /** The last projection error, if the projector is stuck (reported by /readyz). */
    get lastError(): Error | undefined {
        return this.failure;
    }

    private async follow(after: EventCheckpoint | undefined): Promise<void> {
        let checkpoint = after;
        while (!this.abort.signal.aborted) {
            try {
                for await (const event of this.ledger.events(checkpoint, this.abort.signal)) {
                    this.queue.push(event);
                    checkpoint = { blockNumber: event.blockNumber, txIndex: event.txIndex };
                    this.draining ??= this.drain();
                }
                return;
            } catch (error) {
                if (this.stopped) {
                    return;
                }
                this.log.warn({ err: error }, 'event stream interrupted; resuming');
                await new Promise((resolve) => setTimeout(resolve, 1000));
                await this.draining;
                checkpoint = (await this.store.checkpoint().catch(() => checkpoint)) ?? checkpoint;
            }
        }
    }

    private async drain(): Promise<void> {
        // Let the stream deliver what is already buffered so one transaction takes many events.
        await new Promise((resolve) => setImmediate(resolve));
        try {
            while (this.queue.length > 0) {
                const chunk = this.queue.splice(0, MAX_CHUNK);
                await this.applyWithRetry(chunk);
                const last = chunk[chunk.length - 1];
                // The block is complete only once nothing more of it is queued.
                const next = this.queue[0];
                if (last !== undefined) {
                    this.advance(
                        next !== undefined && next.blockNumber === last.blockNumber
                            ? last.blockNumber - 1
                            : last.blockNumber,
                    );
                }
            }
        } finally {
            this.draining = undefined;
        }
    }

    private async applyWithRetry(chunk: readonly LedgerEvent[]): Promise<void> {
        for (let attempt = 0; ; attempt++) {
            try {
                await this.store.applyEvents(chunk);
                this.failure = undefined;
                return;
            } catch (error) {
                this.failure = error as Error;
                if (this.abort.signal.aborted) {
                    throw error;
                }
                this.log.error({ err: error, attempt }, 'projecting events into the index failed; retrying');
                await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** attempt)));
            }
        }
    }

    private advance(blockNumber: number): void {
        if (blockNumber <= this.projectedBlock) {
            return;
        }
        this.projectedBlock = blockNumber;
        const ready = this.waiters.filter((w) => w.blockNumber <= blockNumber);
        this.waiters = this.waiters.filter((w) => w.blockNumber > blockNumber);
        for (const waiter of ready) {
            waiter.resolve();
        }
    }
}
