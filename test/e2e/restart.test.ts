import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { EvidenceClient } from '@court-ledger/gateway/dist/src/features/evidence/client';
import { createLedger } from '@court-ledger/gateway/dist/src/platform/ledger/create-ledger';
import { loadPepper } from '@court-ledger/gateway/dist/src/platform/pseudonyms/pepper';
import { PrivacyLedger } from '@court-ledger/gateway/dist/src/platform/pseudonyms/privacy-ledger';
import { evidenceByDigest } from '@court-ledger/gateway/dist/src/features/evidence/store';
import { enrol } from '../support/cases';
import { startGateway } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';

const serverScript = require.resolve('@court-ledger/gateway/dist/src/main.js');

function startServer(dataDir: string, port: number): Promise<ChildProcess> {
    const child = spawn(process.execPath, [serverScript], {
        env: {
            ...process.env,
            COURT_LEDGER_DATA: dataDir,
            PORT: String(port),
            DATABASE_URL: '',
            JWT_SECRET: 'kill-test-secret',
            LOG_LEVEL: 'info',
            ANCHOR_INTERVAL_MS: '3600000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise((resolve, reject) => {
        let output = '';
        const onData = (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes('court-ledger gateway on')) {
                resolve(child);
            }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => {
            reject(new Error(`server exited with ${code}: ${output}`));
        });
    });
}

forEachMode('restarts', (mode) => {
    it('keeps evidence, custody and pending items across a gateway restart, without duplicating index rows', async () => {
        const first = await startGateway({
            database: mode.database,
            ledger: mode.ledger,
            env: { ANCHOR_INTERVAL_MS: '3600000' },
        });
        await enrol(first, 'R-1', [{ sub: 'p-1' }]);
        const digest = randomBytes(32).toString('hex');
        const created = await first.app.inject({
            method: 'POST',
            url: '/v1/evidence',
            headers: first.auth('party', 'p-1'),
            payload: { caseId: 'R-1', digests: { sha256: digest } },
        });
        expect(created.statusCode).to.equal(201);
        const { evidenceId } = created.json<{ evidenceId: string }>();
        await first.app.inject({
            method: 'POST',
            url: `/v1/evidence/${evidenceId}/custody`,
            headers: first.auth('clerk', 'c-1'),
            payload: { event: 'exchange' },
        });
        const pending = randomBytes(32).toString('hex');
        const queued = await first.app.inject({
            method: 'POST',
            url: '/v1/anchors',
            headers: first.auth('subsystem', 'trial'),
            payload: { items: [{ digest: pending, kind: 'file' }] },
        });
        expect(queued.json<{ items: { status: string }[] }>().items[0]?.status).to.equal('pending');
        const statusBefore = (await first.app.inject({ url: '/v1/status' })).json<{ projectedBlock: number }>();
        await first.close();

        const second = await startGateway({
            database: mode.database,
            ledger: mode.ledger,
            dataDir: first.dataDir,
            databaseUrl: first.databaseUrl,
        });
        try {
            const record = await second.app.inject({
                url: `/v1/evidence/${evidenceId}`,
                headers: second.auth('clerk', 'c-1'),
            });
            expect(record.json<{ status: string }>().status).to.equal('exchanged');
            const rows = await evidenceByDigest(second.app.index.db, 'sha256', digest);
            expect(rows).to.have.length(1);
            expect(rows[0]?.record.custody).to.have.length(1);
            const statusAfter = (await second.app.inject({ url: '/v1/status' })).json<{ projectedBlock: number }>();
            expect(statusAfter.projectedBlock).to.be.at.least(statusBefore.projectedBlock);
            await second.app.batcher.flush();
            let receipt = await second.app.inject({
                url: `/v1/anchors/${pending}/receipt`,
                headers: second.auth('subsystem', 'trial'),
            });
            for (let i = 0; i < 200 && receipt.statusCode === 202; i++) {
                await new Promise((resolve) => setTimeout(resolve, 25));
                receipt = await second.app.inject({
                    url: `/v1/anchors/${pending}/receipt`,
                    headers: second.auth('subsystem', 'trial'),
                });
            }
            expect(receipt.statusCode, receipt.body).to.equal(200);
        } finally {
            await second.close({ destroy: true });
        }
    });
    it('catches the index up exactly after a restart: what committed while it was down, nothing twice', async () => {
        const first = await startGateway({ database: mode.database, ledger: mode.ledger });
        const party = { sub: `p-${randomBytes(4).toString('hex')}`, role: 'party', org: 'CourtMSP' };
        const clerk = { sub: 'c-1', role: 'clerk', org: 'CourtMSP' };
        await enrol(first, 'R-2', [{ sub: party.sub }]);
        const before = Array.from({ length: 3 }, () => randomBytes(32).toString('hex'));
        for (const digest of before) {
            const res = await first.app.inject({
                method: 'POST',
                url: '/v1/evidence',
                headers: first.auth('party', party.sub),
                payload: { caseId: 'R-2', digests: { sha256: digest } },
            });
            expect(res.statusCode, res.body).to.equal(201);
        }
        await first.close();

        // While the gateway is down the ledger moves on: new evidence, and custody on what the index holds.
        // Through the same privacy boundary and pepper as the gateway, as another court process would write.
        const pepper = await loadPepper(first.config.dataDir, first.config.serviceOfProcess.pepper);
        const ledger = new PrivacyLedger(await createLedger(first.config, pino({ level: 'silent' })), pepper);
        const client = new EvidenceClient(ledger, pepper);
        const during = Array.from({ length: 4 }, () => randomBytes(32).toString('hex'));
        let lastBlock = 0;
        try {
            const submitted = await Promise.all(
                [...before, ...during].map((digest) => client.submitEvidence(party, { caseId: 'R-2', sha256: digest })),
            );
            for (const { record } of submitted.slice(0, before.length)) {
                const custody = await client.custody(clerk, record.evidenceId, 'exchange', undefined);
                lastBlock = Math.max(lastBlock, custody.committed.blockNumber);
            }
            lastBlock = Math.max(lastBlock, ...submitted.map((s) => s.committed.blockNumber));
        } finally {
            await ledger.close();
        }

        const second = await startGateway({
            database: mode.database,
            ledger: mode.ledger,
            dataDir: first.dataDir,
            databaseUrl: first.databaseUrl,
        });
        try {
            expect(await second.app.projector.waitFor(lastBlock, 60_000)).to.equal(true);
            for (const digest of [...before, ...during]) {
                const rows = await evidenceByDigest(second.app.index.db, 'sha256', digest);
                expect(rows, digest).to.have.length(1);
                const expected = before.includes(digest) ? ['exchange'] : [];
                expect(rows[0]?.record.custody.map((c) => c.event)).to.deep.equal(expected);
            }
        } finally {
            await second.close({ destroy: true });
        }
    });
});

