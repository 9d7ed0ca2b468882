import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { BATCHER_ACTOR } from '@court-ledger/gateway/dist/src/platform/batches/batch-files';
import { TokenService } from '@court-ledger/gateway/dist/src/platform/auth/tokens';
import { createEmbeddedLedger } from '@court-ledger/ledger-embedded';
import { multipartBody } from '../support/multipart';
import { freePort, runCli, runServerToExit, startServerProcess, type ServerProcess } from '../support/server-process';

const SECRET = 'server-process-test-secret';
const tokens = new TokenService(SECRET);

function bearer(role: 'party' | 'subsystem' | 'clerk', sub: string): Record<string, string> {
    return { authorization: `Bearer ${tokens.mint({ role, sub })}` };
}

async function tempDir(prefix: string): Promise<string> {
    return mkdtemp(path.join(os.tmpdir(), `court-ledger-${prefix}-`));
}

async function postJson(base: string, url: string, headers: Record<string, string>, body: unknown): Promise<Response> {
    return fetch(`${base}${url}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
    });
}

/** Anchors one item through the gateway and waits for its receipt. */
async function anchorOne(server: ServerProcess): Promise<string> {
    const digest = randomBytes(32).toString('hex');
    const subsystem = bearer('subsystem', 'trial');
    const queued = await postJson(server.base, '/v1/anchors', subsystem, { items: [{ digest, kind: 'file' }] });
    expect(queued.status).to.equal(202);
    for (let i = 0; i < 600; i++) {
        const res = await fetch(`${server.base}/v1/anchors/${digest}/receipt`, { headers: subsystem });
        if (res.status === 200) {
            return digest;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no receipt for ${digest}`);
}

async function submitEvidence(server: ServerProcess): Promise<string> {
    const digest = randomBytes(32).toString('hex');
    // A clerk: parties need the case registered with them first (README "Case participation").
    const res = await postJson(server.base, '/v1/evidence', bearer('clerk', 'clerk-1'), {
        caseId: 'S-1',
        digests: { sha256: digest },
    });
    expect(res.status).to.equal(201);
    return digest;
}

async function verified(server: ServerProcess, digest: string): Promise<number> {
    return (await fetch(`${server.base}/v1/verify/sha256/${digest}`)).status;
}

