import type { FastifyBaseLogger } from 'fastify';
import { BATCHER_ACTOR, type BatchFileStore } from '../../platform/batches/batch-files';
import type { FaultRecorder } from '../../platform/ops/faults';
import { LedgerFailure } from '@court-ledger/ledger-api';
import { buildTree, type MerkleTree } from '../../platform/merkle';
import type { EventProjector } from '../../platform/store/projector';
import type { BatchPlan } from '../../platform/anchor-queue/queue-store';
import type { AnchorClient } from './client';
import type { TreeCache } from './tree-cache';

/** What the batcher needs of the index. */
export interface BatchQueue {
    sealNextBatch(maxItems: number): Promise<BatchPlan | undefined>;
    recordPlanRoot(batchId: string, rootHash: Buffer, treeSize: number): Promise<void>;
    unconfirmedPlans(): Promise<BatchPlan[]>;
}

export interface BatcherOptions {
    readonly intervalMs: number;
    readonly batchMax: number;
}

/**
 * Closes anchor batches: every `intervalMs`, or as soon as `batchMax` items wait, it seals the oldest pending
 * items into a batch (persisted with its leaf order), builds the RFC 6962 tree, writes the leaves to a batch
 * file (see {@link BatchFileStore}), and records the root with the
 * `anchor` contract. A sealed batch whose transaction did not commit (ledger down, crash) is submitted again
 * under the same batch id, so items are anchored exactly once.
 */
export class AnchorBatcher {
    private timer: NodeJS.Timeout | undefined;
    private running: Promise<void> | undefined;
    private rerun = false;
    private stopped = false;
    private waitingItems = 0;

    constructor(
        private readonly queue: BatchQueue,
        private readonly client: AnchorClient,
        private readonly projector: EventProjector,
        private readonly trees: TreeCache,
        private readonly faults: FaultRecorder,
        private readonly options: BatcherOptions,
        private readonly log: FastifyBaseLogger,
        private readonly files: Pick<BatchFileStore, 'write'>,
    ) {}

    start(): void {
        this.stopped = false;
        this.schedule();
        this.kick();
    }

    /** Tells the batcher that items were queued, so a full batch closes without waiting for the timer. */
    itemsQueued(count: number): void {
        this.waitingItems += count;
        if (this.waitingItems >= this.options.batchMax) {
            this.kick();
        }
    }

    /** Runs a round now and resolves when every item queued before the call is sealed and submitted. */
    async flush(): Promise<void> {
        this.kick();
        while (this.running !== undefined) {
            await this.running;
        }
    }

    async stop(): Promise<void> {
        this.stopped = true;
        if (this.timer !== undefined) {
            clearInterval(this.timer);
        }
        await this.running;
    }

    private schedule(): void {
        this.timer = setInterval(() => {
            this.kick();
        }, this.options.intervalMs);
        this.timer.unref();
    }

    private kick(): void {
        if (this.stopped) {
            return;
        }
        if (this.running !== undefined) {
            this.rerun = true;
            return;
        }
        this.running = this.round().finally(() => {
            this.running = undefined;
            if (this.rerun && !this.stopped) {
                this.rerun = false;
                this.kick();
            }
        });
    }

    private async round(): Promise<void> {
        try {
            for (const plan of await this.queue.unconfirmedPlans()) {
                if (!(await this.commit(plan))) {
                    return;
                }
            }
            this.waitingItems = 0;
            for (;;) {
                const plan = await this.queue.sealNextBatch(this.options.batchMax);
                if (plan === undefined) {
                    return;
                }
                if (!(await this.commit(plan))) {
                    return;
                }
            }
        } catch (error) {
            this.log.error({ err: error }, 'anchor batch round failed; will retry');
        }
    }

    /** Records one sealed batch on the ledger; false when the ledger is unavailable (retry next round). */
    private async commit(plan: BatchPlan): Promise<boolean> {
        const tree: MerkleTree = this.trees.get(plan.batchId) ?? buildTree(plan.digests);
        this.trees.set(plan.batchId, tree);
        const rootHash = tree.rootHash();
        // The leaves live outside the index before the root reaches the ledger: a lost index keeps its receipts.
        await this.files.write(rootHash.toString('hex'), plan.digests);
        await this.queue.recordPlanRoot(plan.batchId, rootHash, tree.treeSize);
        try {
            const { committed } = await this.client.recordAnchor(BATCHER_ACTOR, {
                batchId: plan.batchId,
                rootHash: rootHash.toString('hex'),
                treeSize: tree.treeSize,
                kinds: [...plan.kinds],
                sources: [...plan.sources],
            });
            await this.faults.resolved('ledger');
            await this.projector.waitFor(committed.blockNumber);
            this.log.info(
                { batchId: plan.batchId, treeSize: tree.treeSize, txId: committed.txId, block: committed.blockNumber },
                'anchor batch committed',
            );
            return true;
        } catch (error) {
            if (error instanceof LedgerFailure && error.code === 'BATCH_EXISTS') {
                // Committed before a crash or a lost answer: the AnchorRecorded event is (or will be) projected.
                return true;
            }
            if (error instanceof LedgerFailure && error.kind === 'unavailable') {
                await this.faults.failed('ledger', error.message);
                this.log.warn({ batchId: plan.batchId, err: error }, 'ledger unavailable; batch stays pending');
                return false;
            }
            throw error;
        }
    }
}
