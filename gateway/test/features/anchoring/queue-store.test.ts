import { MAX_TAGS } from '@court-ledger/chaincode';
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { recordedBatchIds } from '../../../src/features/anchoring/projection.js';
import { AnchorQueue } from '../../../src/features/anchoring/queue.js';
import { batchById } from '../../../src/features/anchoring/store.js';
import { queueItems } from '../../../src/platform/anchor-queue/queue-store.js';
import type { IndexChange } from '../../../src/platform/store/projection.js';
import { IndexStore } from '../../../src/platform/store/index-store.js';
import { INDEX_FEATURES } from '../../../src/projections.js';
import { forEachBackend } from '../../platform/store/backends.js';
import { sha256Hex } from '../../platform/store/events.js';
import { expectRejection, useIndex } from '../../platform/store/index-fixture.js';
import { anchorEvent, pendingItems } from './fixtures.js';

forEachBackend('anchoring queue', (name, makeDb) => {
    describe(`anchoring queue (${name})`, function () {
        this.timeout(120_000);
        const index = useIndex(makeDb);
        let queue: AnchorQueue;

        before(() => {
            queue = new AnchorQueue(index.store);
        });

        it('adds 10,000 items in one call, idempotently', async () => {
            const batch = pendingItems(10_000);
            const first = await queue.addPendingItems(batch);
            expect(first).to.have.length(10_000);
            expect(first.every((r) => r.status === 'pending' && r.batchId === undefined)).to.equal(true);
            expect(first.map((r) => r.digest)).to.deep.equal(batch.map((i) => i.digest.toString('hex')));
            const again = await queue.addPendingItems(batch);
            expect(again).to.deep.equal(first);
            expect(await queue.pendingCount()).to.equal(10_000);
            const [row] = await index.db.query<{ n: number }>('SELECT count(*) AS n FROM anchor_items');
            expect(row?.n).to.equal(10_000);
        });

        it('splits calls above the chunk size, dedupes within a call, rejects bad digests', async () => {
            const batch = pendingItems(25_001);
            const withDuplicate = [...batch, batch[0]!];
            const result = await queue.addPendingItems(withDuplicate);
            expect(result).to.have.length(25_002);
            expect(await queue.unassignedCount()).to.equal(25_001);
            await expectRejection(
                queue.addPendingItems([{ digest: Buffer.alloc(31), kind: 'k', source: 's' }]),
                /32-byte/,
            );
            expect(await queue.addPendingItems([])).to.deep.equal([]);
        });

        it('seals contiguous leaf indexes in arrival order and reports items already sealed', async () => {
            const first = pendingItems(7, 'document', 'sub-b');
            const second = pendingItems(5, 'video', 'sub-a');
            await queue.addPendingItems(first);
            await queue.addPendingItems(second);
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
            const [rows] = await index.db.query<{ n: number }>(
                'SELECT count(*)::integer AS n FROM anchor_items WHERE batch_id IS NOT NULL',
            );
            expect(rows?.n, 'sealing by range writes no item row').to.equal(0);
            expect(await queue.batchDigests(plan.batchId)).to.deep.equal(plan.digests);

            const rest = (await queue.sealNextBatch(10))!;
            expect(rest.treeSize).to.equal(2);
            expect(rest.digests).to.deep.equal(Buffer.concat(second.slice(3).map((i) => i.digest)));
            expect(rest.batchId > plan.batchId).to.equal(true);
            expect(await queue.sealNextBatch(10)).to.equal(undefined);

            const re = await queue.addPendingItems([first[2]!]);
            expect(re).to.deep.equal([
                { digest: first[2]!.digest.toString('hex'), status: 'pending', batchId: plan.batchId },
            ]);
            expect(await queue.itemStatus(first[2]!.digest.toString('hex'))).to.include({
                status: 'pending',
                batchId: plan.batchId,
                leafIndex: 2,
                treeSize: 10,
            });
            await expectRejection(queue.sealNextBatch(0), /maxItems/);
        });

        it('numbers leaves by rank when the sealed range has gaps (a re-queued digest, a restored item)', async () => {
            const before = pendingItems(3);
            const after = pendingItems(3);
            await queue.addPendingItems(before);
            await queue.addPendingItems([before[0]!]); // draws a seq, inserts nothing
            await index.db.query(
                `INSERT INTO anchor_items (digest, kind, source_sub, batch_id, leaf_index)
                 VALUES ($1, 'document', 'restored', 'b_restored', 0)`,
                [randomBytes(32)],
            );
            await queue.addPendingItems(after);
            const plan = (await queue.sealNextBatch(100))!;
            const queued = [...before, ...after];
            expect(plan.treeSize).to.equal(6);
            expect(plan.digests).to.deep.equal(Buffer.concat(queued.map((i) => i.digest)));
            expect(await queue.batchDigests(plan.batchId)).to.deep.equal(plan.digests);
            for (const [leaf, item] of queued.entries()) {
                expect(await queue.itemStatus(item.digest.toString('hex'))).to.include({
                    batchId: plan.batchId,
                    leafIndex: leaf,
                    treeSize: 6,
                });
            }
            expect(await queue.pendingCount()).to.equal(6);
            expect(await queue.unassignedCount()).to.equal(0);
            expect(await queue.sealNextBatch(100)).to.equal(undefined);
            const late = pendingItems(2);
            await queue.addPendingItems(late);
            const next = (await queue.sealNextBatch(100))!;
            expect(next.digests).to.deep.equal(Buffer.concat(late.map((i) => i.digest)));
            expect(await queue.itemStatus(late[1]!.digest.toString('hex'))).to.include({ leafIndex: 1 });
        });

        it('keeps at most MAX_TAGS distinct kinds and sources in one batch; the rest wait', async () => {
            const kinds = Array.from({ length: MAX_TAGS + 8 }, (_, i) => pendingItems(2, `kind-${i}`, `sub-${i % 3}`));
            const sources = Array.from({ length: MAX_TAGS + 4 }, (_, i) => pendingItems(1, 'document', `source-${i}`));
            for (const group of [...kinds, ...sources]) {
                await queue.addPendingItems(group);
            }
            const sealed: string[] = [];
            for (let plan = await queue.sealNextBatch(1000); plan; plan = await queue.sealNextBatch(1000)) {
                expect(plan.kinds.length).to.be.at.most(MAX_TAGS);
                expect(plan.sources.length).to.be.at.most(MAX_TAGS);
                sealed.push(plan.batchId);
            }
            expect(sealed.length).to.be.greaterThan(1);
            expect(await queue.unassignedCount()).to.equal(0);
        });

        it('concurrent sealers never share an item', async () => {
            await queue.addPendingItems(pendingItems(3000));
            const other = new AnchorQueue(new IndexStore(await index.database.another(), INDEX_FEATURES));
            const plans = (
                await Promise.all([
                    queue.sealNextBatch(700),
                    other.sealNextBatch(700),
                    queue.sealNextBatch(700),
                    other.sealNextBatch(700),
                ])
            ).filter((p) => p !== undefined);
            expect(plans).to.have.length(4);
            const all = new Set<string>();
            for (const plan of plans) {
                expect(plan.treeSize).to.equal(700);
                for (let i = 0; i < plan.treeSize; i++) {
                    all.add(plan.digests.subarray(i * 32, i * 32 + 32).toString('hex'));
                }
            }
            expect(all.size).to.equal(2800);
            expect(await queue.unassignedCount()).to.equal(200);
        });

        it('never seals past an item still being written: every item lands in exactly one batch', async () => {
            const other = new AnchorQueue(new IndexStore(await index.database.another(), INDEX_FEATURES));
            const held = pendingItems(500);
            let release = (): void => undefined;
            const gate = new Promise<void>((resolve) => (release = resolve));
            let written = (): void => undefined;
            const insertedInTransaction = new Promise<void>((resolve) => (written = resolve));
            const holding = index.db.transaction(async (tx) => {
                await queueItems(tx, held);
                written();
                await gate;
            });
            await insertedInTransaction;
            const later = pendingItems(300);
            const work = Promise.all([
                other.addPendingItems(later),
                other.sealNextBatch(10_000),
                other.sealNextBatch(10_000),
            ]);
            release();
            await holding;
            await work;
            for (let plan = await queue.sealNextBatch(10_000); plan; plan = await queue.sealNextBatch(10_000)) {
                expect(plan.treeSize).to.be.greaterThan(0);
            }
            const all = [...held, ...later].map((i) => i.digest.toString('hex'));
            const sealed = new Map<string, { batchId: string; leaf: number }>();
            const batchIds = (
                await index.db.query<{ batch_id: string }>('SELECT batch_id FROM anchor_batch_plans')
            ).map((row) => row.batch_id);
            for (const batchId of batchIds) {
                const digests = await queue.batchDigests(batchId);
                for (let leaf = 0; leaf < digests.length / 32; leaf++) {
                    const hex = digests.subarray(leaf * 32, leaf * 32 + 32).toString('hex');
                    expect(sealed.has(hex), 'in two batches').to.equal(false);
                    sealed.set(hex, { batchId, leaf });
                }
            }
            expect(sealed.size).to.equal(all.length);
            for (const hex of all) {
                const status = await queue.itemStatus(hex);
                expect(status).to.include({ batchId: sealed.get(hex)?.batchId, leafIndex: sealed.get(hex)?.leaf });
            }
        });

        it('lists unconfirmed plans until their AnchorRecorded event is projected; then items are anchored', async () => {
            const queued = pendingItems(4);
            await queue.addPendingItems(queued);
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
            expect((await batchById(index.db, plan.batchId))?.itemCount).to.equal(4);
            expect((await queue.addPendingItems([queued[3]!]))[0]).to.deep.equal({
                digest: queued[3]!.digest.toString('hex'),
                status: 'anchored',
                batchId: plan.batchId,
            });
            expect(await queue.itemStatus(sha256Hex('never queued'))).to.equal(undefined);
            await expectRejection(queue.itemStatus('abc'), /32 bytes/);

            // After a rebuild the batch is pending again until the event is replayed.
            await index.store.rebuild();
            expect((await queue.itemStatus(hex))?.status).to.equal('pending');
            expect(await queue.unconfirmedPlans()).to.have.length(1);
        });
    });
});