describe('crash safety [real server process, kill -9]', function () {
    // Two real server processes start here (PGlite, ledger replay): minutes, not seconds, on a loaded machine.
    this.timeout(240_000);
    it('loses nothing it acknowledged when killed with SIGKILL', async () => {
        const dataDir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-kill-'));
        const port = 20000 + Math.floor(Math.random() * 20000);
        const base = `http://127.0.0.1:${port}`;
        try {
            let server = await startServer(dataDir, port);
            const { TokenService } = await import('@court-ledger/gateway/dist/src/platform/auth/tokens.js');
            const tokens = new TokenService('kill-test-secret');
            const headers = {
                // A clerk: parties need the case registered with them first (README "Case participation").
                authorization: `Bearer ${tokens.mint({ role: 'clerk', sub: 'clerk-1' })}`,
                'content-type': 'application/json',
            };
            const subsystem = {
                authorization: `Bearer ${tokens.mint({ role: 'subsystem', sub: 'trial' })}`,
                'content-type': 'application/json',
            };
            const acknowledged: string[] = [];
            for (let i = 0; i < 20; i++) {
                const digest = randomBytes(32).toString('hex');
                const res = await fetch(`${base}/v1/evidence`, {
                    method: 'POST',
                    headers,
                    body: JSON.stringify({ caseId: 'K-1', digests: { sha256: digest } }),
                });
                expect(res.status).to.equal(201);
                acknowledged.push(digest);
            }
            const items = Array.from({ length: 500 }, () => ({
                digest: randomBytes(32).toString('hex'),
                kind: 'file',
            }));
            const queued = await fetch(`${base}/v1/anchors`, {
                method: 'POST',
                headers: subsystem,
                body: JSON.stringify({ items }),
            });
            expect(queued.status).to.equal(202);
            server.kill('SIGKILL');
            await new Promise((resolve) => server.once('exit', resolve));

            server = await startServer(dataDir, port);
            try {
                for (const digest of acknowledged) {
                    const res = await fetch(`${base}/v1/verify/sha256/${digest}`);
                    expect(res.status, digest).to.equal(200);
                }
                // Every queued item survived: pending, or already anchored by the restarted batcher.
                for (const item of items) {
                    const res = await fetch(`${base}/v1/anchors/${item.digest}/receipt`, { headers: subsystem });
                    expect([200, 202], item.digest).to.include(res.status);
                }
            } finally {
                server.kill('SIGTERM');
                await new Promise((resolve) => server.once('exit', resolve));
            }
        } finally {
            await rm(dataDir, { recursive: true, force: true });
        }
    });
});
