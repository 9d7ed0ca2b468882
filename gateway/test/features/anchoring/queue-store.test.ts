import { MAX_TAGS } from '@court-ledger/chaincode';
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { recordedBatchIds } from '../../../src/features/anchoring/projection.js';
import { batchById } from '../../../src/features/anchoring/store.js';
import { AnchorQueue } from '../../../src/platform/anchor-queue/anchor-queue.js';
import { QueueStore } from '../../../src/platform/anchor-queue/queue-store.js';
import type { IndexChange } from '../../../src/platform/store/projection.js';
import { forEachBackend } from '../../platform/store/backends.js';
import { sha256Hex } from '../../platform/store/events.js';
import { expectRejection, useIndex } from '../../platform/store/index-fixture.js';
import { anchorEvent, pendingItems } from './fixtures.js';

forEachBackend('anchoring queue', (name, makeDb) => {
    describe(`anchoring queue (${name})`, function () {
        this.timeout(120_000);
        const index = useIndex(makeDb);
        let dir: string;
        let queue: AnchorQueue;

        beforeEach(async () => {
            dir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-queue-'));
            queue = await AnchorQueue.open(dir, index.db);
        });
        afterEach(async () => {
            await queue.close();
            await rm(dir, { recursive: true, force: true });
        });

        /** Closes the queue and opens its folder again (a restart). */
        async function reopen(): Promise<void> {
            await queue.close();
            queue = await AnchorQueue.open(dir, index.db);
        }

        it('adds 10,000 items in one call, idempotently, and keeps them across a restart', async () => {
            const batch = pendingItems(10_000);
            const first = await queue.add(batch);
            expect(first).to.have.length(10_000);
            expect(first.every((r) => r.status === 'pending' && r.batchId === undefined)).to.equal(true);
            expect(first.map((r) => r.digest)).to.deep.equal(batch.map((i) => i.digest.toString('hex')));
            expect(await queue.add(batch)).to.deep.equal(first);
            expect(await queue.pendingCount()).to.equal(10_000);
            await reopen();
            expect(await queue.pendingCount()).to.equal(10_000);
            while (!queue.store.filterReady) {
                await new Promise((resolve) => setTimeout(resolve, 10));
            }
            expect(await queue.add(batch), 'found through the filled digest filter').to.deep.equal(first);
            expect(await queue.itemStatus(batch[9_999]!.digest.toString('hex'))).to.include({
                status: 'pending',
                kind: 'document',
                ref: 'r9999',
                source: 'trial.subsystem',
            });
            const plan = (await queue.sealNextBatch(20_000))!;
            expect(plan.digests).to.deep.equal(Buffer.concat(batch.map((i) => i.digest)));
        });

        it('queues a digest repeated in one call once, tells listeners, rejects bad digests', async () => {
            const heard: number[] = [];
            const off = queue.onQueued((count) => heard.push(count));
            const batch = pendingItems(5);
            const result = await queue.add([...batch, batch[0]!]);
            expect(result).to.have.length(6);
            expect(result[5]).to.deep.equal(result[0]);
            expect(queue.unassignedCount()).to.equal(5);
            expect(heard).to.deep.equal([6]);
            off();
            await expectRejection(
                (async () => queue.add([{ digest: Buffer.alloc(31), kind: 'k', source: 's' }]))(),
                /32-byte/,
            );
            expect(await queue.add([])).to.deep.equal([]);
            expect(heard).to.deep.equal([6]);
        });

        it('seals contiguous leaf indexes in arrival order, across calls and restarts', async () => {
            const first = pendingItems(7, 'document', 'sub-b');
            const second = pendingItems(5, 'video', 'sub-a');
            await queue.add(first);
            await queue.add(second);
            const plan = (await queue.sealNextBatch(10))!;
            expect(plan.batchId).to.match(/^b_\d{8}T\d{9}Z_[0-9a-f]{12}$/);
            expect(plan.treeSize).to.equal(10);
            expect(plan.digests).to.deep.equal(Buffer.concat([...first, ...second].slice(0, 10).map((i) => i.digest)));
            expect(plan.kinds).to.deep.equal(['document', 'video']);
            expect(plan.sources).to.deep.equal(['sub-a', 'sub-b']);
            const leaves = await Promise.all(
                [...first, ...second]
                    .slice(0, 10)
                    .map(async (item) => (await queue.itemStatus(item.digest.toString('hex')))?.leafIndex),
            );
            expect(leaves).to.deep.equal([...Array(10).keys()]);
            expect(await queue.batchDigests(plan.batchId)).to.deep.equal(plan.digests);
            expect(await queue.batchItemCount(plan.batchId)).to.equal(10);

            await reopen();
            expect(queue.unassignedCount()).to.equal(2);
            const rest = (await queue.sealNextBatch(10))!;
            expect(rest.treeSize).to.equal(2);
            expect(rest.digests).to.deep.equal(Buffer.concat(second.slice(3).map((i) => i.digest)));
            expect(rest.batchId > plan.batchId).to.equal(true);
            expect(await queue.sealNextBatch(10)).to.equal(undefined);

            const late = pendingItems(3);
            await queue.add(late);
            const next = (await queue.sealNextBatch(10))!;
            expect(next.digests).to.deep.equal(Buffer.concat(late.map((i) => i.digest)));
            expect(await queue.itemStatus(late[2]!.digest.toString('hex'))).to.include({ leafIndex: 2, treeSize: 3 });

            const re = await queue.add([first[2]!]);
            expect(re).to.deep.equal([
                { digest: first[2]!.digest.toString('hex'), status: 'pending', batchId: plan.batchId },
            ]);
            expect(await queue.itemStatus(first[2]!.digest.toString('hex'))).to.include({
                status: 'pending',
                batchId: plan.batchId,
                leafIndex: 2,
                treeSize: 10,
            });
            expect(() => queue.sealNextBatch(0)).to.throw(RangeError, /maxItems/);
        });

        it('keeps at most MAX_TAGS distinct kinds and sources in one batch; the rest wait', async () => {
            const kinds = Array.from({ length: MAX_TAGS + 8 }, (_, i) => pendingItems(2, `kind-${i}`, `sub-${i % 3}`));
            const sources = Array.from({ length: MAX_TAGS + 4 }, (_, i) => pendingItems(1, 'document', `source-${i}`));
            const all = [...kinds, ...sources];
            for (const group of all) {
                await queue.add(group);
            }
            const sealed: Buffer[] = [];
            for (let plan = await queue.sealNextBatch(1000); plan; plan = await queue.sealNextBatch(1000)) {
                expect(plan.kinds.length).to.be.at.most(MAX_TAGS);
                expect(plan.sources.length).to.be.at.most(MAX_TAGS);
                sealed.push(plan.digests);
            }
            expect(sealed.length).to.be.greaterThan(1);
            expect(Buffer.concat(sealed)).to.deep.equal(Buffer.concat(all.flat().map((i) => i.digest)));
            expect(queue.unassignedCount()).to.equal(0);
        });

        it('concurrent adds and seals never lose an item or put one in two batches', async () => {
            const groups = Array.from({ length: 8 }, () => pendingItems(400));
            const plans = (
                await Promise.all([
                    ...groups.map((group) => queue.add(group).then(() => undefined)),
                    ...Array.from({ length: 8 }, () => queue.sealNextBatch(300)),
                ])
            ).filter((plan) => plan !== undefined);
            for (let plan = await queue.sealNextBatch(300); plan; plan = await queue.sealNextBatch(300)) {
                plans.push(plan);
            }
            const seen = new Map<string, { batchId: string; leaf: number }>();
            for (const plan of plans) {
                for (let leaf = 0; leaf < plan.treeSize; leaf++) {
                    const hex = plan.digests.subarray(leaf * 32, leaf * 32 + 32).toString('hex');
                    expect(seen.has(hex), 'in two batches').to.equal(false);
                    seen.set(hex, { batchId: plan.batchId, leaf });
                }
            }
            expect(seen.size).to.equal(3200);
            for (const item of groups.flat()) {
                const where = seen.get(item.digest.toString('hex'));
                expect(await queue.itemStatus(item.digest.toString('hex'))).to.include({
                    batchId: where?.batchId,
                    leafIndex: where?.leaf,
                });
            }
        });

        it('lists unconfirmed plans until their AnchorRecorded event is projected; then items are anchored', async () => {
            const queued = pendingItems(4);
            await queue.add(queued);
            const plan = (await queue.sealNextBatch(100))!;
            const hex = queued[1]!.digest.toString('hex');
            const root = sha256Hex('root');

            let plans = await queue.unconfirmedPlans();
            expect(plans.map((p) => p.batchId)).to.deep.equal([plan.batchId]);
            expect(plans[0]).to.not.have.property('rootHash');
            await queue.recordPlanRoot(plan.batchId, Buffer.from(root, 'hex'), 4);
            await queue.recordPlanRoot(plan.batchId, root, 4);
            await expectRejection(queue.recordPlanRoot(plan.batchId, sha256Hex('other'), 4), /already has root/);
            await expectRejection(queue.recordPlanRoot(plan.batchId, root, 5), /has 4 items/);
            await expectRejection(queue.recordPlanRoot('b_nope', root, 4), /no sealed batch/);
            await reopen();
            plans = await queue.unconfirmedPlans();
            expect(plans[0]).to.include({ batchId: plan.batchId, treeSize: 4, rootHash: root });
            expect(plans[0]?.digests).to.deep.equal(plan.digests);
            expect(plans[0]?.kinds).to.deep.equal(['document']);
            expect(await queue.itemStatus(hex)).to.include({ status: 'pending', rootHash: root, leafIndex: 1 });
            expect(await queue.pendingCount()).to.equal(4);

            const changes: IndexChange[] = [];
            index.store.onApplied((c) => changes.push(c));
            await index.store.applyEvents([anchorEvent(5, plan.batchId, root, 4)]);
            expect(recordedBatchIds(changes.at(-1)!)).to.deep.equal([plan.batchId]);
            expect(await queue.unconfirmedPlans()).to.deep.equal([]);
            expect(await queue.pendingCount()).to.equal(0);
            const status = await queue.itemStatus(hex.toUpperCase());
            expect(status).to.deep.include({
                status: 'anchored',
                batchId: plan.batchId,
                leafIndex: 1,
                treeSize: 4,
                rootHash: root,
                txId: 'tx-anchor-5',
                blockNumber: 5,
                recordedAt: '2026-03-01T10:00:00.000Z',
                kind: 'document',
                ref: 'r1',
                source: 'trial.subsystem',
            });
            expect((await batchById(index.db, queue, plan.batchId))?.itemCount).to.equal(4);
            expect((await queue.add([queued[3]!]))[0]).to.deep.equal({
                digest: queued[3]!.digest.toString('hex'),
                status: 'anchored',
                batchId: plan.batchId,
            });
            expect(await queue.itemStatus(sha256Hex('never queued'))).to.equal(undefined);
            await expectRejection((async () => queue.itemStatus('abc'))(), /32 bytes/);
        });

        it('puts back a batch from its leaves, once, without touching items it already has', async () => {
            const own = pendingItems(1, 'video', 'sub-a');
            await queue.add(own);
            const leaves = Buffer.concat([...pendingItems(2), ...own].map((i) => i.digest));
            const input = {
                batchId: 'b_restored',
                rootHash: sha256Hex('restored'),
                kinds: ['document'],
                sources: ['trial.subsystem'],
                sealedAt: new Date('2026-03-01T10:00:00.000Z'),
                leaves,
                open: false,
            };
            expect(await queue.store.putBatch(input)).to.equal(2);
            expect(await queue.store.putBatch(input)).to.equal(0);
            expect(await queue.batchDigests('b_restored')).to.deep.equal(leaves);
            expect(await queue.itemStatus(leaves.subarray(32, 64).toString('hex'))).to.include({
                kind: 'document',
                source: 'trial.subsystem',
                batchId: 'b_restored',
                leafIndex: 1,
                treeSize: 3,
                receivedAt: '2026-03-01T10:00:00.000Z',
            });
            expect(await queue.itemStatus(own[0]!.digest.toString('hex'))).to.include({ kind: 'video' });
            expect(await queue.unconfirmedPlans()).to.deep.equal([]);
            expect(QueueStore.folder('/data')).to.equal(path.join('/data', 'anchor-queue'));
        });
    });
});
