import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AnchorQueue } from '../../../src/platform/anchor-queue/anchor-queue.js';
import { importLegacyQueue } from '../../../src/platform/anchor-queue/legacy-import.js';
import { migrate, MIGRATIONS } from '../../../src/platform/store/migrations.js';
import { forEachBackend } from '../store/backends.js';

forEachBackend('legacy anchoring queue', (name, makeDb) => {
    describe(`moving the anchoring queue out of an earlier index (${name})`, function () {
        this.timeout(120_000);

        it('keeps sealed batches (range and per row) with their roots, and unsealed items in order', async () => {
            const database = await makeDb();
            const dir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-legacy-'));
            try {
                const { db } = database;
                await migrate(
                    db,
                    MIGRATIONS.filter((m) => m.version <= 13),
                );
                const digests = Array.from({ length: 7 }, () => randomBytes(32));
                const insert = (from: number, to: number, receivedAt: string) =>
                    db.query(
                        `INSERT INTO anchor_items (digest, kind, ref, source_sub, received_at)
                         SELECT d, 'document', 'r' || o, 'trial.subsystem', $2::timestamptz
                         FROM unnest($1::bytea[]) WITH ORDINALITY AS u(d, o)`,
                        [digests.slice(from, to), receivedAt],
                    );
                await insert(0, 3, '2026-01-01T00:00:00Z');
                await insert(3, 5, '2026-01-02T00:00:00Z');
                await insert(5, 7, '2026-01-03T00:00:00Z');
                // Items 0–2 sealed by range (batch b_1, root recorded), items 3–4 per row in reverse leaf order (b_2).
                await db.query(
                    `INSERT INTO anchor_batch_plans (batch_id, tree_size, root_hash, first_seq, last_seq)
                     VALUES ('b_1', 3, $1, 1, 3), ('b_2', 2, NULL, NULL, NULL)`,
                    ['ab'.repeat(32)],
                );
                await db.query(`UPDATE anchor_items SET batch_id = 'b_2', leaf_index = 5 - seq WHERE seq IN (4, 5)`);

                expect(await migrate(db)).to.deep.equal([14]);
                const queue = await AnchorQueue.open(dir, db);
                try {
                    expect(await importLegacyQueue(db, queue.store)).to.equal(7);
                    expect(await importLegacyQueue(db, queue.store), 'tables dropped').to.equal(0);
                    const [left] = await db.query<{ n: number }>(
                        `SELECT count(*)::integer AS n FROM information_schema.tables WHERE table_name LIKE '%anchor_items'`,
                    );
                    expect(left?.n).to.equal(0);

                    const plans = await queue.unconfirmedPlans();
                    expect(plans.map((p) => p.batchId)).to.deep.equal(['b_1', 'b_2']);
                    expect(plans[0]).to.include({ treeSize: 3, rootHash: 'ab'.repeat(32) });
                    expect(plans[0]?.digests).to.deep.equal(Buffer.concat(digests.slice(0, 3)));
                    expect(plans[1]?.digests).to.deep.equal(Buffer.concat([digests[4]!, digests[3]!]));
                    expect(await queue.itemStatus(digests[1]!.toString('hex'))).to.include({
                        batchId: 'b_1',
                        leafIndex: 1,
                        ref: 'r2',
                        receivedAt: '2026-01-01T00:00:00.000Z',
                    });
                    expect(await queue.itemStatus(digests[3]!.toString('hex'))).to.include({
                        batchId: 'b_2',
                        leafIndex: 1,
                    });
                    expect(queue.unassignedCount()).to.equal(2);
                    const next = (await queue.sealNextBatch(10))!;
                    expect(next.digests).to.deep.equal(Buffer.concat(digests.slice(5)));
                    expect(await queue.itemStatus(digests[6]!.toString('hex'))).to.include({
                        receivedAt: '2026-01-03T00:00:00.000Z',
                        leafIndex: 1,
                    });
                } finally {
                    await queue.close();
                }
            } finally {
                await database.dispose();
                await rm(dir, { recursive: true, force: true });
            }
        });

        it('drops an empty queue at once', async () => {
            const database = await makeDb();
            try {
                await migrate(database.db);
                const [row] = await database.db.query<{ name: string | null }>(
                    `SELECT to_regclass('legacy_anchor_items')::text AS name`,
                );
                expect(row?.name).to.equal(null);
            } finally {
                await database.dispose();
            }
        });
    });
});
