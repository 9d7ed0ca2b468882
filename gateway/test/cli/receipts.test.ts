import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { EXIT_CODES } from '../../src/cli/exit-codes';
import { loadConfig } from '../../src/config';
import { createGateway } from '../../src/gateway';
import { TokenService } from '../../src/platform/auth/tokens';
import { verifyReceipt } from '../../src/platform/receipts';
import { anchorVerifiers } from '../../src/platform/receipts/anchor-verifiers';
import { fabricFixture, fabricReceipt } from '../platform/receipts/fabric-fixture';
import { sha256Hex } from '../platform/receipts/fixtures';

const CLI = path.join(__dirname, '..', '..', 'src', 'cli', 'main.js');
const SECRET = 'cli-receipts-test-secret-cli-receipts';

interface Run {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs the built `court-ledger` CLI as a user would, in `cwd`. */
function cli(args: readonly string[], cwd: string): Promise<Run> {
    return new Promise((resolve) => {
        execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env } }, (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
            resolve({ code, stdout, stderr });
        });
    });
}

/** A gateway listening on a random loopback port, closing a batch every `anchorIntervalMs`. */
async function gatewayOn(dataDir: string, anchorIntervalMs: number): Promise<{ app: FastifyInstance; url: string }> {
    const app = await createGateway(
        loadConfig({
            COURT_LEDGER_DATA: dataDir,
            JWT_SECRET: SECRET,
            LOG_LEVEL: 'silent',
            ANCHOR_INTERVAL_MS: String(anchorIntervalMs),
        }),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

describe('CLI: pending receipts', function () {
    this.timeout(300_000);
    let dir: string;
    const token = new TokenService(SECRET).mint({ sub: 'trial-system', role: 'subsystem' });

    beforeEach(async () => {
        dir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-cli-'));
    });
    afterEach(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it('verify-receipt on the gateway’s pending answer says so, Chinese first, with exit code 4 (no schema dump)', async () => {
        await writeFile(path.join(dir, 'exhibit.receipt.json'), JSON.stringify({ status: 'pending' }));
        const run = await cli(['verify-receipt', 'exhibit.receipt.json'], dir);
        expect(run.code).to.equal(EXIT_CODES.pending).and.to.equal(4);
        expect(run.stdout).to.equal('');
        const lines = run.stderr.trim().split('\n');
        expect(lines).to.have.length(2);
        expect(lines[0]).to.match(/exhibit\.receipt\.json: 此回执仍在等待上链.*请稍后重新获取/);
        expect(lines[1]).to.include('this receipt is still pending').and.to.include('fetch it again');
        expect(run.stderr).not.to.match(/schema|must have required property|FAIL/i);
    });

    it('anchor --wait waits until every receipt is final, shows progress, writes receipts that verify', async () => {
        const { app, url } = await gatewayOn(path.join(dir, 'data'), 300);
        try {
            const files = ['a.txt', 'b.txt', 'c.txt'];
            for (const file of files) {
                await writeFile(path.join(dir, file), `content of ${file}\n`);
            }
            const run = await cli(['anchor', '--token', token, '--url', url, '--wait', ...files], dir);
            expect(run.code, run.stderr).to.equal(0);
            expect(run.stdout.trim().split('\n')).to.have.length(3);
            expect(run.stderr).to.include('receipts final: 3/3');
            expect(run.stderr).to.include('回执已写入 .');
            for (const file of files) {
                const receipt: unknown = JSON.parse(await readFile(path.join(dir, `${file}.receipt.json`), 'utf8'));
                const fileDigest = createHash('sha256').update(`content of ${file}\n`).digest('hex');
                const result = await verifyReceipt(receipt, { fileDigest, anchorVerifiers: anchorVerifiers() });
                expect(result.ok, JSON.stringify(result.checks)).to.equal(true);
            }
            await writeFile(path.join(dir, 'trust.json'), await (await fetch(`${url}/v1/trust`)).text());
            const check = await cli(
                ['verify-receipt', 'b.txt.receipt.json', '--file', 'b.txt', '--trust', 'trust.json'],
                dir,
            );
            expect(check.code, check.stdout + check.stderr).to.equal(0);
            expect(check.stdout).to.include('receipt valid');
        } finally {
            await app.close();
        }
    });

    it('anchor --wait --timeout ends with exit code 4 naming what is still pending, when no batch closes in time', async () => {
        const { app, url } = await gatewayOn(path.join(dir, 'data'), 3_600_000);
        try {
            await writeFile(path.join(dir, 'late.txt'), 'anchored only after an hour\n');
            const run = await cli(
                ['anchor', '--token', token, '--url', url, '--wait', '--timeout', '1', '--receipts', 'out', 'late.txt'],
                dir,
            );
            expect(run.code).to.equal(EXIT_CODES.pending);
            expect(run.stderr).to.include('receipts final: 0/1');
            expect(run.stderr).to.match(/仍有 1\/1 份回执未确定/);
            expect(run.stderr).to.include('still pending after 1 s: 1 of 1 receipts (from late.txt on)');
        } finally {
            await app.close();
        }
    });
});

describe('CLI: a Fabric receipt pinned by fingerprints', function () {
    this.timeout(120_000);
    let dir: string;
    let receiptPath: string;
    let pins: string;

    before(async () => {
        dir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-cli-fabric-'));
        receiptPath = path.join(dir, 'receipt.json');
        await writeFile(receiptPath, JSON.stringify(await fabricReceipt()));
        pins = Object.entries(fabricFixture().mspCaCertificates)
            .map(([mspId, pems]) => `${mspId}=${sha256Hex(new X509Certificate(pems[0]!).raw)}`)
            .join(',');
    });
    after(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it('verify-receipt --fingerprint "MSP=…,…" pins the CA certificates: valid; without it, not pinned', async () => {
        const pinned = await cli(['verify-receipt', receiptPath, '--fingerprint', pins], dir);
        expect(pinned.stdout).to.match(/ok {3}fabric-ca-certificates: .*pinned \(trusted/);
        expect(pinned.stdout).to.match(/receipt valid\n$/);
        expect(pinned.code).to.equal(EXIT_CODES.ok);
        const unpinned = await cli(['verify-receipt', receiptPath], dir);
        expect(unpinned.code).to.equal(EXIT_CODES.unpinned);
        const swapped = pins.replace('CourtMSP=', 'X=').replace('AgencyMSP=', 'CourtMSP=').replace('X=', 'AgencyMSP=');
        const wrong = await cli(['verify-receipt', receiptPath, '--fingerprint', swapped], dir);
        expect(wrong.stdout).to.match(/FAIL fabric-ca-certificates: .*not a pinned fingerprint/);
        expect(wrong.code).to.equal(EXIT_CODES.invalid);
        const garbage = await cli(['verify-receipt', receiptPath, '--fingerprint', 'CourtMSP=abc'], dir);
        expect(garbage.stderr).to.include('CourtMSP=abc');
        expect(garbage.code).to.equal(EXIT_CODES.error);
    });
});
