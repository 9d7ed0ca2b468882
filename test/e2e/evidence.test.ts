import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { enrol } from '../support/cases';
import { startGateway, type Harness } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';
import { multipartBody } from '../support/multipart';

interface Submitted {
    evidenceId: string;
    caseId: string;
    digests: { sha256: string; sm3?: string };
    status: string;
    txId: string;
    blockNumber: number;
    timestamp: string;
}

const CASE = '(2026)京0491民初123号';

function sha256(data: Buffer | string): string {
    return createHash('sha256').update(data).digest('hex');
}

forEachMode('evidence anchoring', (mode) => {
    let gw: Harness;

    before(async () => {
        gw = await startGateway({ database: mode.database, ledger: mode.ledger });
        const parties = [{ sub: 'party-1' }, { sub: 'party-2', side: 'defendant' as const }];
        await enrol(gw, CASE, [...parties, { sub: 'lawyer-7', side: 'agent-of', agentOf: 'party-2' }]);
        await enrol(gw, 'CASE-2', parties);
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    async function submit(body: object, sub = 'party-1', role: 'party' | 'agent' | 'clerk' = 'party') {
        return gw.app.inject({ method: 'POST', url: '/v1/evidence', headers: gw.auth(role, sub), payload: body });
    }

    it('anchors evidence by digest, and a repeat returns the same record with 200', async () => {
        const digest = sha256(randomBytes(32));
        const first = await submit({
            caseId: CASE,
            digests: { sha256: digest },
            size: 42,
            mediaType: 'application/pdf',
        });
        expect(first.statusCode, first.body).to.equal(201);
        const created = first.json<Submitted>();
        expect(created.evidenceId).to.match(/^ev_[0-9a-f]{32}$/);
        expect(created).to.include({ caseId: CASE, status: 'submitted' });
        expect(created.digests).to.deep.equal({ sha256: digest });
        expect(created.blockNumber).to.be.a('number');
        expect(Date.parse(created.timestamp)).to.be.closeTo(Date.now(), 60_000);

        const again = await submit({
            caseId: CASE,
            digests: { sha256: digest },
            size: 42,
            mediaType: 'application/pdf',
        });
        expect(again.statusCode, again.body).to.equal(200);
        const repeated = again.json<Submitted>();
        expect(repeated.evidenceId).to.equal(created.evidenceId);
        expect(repeated.txId).to.equal(created.txId);
        expect(repeated.blockNumber).to.equal(created.blockNumber);
    });

    it('the same digest in another case, or by another submitter, is a separate record', async () => {
        const digest = sha256(randomBytes(32));
        const a = (await submit({ caseId: CASE, digests: { sha256: digest } })).json<Submitted>();
        const b = await submit({ caseId: 'CASE-2', digests: { sha256: digest } });
        const c = await submit({ caseId: CASE, digests: { sha256: digest } }, 'party-2');
        expect(b.statusCode).to.equal(201);
        expect(c.statusCode).to.equal(201);
        expect(new Set([a.evidenceId, b.json<Submitted>().evidenceId, c.json<Submitted>().evidenceId]).size).to.equal(
            3,
        );
    });

    it('hashes a multipart upload with SHA-256 and SM3 in one pass and stores nothing', async () => {
        const content = randomBytes(300_000);
        const body = multipartBody(
            { caseId: CASE },
            { name: 'file', filename: 'exhibit.pdf', content, contentType: 'application/pdf' },
        );
        const res = await gw.app.inject({
            method: 'POST',
            url: '/v1/evidence',
            headers: { ...gw.auth('agent', 'lawyer-7'), ...body.headers },
            payload: body.payload,
        });
        expect(res.statusCode, res.body).to.equal(201);
        const created = res.json<Submitted & { size: number; mediaType: string }>();
        expect(created.digests).to.deep.equal({
            sha256: sha256(content),
            sm3: createHash('sm3').update(content).digest('hex'),
        });
        expect(created.size).to.equal(content.length);
        expect(created.mediaType).to.equal('application/pdf');
    });

    it('walks the custody trail and refuses transitions the rules forbid', async () => {
        const created = (await submit({ caseId: CASE, digests: { sha256: sha256(randomBytes(8)) } })).json<Submitted>();
        const custody = (event: string, role: 'clerk' | 'judge' | 'party', sub: string, note?: string) =>
            gw.app.inject({
                method: 'POST',
                url: `/v1/evidence/${created.evidenceId}/custody`,
                headers: gw.auth(role, sub),
                payload: note === undefined ? { event } : { event, note },
            });
        expect((await custody('exchange', 'clerk', 'clerk-1', 'exchanged at pre-trial meeting')).statusCode).to.equal(
            200,
        );
        expect((await custody('present', 'judge', 'judge-1')).statusCode).to.equal(200);

        const late = await custody('withdraw', 'party', 'party-1');
        expect(late.statusCode).to.equal(409);
        expect(late.json()).to.include({ code: 'INVALID_TRANSITION' });

        const byParty = await custody('admit', 'party', 'party-1');
        expect(byParty.statusCode).to.equal(403);

        expect((await custody('cross-examine', 'judge', 'judge-1')).statusCode).to.equal(200);
        const admitted = await custody('admit', 'judge', 'judge-1');
        expect(admitted.statusCode, admitted.body).to.equal(200);
        expect(admitted.json<{ status: string }>().status).to.equal('admitted');

        const record = await gw.app.inject({
            url: `/v1/evidence/${created.evidenceId}`,
            headers: gw.auth('clerk', 'clerk-1'),
        });
        expect(record.statusCode).to.equal(200);
        const body = record.json<{
            custody: { event: string; txId: string; noteSha256?: string }[];
            notes: { note: string }[];
        }>();
        expect(body.custody.map((c) => c.event)).to.deep.equal(['exchange', 'present', 'cross-examine', 'admit']);
        // The ledger holds the note's salted digest (a guess at the text cannot be tested against it).
        expect(body.custody[0]?.noteSha256).to.match(/^[0-9a-f]{64}$/);
        expect(body.custody[0]?.noteSha256).to.not.equal(sha256('exchanged at pre-trial meeting'));
        expect(body.notes.map((n) => n.note)).to.deep.equal(['exchanged at pre-trial meeting']);

        const list = await gw.app.inject({
            url: `/v1/cases/${encodeURIComponent(CASE)}/evidence`,
            headers: gw.auth('judge', 'judge-1'),
        });
        expect(list.statusCode).to.equal(200);
        expect(list.json<{ evidence: { evidenceId: string }[] }>().evidence.map((e) => e.evidenceId)).to.include(
            created.evidenceId,
        );
    });

    it('lets the submitter withdraw before presentation, and nobody else', async () => {
        const created = (await submit({ caseId: CASE, digests: { sha256: sha256(randomBytes(8)) } })).json<Submitted>();
        const url = `/v1/evidence/${created.evidenceId}/custody`;
        const other = await gw.app.inject({
            method: 'POST',
            url,
            headers: gw.auth('party', 'party-9'),
            payload: { event: 'withdraw' },
        });
        expect(other.statusCode).to.equal(403);
        const own = await gw.app.inject({
            method: 'POST',
            url,
            headers: gw.auth('party', 'party-1'),
            payload: { event: 'withdraw' },
        });
        expect(own.statusCode, own.body).to.equal(200);
        expect(own.json<{ status: string }>().status).to.equal('withdrawn');
    });

    it('answers public verification with minimal facts only', async () => {
        const content = randomBytes(1000);
        const digest = sha256(content);
        const created = (await submit({ caseId: CASE, digests: { sha256: digest } })).json<Submitted>();

        const res = await gw.app.inject({ url: `/v1/verify/sha256/${digest}` });
        expect(res.statusCode).to.equal(200);
        const answer = res.json<{ anchored: boolean; records: Record<string, unknown>[] }>();
        expect(answer.anchored).to.equal(true);
        expect(answer.records).to.deep.include({
            kind: 'evidence',
            time: created.timestamp,
            txId: created.txId,
            blockNumber: created.blockNumber,
        });
        expect(res.body).not.to.include(CASE);
        expect(res.body).not.to.include('party-1');

        const missing = await gw.app.inject({ url: `/v1/verify/sha256/${sha256('nothing')}` });
        expect(missing.statusCode).to.equal(404);
        expect(missing.json()).to.deep.equal({ anchored: false });

        const upload = multipartBody({}, { name: 'file', filename: 'x.bin', content });
        const byFile = await gw.app.inject({
            method: 'POST',
            url: '/v1/verify',
            headers: upload.headers,
            payload: upload.payload,
        });
        expect(byFile.statusCode).to.equal(200);
        const fileAnswer = byFile.json<{ anchored: boolean; digests: { sha256: string; sm3: string } }>();
        expect(fileAnswer.anchored).to.equal(true);
        expect(fileAnswer.digests.sha256).to.equal(digest);

        const sm3Content = randomBytes(64);
        const form = multipartBody({ caseId: CASE }, { name: 'file', filename: 'y.bin', content: sm3Content });
        await gw.app.inject({
            method: 'POST',
            url: '/v1/evidence',
            headers: { ...gw.auth('party', 'party-1'), ...form.headers },
            payload: form.payload,
        });
        const bySm3 = await gw.app.inject({
            url: `/v1/verify/sm3/${createHash('sm3').update(sm3Content).digest('hex')}`,
        });
        expect(bySm3.statusCode).to.equal(200);
    });
});
