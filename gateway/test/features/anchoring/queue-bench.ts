/**
 * Anchoring-queue throughput on PGlite and (with DATABASE_URL) a PostgreSQL server:
 * `node gateway/dist/test/features/anchoring/queue-bench.js [items=1000000] [chunk=10000]`. Not run by mocha.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AnchorQueue } from '../../../src/features/anchoring/queue.js';
import { INDEX_FEATURES } from '../../../src/projections.js';
import { IndexStore } from '../../../src/platform/store/index-store.js';
import type { MakeTestDatabase } from '../../platform/store/backends.js';
import { makePgliteDatabase, makeServerDatabase } from '../../platform/store/backends.js';

async function time<T>(label: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    const result = await fn();
    console.log(`  ${label}: ${((performance.now() - start) / 1000).toFixed(2)} s`);
    return result;
}

async function bench(name: string, make: MakeTestDatabase, total: number, chunk: number): Promise<void> {
    console.log(`${name}: ${total} items in chunks of ${chunk}`);
    const fixture = await make();
    try {
        const index = new IndexStore(fixture.db, INDEX_FEATURES);
        await index.migrate();
        const store = new AnchorQueue(index);
        const digests = randomBytes((total + chunk) * 32);
        const source = (offset: number, count: number) =>
            Array.from({ length: count }, (_, i) => ({
                digest: digests.subarray((offset + i) * 32, (offset + i + 1) * 32),
                kind: 'document',
                ref: `ref-${offset + i}`,
                source: 'trial.subsystem',
            }));
        let slowest = 0;
        await time(`addPendingItems ×${Math.ceil(total / chunk)}`, async () => {
            for (let offset = 0; offset < total; offset += chunk) {
                const batch = source(offset, Math.min(chunk, total - offset));
                const start = performance.now();
                await store.addPendingItems(batch);
                slowest = Math.max(slowest, performance.now() - start);
            }
        });
        console.log(`  slowest chunk: ${slowest.toFixed(0)} ms`);
        await time('addPendingItems again (10k, all existing)', () => store.addPendingItems(source(0, chunk)));
        await time('pendingCount', () => store.pendingCount());
        const plan = await time(`sealNextBatch(${total})`, () => store.sealNextBatch(total));
        if (plan?.treeSize !== total || !plan.digests.equals(digests.subarray(0, total * 32))) {
            throw new Error('sealed batch does not hold every item in arrival order');
        }
        await time('addPendingItems after the seal (10k new)', () => store.addPendingItems(source(total, chunk)));
        await time('addPendingItems after the seal (10k sealed)', () => store.addPendingItems(source(0, chunk)));
        await time('unconfirmedPlans (1 plan with all digests)', () => store.unconfirmedPlans());
        await time('batchDigests', () => store.batchDigests(plan.batchId));
        await time('itemStatus ×1000', async () => {
            for (let i = 0; i < 1000; i++) {
                await store.itemStatus(digests.subarray(i * 32, i * 32 + 32).toString('hex'));
            }
        });
    } finally {
        await fixture.dispose();
    }
}

async function main(): Promise<void> {
    const total = Number(process.argv[2] ?? 1_000_000);
    const chunk = Number(process.argv[3] ?? 10_000);
    await bench('PGlite', makePgliteDatabase, total, chunk);
    const url = process.env.DATABASE_URL;
    if (url !== undefined && url !== '') {
        await bench('PostgreSQL server', makeServerDatabase(url), total, chunk);
    } else {
        console.log('skipping PostgreSQL server: DATABASE_URL not set');
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
