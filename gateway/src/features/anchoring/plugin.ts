import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { batchFolder, BatchFileStore } from '../../platform/batches/batch-files';
import { AnchorBatcher } from './batcher';
import { AnchorClient } from './client';
import { ReceiptService } from './receipt-service';
import anchorRoutes from './routes';
import { createTreeCache } from './tree-cache';

declare module 'fastify' {
    interface FastifyInstance {
        /** The anchoring feature's batcher (tests and benchmarks flush it). */
        batcher: AnchorBatcher;
    }
}

/**
 * Batch anchoring: queues item digests, seals them into batches whose roots go on the ledger, and serves
 * inclusion receipts. Starts the batcher, stops it when the app closes, and decorates the app with it.
 */
async function anchoringPlugin(fastify: FastifyInstance): Promise<void> {
    const { anchorQueue: queue, config, faults, index, ledger, log, metrics, pepper, projector } = fastify;
    const trees = createTreeCache();
    const files = await BatchFileStore.open(batchFolder(config.dataDir));
    const batcher = new AnchorBatcher(
        queue,
        new AnchorClient(ledger, pepper),
        projector,
        trees,
        faults,
        { intervalMs: config.anchorIntervalMs, batchMax: config.anchorBatchMax },
        log,
        files,
    );
    batcher.start();
    const unlisten = queue.onQueued((count) => {
        batcher.itemsQueued(count);
        metrics.itemsQueued.inc(count);
    });
    fastify.addHook('onClose', async () => {
        unlisten();
        await batcher.stop();
    });
    fastify.decorate('batcher', batcher);
    fastify.decorate('pendingItems', () => queue.pendingCount());
    await fastify.register(anchorRoutes, {
        queue,
        db: index.db,
        receipts: new ReceiptService(queue, ledger, trees),
    });
}

export default fp(anchoringPlugin, {
    name: 'anchoring',
    dependencies: ['anchorQueue', 'config', 'ledger', 'index', 'projector', 'faults', 'auth', 'metrics'],
});
