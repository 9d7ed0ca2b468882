import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { verifyReceipt, type Receipt } from '@court-ledger/gateway/dist/src/platform/receipts';
import { anchorVerifiers } from '@court-ledger/gateway/dist/src/platform/receipts/anchor-verifiers';
import { chainOf } from '@court-ledger/gateway/dist/src/features/recordings/chain';
import type { RecordingVerification } from '@court-ledger/gateway/dist/src/features/recordings/schemas';
import { TokenService } from '@court-ledger/gateway/dist/src/platform/auth/tokens';
import { fabricTestSettings } from '../support/fabric-settings';
import { startGateway, type Harness } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';
import { freePort, runCli, startServerProcess } from '../support/server-process';

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

forEachMode('recordings anchored as they are made', (mode) => {
    let gw: Harness;
    const recorder = () => gw.auth('subsystem', 'hearing-recorder');
    const post = (sessionId: string, seq: number, digest: string, headers = recorder()) =>
        gw.app.inject({ method: 'POST', url: '/v1/recordings/segments', headers, payload: { sessionId, seq, digest } });
    const verify = async (sessionId: string, digests: string[]): Promise<RecordingVerification> => {
        const res = await gw.app.inject({
            method: 'POST',
            url: `/v1/recordings/${sessionId}/verify`,
            headers: gw.auth('judge', 'judge-1'),
            payload: { digests },
        });
        expect(res.statusCode, res.body).to.equal(200);
        return res.json<RecordingVerification>();
    };
    const receiptOf = async (digest: string): Promise<Receipt> => {
        await gw.app.batcher.flush();
        const res = await gw.app.inject({ url: `/v1/anchors/${digest}/receipt`, headers: recorder() });
        expect(res.statusCode, res.body).to.equal(200);
        return res.json<Receipt>();
    };

    before(async () => {
        gw = await startGateway({ database: mode.database, ledger: mode.ledger });
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    it('chains and anchors each segment, anchors the closing value, and verifies the whole recording', async () => {
        const sessionId = `hearing-${randomBytes(4).toString('hex')}`;
        const digests = Array.from({ length: 6 }, (_, i) => sha256(`segment ${i} of ${sessionId}`));
        const chains: string[] = [];
        for (const [i, digest] of digests.entries()) {
            const res = await post(sessionId, i + 1, digest.toUpperCase());
            expect(res.statusCode, res.body).to.equal(201);
            const body = res.json<{ seq: number; digest: string; chain: string }>();
            expect(body).to.include({ seq: i + 1, digest });
            expect(body.chain).to.equal(chainOf(sessionId, digests.slice(0, i + 1)).chain);
            chains.push(body.chain);
        }

        // Each segment's chain value is anchored through the normal batcher; its receipt verifies offline.
        const verifiers = anchorVerifiers(
            mode.ledger === 'fabric' ? { trustedCaCertificates: (await fabricTestSettings()).mspCaCertificates } : {},
        );
        const third = await receiptOf(chains[2]!);
        expect((await verifyReceipt(third, { anchorVerifiers: verifiers })).ok).to.equal(true);
        const batch = await gw.app.inject({ url: `/v1/anchors/batches/${third.batchId}`, headers: recorder() });
        expect(batch.json<{ kinds: string[] }>().kinds).to.include('hearing-recording');

        const open = await verify(sessionId, digests);
        expect(open).to.include({ intact: true, segmentCount: 6, given: 6 });
        expect(open.anchoredClosing).to.equal(undefined);

        const closed = await gw.app.inject({
            method: 'POST',
            url: `/v1/recordings/${sessionId}/close`,
            headers: recorder(),
        });
        expect(closed.statusCode, closed.body).to.equal(200);
        const session = closed.json<{ status: string; segmentCount: number; chain: string; closingDigest: string }>();
        expect(session).to.include({ status: 'closed', segmentCount: 6, chain: chains[5] });
        expect(session.closingDigest).to.equal(chainOf(sessionId, digests).closing);
        const closingReceipt = await receiptOf(session.closingDigest);
        expect((await verifyReceipt(closingReceipt, { anchorVerifiers: verifiers })).ok).to.equal(true);

        const again = await gw.app.inject({
            method: 'POST',
            url: `/v1/recordings/${sessionId}/close`,
            headers: recorder(),
        });
        expect(again.json()).to.deep.equal({ ...closed.json(), closingStatus: 'anchored' });
        const late = await post(sessionId, 7, sha256('late'));
        expect(late.statusCode).to.equal(409);
        expect(late.json()).to.include({ code: 'SESSION_CLOSED' });

        const intact = await verify(sessionId, digests);
        expect(intact).to.deep.include({
            intact: true,
            closingDigest: session.closingDigest,
            anchoredClosing: { digest: session.closingDigest, status: 'anchored', matches: true },
        });
        const listed = await gw.app.inject({ url: `/v1/recordings/${sessionId}`, headers: gw.auth('clerk', 'c-1') });
        expect(listed.json<{ segments: { chain: string }[] }>().segments.map((s) => s.chain)).to.deep.equal(chains);

        const changed = await verify(
            sessionId,
            digests.map((d, i) => (i === 3 ? sha256('edited') : d)),
        );
        expect(changed).to.include({ intact: false, firstDifference: 4 });
        expect(changed.changed).to.deep.equal([{ seq: 4, expected: digests[3], given: sha256('edited') }]);
        expect(changed.anchoredClosing?.matches).to.equal(false);
        const removed = await verify(sessionId, digests.slice(0, 5));
        expect(removed).to.include({ intact: false, firstDifference: 6 });
        expect(removed.missing.map((m) => m.seq)).to.deep.equal([6]);
        const added = await verify(sessionId, [...digests, sha256('extra')]);
        expect(added.added.map((a) => a.seq)).to.deep.equal([7]);
        const swapped = await verify(sessionId, [digests[0]!, digests[2]!, digests[1]!, ...digests.slice(3)]);
        expect(swapped.changed.map((c) => c.seq)).to.deep.equal([2, 3]);
    });

    it('refuses segments out of order, twice, from another recorder, or for an unknown session', async () => {
        const sessionId = `mediation-${randomBytes(4).toString('hex')}`;
        const gap = await post(sessionId, 2, sha256('two'));
        expect(gap.statusCode).to.equal(409);
        expect(gap.json()).to.include({ code: 'SEGMENT_OUT_OF_ORDER', field: 'seq' });
        expect((await post(sessionId, 1, sha256('one'))).statusCode).to.equal(201);
        const duplicate = await post(sessionId, 1, sha256('one'));
        expect(duplicate.statusCode).to.equal(409);
        expect(duplicate.json()).to.include({ code: 'DUPLICATE_SEGMENT' });
        const skip = await post(sessionId, 3, sha256('three'));
        expect(skip.json()).to.include({ code: 'SEGMENT_OUT_OF_ORDER' });
        const intruder = await post(sessionId, 2, sha256('two'), gw.auth('subsystem', 'other-recorder'));
        expect(intruder.statusCode).to.equal(403);
        const party = await post(sessionId, 2, sha256('two'), gw.auth('party', 'p-1'));
        expect(party.statusCode).to.equal(403);
        expect((await post(sessionId, 2, sha256('two'))).statusCode).to.equal(201);

        const unknown = await gw.app.inject({
            method: 'POST',
            url: '/v1/recordings/no-such-session/verify',
            headers: recorder(),
            payload: { digests: [] },
        });
        expect(unknown.statusCode).to.equal(404);
        expect(unknown.json()).to.include({ code: 'SESSION_NOT_FOUND' });
        const closeUnknown = await gw.app.inject({
            method: 'POST',
            url: '/v1/recordings/no-such-session/close',
            headers: recorder(),
        });
        expect(closeUnknown.statusCode).to.equal(404);
        const bad = await post('bad id with spaces', 1, sha256('x'));
        expect(bad.statusCode).to.equal(400);
    });
});

describe('recordings across kill -9 [real server process] and the verify-recording CLI', function () {
    this.timeout(240_000);

    it('keeps every acknowledged segment and the chain; the CLI names the segment that was changed', async () => {
        const dataDir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-rec-'));
        const port = await freePort();
        const env = { JWT_SECRET: 'recordings-kill-secret', ANCHOR_INTERVAL_MS: '3600000' };
        const token = new TokenService('recordings-kill-secret').mint({ role: 'subsystem', sub: 'hearing-recorder' });
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        const sessionId = 'hearing-kill-1';
        const folder = path.join(dataDir, 'segments');
        await mkdir(folder);
        const segments = Array.from({ length: 12 }, (_, i) => randomBytes(1000 + i));
        const postSegment = (base: string, seq: number) =>
            fetch(`${base}/v1/recordings/segments`, {
                method: 'POST',
                headers,
                body: JSON.stringify({ sessionId, seq, digest: sha256(segments[seq - 1]!) }),
            });
        try {
            let server = startServerProcess({ dataDir, port, env });
            await server.ready(120_000);
            for (let seq = 1; seq <= 8; seq++) {
                expect((await postSegment(server.base, seq)).status).to.equal(201);
            }
            server.child.kill('SIGKILL');
            await server.stop();

            server = startServerProcess({ dataDir, port, env });
            try {
                await server.ready(120_000);
                expect((await postSegment(server.base, 8)).status, 'seq 8 was kept').to.equal(409);
                for (let seq = 9; seq <= 12; seq++) {
                    expect((await postSegment(server.base, seq)).status).to.equal(201);
                }
                const close = await fetch(`${server.base}/v1/recordings/${sessionId}/close`, {
                    method: 'POST',
                    headers: { authorization: headers.authorization },
                });
                expect(close.status).to.equal(200);
                const closed = (await close.json()) as { closingDigest: string; segmentCount: number };
                expect(closed.segmentCount).to.equal(12);
                expect(closed.closingDigest).to.equal(
                    chainOf(
                        sessionId,
                        segments.map((s) => sha256(s)),
                    ).closing,
                );

                // Natural name order: seg-2 before seg-10.
                for (const [i, data] of segments.entries()) {
                    await writeFile(path.join(folder, `seg-${i + 1}.ts`), data);
                }
                const cli = (args: string[]) =>
                    runCli(
                        ['verify-recording', ...args, '--session', sessionId, '--url', server.base, '--token', token],
                        {
                            dataDir,
                            env,
                        },
                    );
                const intact = await cli([folder]);
                expect(intact.code, intact.stderr).to.equal(0);
                expect(JSON.parse(intact.stdout)).to.include({ intact: true, segmentCount: 12 });

                await writeFile(path.join(folder, 'seg-10.ts'), Buffer.concat([segments[9]!, Buffer.of(0)]));
                const tampered = await cli([folder]);
                expect(tampered.code).to.equal(1);
                expect(tampered.stderr).to.include('segment #10 (seg-10.ts) differs');

                const list = path.join(dataDir, 'digests.txt');
                await writeFile(
                    list,
                    segments
                        .slice(0, 11)
                        .map((s, i) => `${sha256(s)}  seg-${i + 1}.ts\n`)
                        .join(''),
                );
                const short = await cli(['--digests', list]);
                expect(short.code).to.equal(1);
                expect(short.stderr).to.include('segment #12 missing');
            } finally {
                await server.stop();
            }
        } finally {
            await rm(dataDir, { recursive: true, force: true });
        }
    });
});
