import { randomBytes } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { QueueStore } from '@court-ledger/gateway/dist/src/platform/anchor-queue/queue-store';
import { batchFolder } from '@court-ledger/gateway/dist/src/platform/batches/batch-files';
import { rebuildGatewayIndex } from '@court-ledger/gateway/dist/src/cli/index-rebuild';
import { startGateway, type Harness } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';
import { eventually } from '../support/eventually';
import { dropIndex } from '../support/index-db';

const silent = pino({ level: 'silent' });

/** Anchors `batches` batches of items; returns every item's receipt body, as served (bytes). */
async function anchorBatches(gw: Harness, batches: number, perBatch: number): Promise<Map<string, string>> {
    const subsystem = gw.auth('subsystem', 'trial');
    const receipts = new Map<string, string>();
    for (let b = 0; b < batches; b++) {
        const items = Array.from({ length: perBatch }, (_, i) => ({
            digest: randomBytes(32).toString('hex'),
            kind: i % 2 === 0 ? 'transcript' : 'audio',
        }));
        const queued = await gw.app.inject({
            method: 'POST',
            url: '/v1/anchors',
            headers: subsystem,
            payload: { items },
        });
        expect(queued.statusCode, queued.body).to.equal(202);
        await gw.app.batcher.flush();
        for (const { digest } of items) {
            const body = await eventually(async () => {
                const res = await gw.app.inject({ url: `/v1/anchors/${digest}/receipt`, headers: subsystem });
                return res.statusCode === 200 ? res.body : undefined;
            }, `receipt of ${digest}`);
            receipts.set(digest, body);
        }
    }
    return receipts;
}

forEachMode('index recovery', (mode) => {
    it('restores every receipt, byte for byte, after the index was dropped and rebuilt', async function () {
        this.timeout(180_000);
        let gw = await startGateway({ database: mode.database, env: { ANCHOR_INTERVAL_MS: '3600000' } });
        try {
            const receipts = await anchorBatches(gw, 4, 9);
            const batchIds = new Set(
                [...receipts.values()].map((body) => (JSON.parse(body) as { batchId: string }).batchId),
            );
            expect(batchIds.size).to.equal(4);
            expect(await readdir(batchFolder(gw.dataDir))).to.have.length(4);
            const expectSameReceipts = async (): Promise<void> => {
                gw = await startGateway({ database: mode.database, dataDir: gw.dataDir, databaseUrl: gw.databaseUrl });
                const subsystem = gw.auth('subsystem', 'trial');
                for (const [digest, body] of receipts) {
                    const res = await gw.app.inject({ url: `/v1/anchors/${digest}/receipt`, headers: subsystem });
                    expect(res.statusCode, digest).to.equal(200);
                    expect(res.body, digest).to.equal(body);
                }
            };

            // The anchoring queue lives beside the index: a rebuilt index finds every batch still there.
            await gw.close();
            await dropIndex(gw);
            let report = await rebuildGatewayIndex(gw.config, silent);
            expect(report).to.deep.include({ problems: [], batchesRestored: 0, itemsRestored: 0 });
            await expectSameReceipts();
            await gw.close();

            // Queue folder lost too: the batch files bring every receipt back.
            await dropIndex(gw);
            await rm(QueueStore.folder(gw.dataDir), { recursive: true, force: true });
            report = await rebuildGatewayIndex(gw.config, silent);
            expect(report.problems).to.deep.equal([]);
            expect(report.batchesRestored).to.equal(4);
            expect(report.itemsRestored).to.equal(36);
            await expectSameReceipts();
        } finally {
            await gw.close({ destroy: true });
        }
    });
});

describe('index recovery: damaged batch files [embedded ledger, PGlite]', () => {
    it('names the batch whose file is missing and the one whose file does not match its root', async function () {
        this.timeout(120_000);
        const gw = await startGateway({ database: 'pglite', env: { ANCHOR_INTERVAL_MS: '3600000' } });
        try {
            const receipts = await anchorBatches(gw, 3, 5);
            const batches = new Map<string, string>();
            for (const body of receipts.values()) {
                const { batchId, rootHash } = JSON.parse(body) as { batchId: string; rootHash: string };
                batches.set(batchId, rootHash);
            }
            const [[missingId, missingRoot], [alteredId, alteredRoot]] = [...batches] as [
                [string, string],
                [string, string],
            ];
            await gw.close();
            await rm(path.join(batchFolder(gw.dataDir), missingRoot));
            await writeFile(path.join(batchFolder(gw.dataDir), alteredRoot), randomBytes(5 * 32));
            await rm(path.join(gw.dataDir, 'pg'), { recursive: true, force: true });
            await rm(QueueStore.folder(gw.dataDir), { recursive: true, force: true });

            const report = await rebuildGatewayIndex(gw.config, silent);
            expect(report.batchesRestored).to.equal(1);
            expect(report.problems.map((p) => p.batchId).sort()).to.deep.equal([missingId, alteredId].sort());
            const messages = report.problems.map((p) => p.message).join('\n');
            expect(messages).to.match(new RegExp(`batch ${missingId} .*missing`));
            expect(messages).to.match(new RegExp(`batch ${alteredId} .*not the anchored one`));
        } finally {
            await gw.close({ destroy: true });
        }
    });
});

describe('a damaged index [embedded ledger, PGlite]', () => {
    it('answers reads 503 with Retry-After, records a database outage, and /readyz fails', async function () {
        this.timeout(120_000);
        const gw = await startGateway({ database: 'pglite' });
        try {
            const receipts = await anchorBatches(gw, 1, 3);
            const [digest] = [...receipts.keys()] as [string];
            // The checkpoint carries the hash of its block, as the ledger has it.
            const checkpoint = await gw.app.index.checkpoint();
            expect(checkpoint?.blockHash).to.match(/^[0-9a-f]{64}$/);
            expect(checkpoint?.blockHash).to.equal(await gw.app.ledger.blockHash(checkpoint?.blockNumber ?? -1));
            const { batchId } = JSON.parse(receipts.get(digest) ?? '{}') as { batchId: string };
            await gw.app.index.db.query('DROP TABLE anchor_batches CASCADE');
            const res = await gw.app.inject({
                url: `/v1/anchors/batches/${batchId}`,
                headers: gw.auth('subsystem', 'trial'),
            });
            expect(res.statusCode, res.body).to.equal(503);
            expect(res.headers['retry-after']).to.match(/^\d+$/);
            expect(res.json()).to.include({ code: 'UNAVAILABLE' });
            expect(gw.app.faults.current().map((o) => o.component)).to.include('database');
            const ready = await gw.app.inject({ url: '/readyz' });
            expect(ready.statusCode).to.equal(503);
            expect(ready.json<{ checks: { database: { ok: boolean } } }>().checks.database.ok).to.equal(false);
        } finally {
            await gw.close({ destroy: true });
        }
    });
});
