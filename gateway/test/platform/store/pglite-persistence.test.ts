import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/platform/store/db.js';
import { evidenceById } from '../../../src/features/evidence/store.js';
import { INDEX_FEATURES } from '../../../src/projections.js';
import { IndexStore } from '../../../src/platform/store/index-store.js';
import { MIGRATIONS } from '../../../src/platform/store/migrations.js';
import { syntheticStream } from './events.js';

describe('index store (PGlite on disk)', function () {
    this.timeout(60_000);

    it('keeps the projection and checkpoint across a restart (creating dataDir/pg)', async () => {
        const dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'court-ledger-index-')), 'nested');
        try {
            const stream = syntheticStream(30, 21);
            let db = await openDatabase({ dataDir });
            let store = new IndexStore(db, INDEX_FEATURES);
            expect(await store.migrate()).to.deep.equal(MIGRATIONS.map((m) => m.version));
            await store.applyEvents(stream.events);
            const checkpoint = await store.checkpoint();
            await db.close();

            db = await openDatabase({ dataDir });
            store = new IndexStore(db, INDEX_FEATURES);
            expect(await store.migrate()).to.deep.equal([]);
            expect(await store.checkpoint()).to.deep.equal(checkpoint);
            const [first] = stream.evidence.values();
            expect((await evidenceById(db, first!.evidenceId))?.record).to.deep.equal(first);
            await db.close();
        } finally {
            await rm(path.dirname(dataDir), { recursive: true, force: true });
        }
    });
});
