import type { FastifyBaseLogger } from 'fastify';
import type { BlockEvents, EventCheckpoint, Ledger, LedgerEvent } from '@court-ledger/ledger-api';

/** What the projector needs of the index: its checkpoint and an atomic "apply + advance checkpoint". */
export interface ProjectionStore {
    checkpoint(): Promise<EventCheckpoint | undefined>;
    applyEvents(events: readonly LedgerEvent[], lastBlockHash?: string): Promise<void>;
}

/** Options of {@link EventProjector}. */
export interface ProjectorOptions {
    /** During the start-up catch-up, log progress every this many blocks (default 1000)… */
    readonly progressEveryBlocks?: number;
    /** …or after this many milliseconds without a progress line (default 5000). */
    readonly progressEveryMs?: number;
}

interface Waiter {
    readonly blockNumber: number;
    readonly resolve: () => void;
}

/** Most events applied in one SQL transaction (a larger block is applied in several). */
const MAX_CHUNK = 2000;

/**
 * Follows the ledger's chaincode events from the index's checkpoint and applies them to the index in
 * chunks of whole blocks, each chunk in one SQL transaction together with the checkpoint and its block's hash
 * (so a restart resumes exactly). The ledger delivers each block whole (the `Ledger.events` contract), so a
 * block counts as projected as soon as its events are applied, a block without events included. It first
 * catches up with the blocks committed when it started, logging progress (`index catch-up: block x of y`), and
 * is {@link caughtUp} after that; then it follows live blocks.
 * Writers call {@link waitFor} to answer only once their block is visible in the index.
 */
export class EventProjector {
    private readonly abort = new AbortController();
    private readonly queue: BlockEvents[] = [];
    private waiters: Waiter[] = [];
    private projectedBlock = -1;
    private draining: Promise<void> | undefined;
    private loop: Promise<void> | undefined;
    private failure: Error | undefined;
    private catchUp: { readonly height: number; readonly startedAt: number; loggedAt: number; loggedBlock: number } = {
        height: 0,
        startedAt: 0,
        loggedAt: 0,
        loggedBlock: -1,
    };
    private caughtUpFlag = false;
    private readonly caughtUpSignal: { promise: Promise<void>; resolve: () => void };

    constructor(
        private readonly ledger: Ledger,
        private readonly store: ProjectionStore,
        private readonly log: FastifyBaseLogger,
        private readonly options: ProjectorOptions = {},
    ) {
        let resolve = (): void => undefined;
        const promise = new Promise<void>((r) => {
            resolve = r;
        });
        this.caughtUpSignal = { promise, resolve };
    }

    /** Resolves once the start-up catch-up is done (see {@link caughtUp}). */
    whenCaughtUp(): Promise<void> {
        return this.caughtUpSignal.promise;
    }

    /**
     * Starts following in the background: first the blocks committed now (the catch-up), then live ones.
     * Resolves once the checkpoint and the ledger height were read, not when the catch-up is done.
     */
    async start(): Promise<void> {
        const checkpoint = await this.store.checkpoint();
        this.projectedBlock = checkpoint?.blockNumber ?? -1;
        const height = (await this.ledger.health()).height ?? 0;
        const now = Date.now();
        this.catchUp = { height, startedAt: now, loggedAt: now, loggedBlock: this.projectedBlock };
        if (this.projectedBlock + 1 < height) {
            this.log.info(`index catch-up: from block ${this.projectedBlock + 1} to ${height - 1}`);
        }
        this.loop = this.follow(checkpoint);
    }

    /** True once every block committed when {@link start} ran is projected (readiness). */
    get caughtUp(): boolean {
        return this.caughtUpFlag;
    }

    /** The ledger height the start-up catch-up goes to. */
    get catchUpHeight(): number {
        return this.catchUp.height;
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
                const options = this.caughtUpFlag ? {} : { untilHeight: this.catchUp.height };
                for await (const block of this.ledger.events(checkpoint, this.abort.signal, options)) {
                    this.queue.push(block);
                    const last = block.events[block.events.length - 1];
                    if (last !== undefined) {
                        checkpoint = { blockNumber: last.blockNumber, txIndex: last.txIndex };
                    }
                    this.draining ??= this.drain();
                }
                if (this.caughtUpFlag || this.stopped) {
                    return;
                }
                while (this.draining !== undefined) {
                    await this.draining;
                }
                this.finishCatchUp();
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
                const blocks = this.takeBlocks();
                const events = blocks.flatMap((block) => block.events);
                for (let start = 0; start < events.length; start += MAX_CHUNK) {
                    await this.applyWithRetry(events.slice(start, start + MAX_CHUNK));
                }
                const last = blocks[blocks.length - 1];
                if (last !== undefined) {
                    this.advance(last.blockNumber);
                }
            }
        } finally {
            this.draining = undefined;
        }
    }

    /** Whole queued blocks, at least one, with at most {@link MAX_CHUNK} events unless the first has more. */
    private takeBlocks(): BlockEvents[] {
        let count = 0;
        let taken = 0;
        for (const block of this.queue) {
            if (taken > 0 && count + block.events.length > MAX_CHUNK) {
                break;
            }
            count += block.events.length;
            taken += 1;
        }
        return this.queue.splice(0, taken);
    }

    private finishCatchUp(): void {
        this.caughtUpFlag = true;
        this.caughtUpSignal.resolve();
        const { height, startedAt } = this.catchUp;
        this.log.info(
            `index caught up with the ledger: height ${height}, projected block ${this.projectedBlock} ` +
                `(${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
        );
    }

    private progress(): void {
        if (this.caughtUpFlag) {
            return;
        }
        const state = this.catchUp;
        const now = Date.now();
        if (
            this.projectedBlock - state.loggedBlock >= (this.options.progressEveryBlocks ?? 1000) ||
            now - state.loggedAt >= (this.options.progressEveryMs ?? 5000)
        ) {
            state.loggedAt = now;
            state.loggedBlock = this.projectedBlock;
            this.log.info(`index catch-up: block ${this.projectedBlock} of ${state.height - 1}`);
        }
    }

    private async applyWithRetry(chunk: readonly LedgerEvent[]): Promise<void> {
        const last = chunk[chunk.length - 1];
        for (let attempt = 0; ; attempt++) {
            try {
                const hash = last === undefined ? undefined : await this.ledger.blockHash(last.blockNumber);
                await this.store.applyEvents(chunk, hash);
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
        this.progress();
        const ready = this.waiters.filter((w) => w.blockNumber <= blockNumber);
        this.waiters = this.waiters.filter((w) => w.blockNumber > blockNumber);
        for (const waiter of ready) {
            waiter.resolve();
        }
    }
}
