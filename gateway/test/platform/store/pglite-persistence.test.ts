import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/platform/store/db.js';
import { IndexStore } from '../../../src/platform/store/index-store.js';
import { MIGRATIONS } from '../../../src/platform/store/migrations.js';
import { syntheticStream } from './events.js';

describe('index store (PGlite on disk)', function () {
    this.timeout(60_000);

    it('keeps the projection, checkpoint and queue across a restart (creating dataDir/pg)', async () => {
        const dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'court-ledger-index-')), 'nested');
        try {
            const stream = syntheticStream(30, 21);
            const digest = randomBytes(32);
            let db = await openDatabase({ dataDir });
            let store = new IndexStore(db);
            expect(await store.migrate()).to.deep.equal(MIGRATIONS.map((m) => m.version));
            await store.applyEvents(stream.events);
            await store.addPendingItems([{ digest, kind: 'document', source: 'trial.subsystem' }]);
            const checkpoint = await store.checkpoint();
            await db.close();

            db = await openDatabase({ dataDir });
            store = new IndexStore(db);
            expect(await store.migrate()).to.deep.equal([]);
            expect(await store.checkpoint()).to.deep.equal(checkpoint);
            expect((await store.itemStatus(digest.toString('hex')))?.status).to.equal('pending');
            const [first] = stream.evidence.values();
            expect((await store.evidenceById(first!.evidenceId))?.record).to.deep.equal(first);
            await db.close();
        } finally {
            await rm(path.dirname(dataDir), { recursive: true, force: true });
        }
    });
});