describe('start-up [real server process]', () => {
    it('answers /healthz at once and reaches ready on 20 cold starts in a row beside two CPU-burning processes', async function () {
        this.timeout(20 * 120_000);
        const burners: ChildProcess[] = [0, 1].map(() =>
            spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
        );
        let ready = 0;
        let aliveBeforeReady = 0;
        try {
            for (let start = 0; start < 20; start++) {
                const dataDir = await tempDir('cold');
                const server = startServerProcess({ dataDir, port: await freePort() });
                try {
                    const seen = await server.ready(110_000);
                    expect((await fetch(`${server.base}/healthz`)).status).to.equal(200);
                    ready += 1;
                    aliveBeforeReady += seen.aliveBeforeReady ? 1 : 0;
                } finally {
                    await server.stop();
                    await rm(dataDir, { recursive: true, force: true });
                }
            }
        } finally {
            for (const burner of burners) {
                burner.kill('SIGKILL');
            }
        }
        expect(ready).to.equal(20);
        // Opening PGlite takes seconds: each time /healthz answered before /readyz did.
        expect(aliveBeforeReady).to.equal(20);
    });

    it('catches a fresh index up with a ledger of many anchored items, logging progress, then is ready', async function () {
        this.timeout(600_000);
        const dataDir = await tempDir('history');
        const batches = 2500;
        const perBatch = 25;
        try {
            // The history: 2,500 anchor blocks of 25 items (62,500 items), written straight to the ledger.
            const ledger = await createEmbeddedLedger({ dataDir: path.join(dataDir, 'ledger') });
            const batchIds: string[] = [];
            try {
                for (let b = 0; b < batches; b++) {
                    const batchId = `history-${b}`;
                    await ledger.submit({
                        contract: 'anchor',
                        fn: 'record',
                        args: [batchId, randomBytes(32).toString('hex'), String(perBatch), '["file"]', '["trial"]'],
                        actor: BATCHER_ACTOR,
                    });
                    batchIds.push(batchId);
                }
            } finally {
                await ledger.close();
            }
            const server = startServerProcess({ dataDir, port: await freePort() });
            try {
                await server.ready(300_000);
                const output = server.output();
                const progress = output.match(/index catch-up: block \d+ of \d+/g) ?? [];
                expect(progress.length, output).to.be.at.least(2);
                expect(output).to.match(/index caught up with the ledger: height 2501/);
                const status = (await (await fetch(`${server.base}/v1/status`)).json()) as {
                    ledgerHeight: number;
                    projectedBlock: number;
                };
                expect(status.projectedBlock).to.equal(status.ledgerHeight - 1);
                const last = await fetch(`${server.base}/v1/anchors/batches/${batchIds[batches - 1] ?? ''}`, {
                    headers: bearer('subsystem', 'trial'),
                });
                expect(last.status).to.equal(200);
            } finally {
                await server.stop();
            }
        } finally {
            await rm(dataDir, { recursive: true, force: true });
        }
    });

    it('refuses to serve over a ledger rolled back under its index, naming the gap; index rebuild repairs it', async function () {
        this.timeout(300_000);
        const dataDir = await tempDir('rollback');
        const port = await freePort();
        const env = { ANCHOR_INTERVAL_MS: '50' };
        try {
            let server = startServerProcess({ dataDir, port, env });
            await server.ready(120_000);
            const kept = await submitEvidence(server);
            await server.stop();
            await cp(path.join(dataDir, 'ledger'), path.join(dataDir, 'ledger-backup'), { recursive: true });

            server = startServerProcess({ dataDir, port, env });
            await server.ready(120_000);
            const lost = await submitEvidence(server);
            const anchored = await anchorOne(server);
            await server.stop();

            // An operator restores the older copy of the ledger under the newer index.
            await rm(path.join(dataDir, 'ledger'), { recursive: true });
            await cp(path.join(dataDir, 'ledger-backup'), path.join(dataDir, 'ledger'), { recursive: true });
            const refused = await runServerToExit({ dataDir, port, env });
            expect(refused.code).to.equal(1);
            expect(refused.output).to.match(/the index is ahead of the ledger by 2 blocks/);
            expect(refused.output).to.include('npx court-ledger index rebuild');

            const rebuilt = await runCli(['index', 'rebuild', '--data', dataDir], { dataDir });
            expect(rebuilt.code, rebuilt.stderr).to.equal(0);
            expect(rebuilt.stdout).to.match(/index rebuilt from the ledger/);

            server = startServerProcess({ dataDir, port, env });
            try {
                await server.ready(120_000);
                expect(await verified(server, kept)).to.equal(200);
                expect(await verified(server, lost)).to.equal(404);
                // The anchored item's sealed batch is not on the restored ledger: the batcher records it again.
                const receipt = await fetch(`${server.base}/v1/anchors/${anchored}/receipt`, {
                    headers: bearer('subsystem', 'trial'),
                });
                expect([200, 202]).to.include(receipt.status);
            } finally {
                await server.stop();
            }
        } finally {
            await rm(dataDir, { recursive: true, force: true });
        }
    });

    it('keeps the data folder private: folders 0700, files 0600 after a walkthrough', async function () {
        this.timeout(300_000);
        const parent = await tempDir('modes');
        const dataDir = path.join(parent, 'data');
        try {
            const server = startServerProcess({ dataDir, port: await freePort(), env: { ANCHOR_INTERVAL_MS: '50' } });
            try {
                await server.ready(120_000);
                await submitEvidence(server);
                await anchorOne(server);
                const form = multipartBody(
                    {
                        caseId: 'M-1',
                        documentType: 'summons',
                        recipient: 'alice-7',
                        channel: 'platform',
                        addressConfirmed: 'true',
                    },
                    { name: 'document', filename: 'summons.pdf', content: randomBytes(5000) },
                );
                const served = await fetch(`${server.base}/v1/services`, {
                    method: 'POST',
                    headers: { ...bearer('clerk', 'clerk-1'), ...form.headers },
                    body: form.payload,
                });
                expect(served.status).to.equal(201);
            } finally {
                await server.stop();
            }
            const wrong: string[] = [];
            let files = 0;
            const walk = async (dir: string): Promise<void> => {
                for (const name of await readdir(dir)) {
                    const entry = path.join(dir, name);
                    const info = await lstat(entry);
                    const mode = info.mode & 0o777;
                    if (info.isDirectory()) {
                        if (mode !== 0o700) {
                            wrong.push(`${entry} ${mode.toString(8)}`);
                        }
                        await walk(entry);
                    } else if (info.isFile()) {
                        files += 1;
                        if (mode !== 0o600) {
                            wrong.push(`${entry} ${mode.toString(8)}`);
                        }
                    }
                }
            };
            expect(((await lstat(dataDir)).mode & 0o777).toString(8)).to.equal('700');
            await walk(dataDir);
            expect(files).to.be.greaterThan(100);
            expect(wrong).to.deep.equal([]);
        } finally {
            await rm(parent, { recursive: true, force: true });
        }
    });
});
