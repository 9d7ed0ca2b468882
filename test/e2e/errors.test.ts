import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { enrol } from '../support/cases';
import { startGateway, type Harness } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';
import { multipartBody } from '../support/multipart';

const digest = createHash('sha256').update('x').digest('hex');

forEachMode('bad input and authentication', (mode) => {
    let gw: Harness;

    before(async () => {
        gw = await startGateway({
            database: mode.database,
            ledger: mode.ledger,
            env: { BODY_LIMIT: '65536', UPLOAD_LIMIT: '1024' },
        });
        await enrol(gw, 'C-1', [{ sub: 'party-1' }]);
        await enrol(gw, 'C-UP', [{ sub: 'party-1' }]);
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    async function post(url: string, payload: unknown, headers: Record<string, string> = gw.auth('party', 'party-1')) {
        const res = await gw.app.inject({ method: 'POST', url, headers, payload: payload as object });
        return { status: res.statusCode, body: res.json<{ code: string; message: string; field?: string }>() };
    }

    const badDigests: [string, unknown][] = [
        ['too short', digest.slice(2)],
        ['too long', digest + '00'],
        ['not hex', 'z'.repeat(64)],
        ['not a string', 7],
    ];
    for (const [label, value] of badDigests) {
        it(`rejects a digest that is ${label} with 400 naming the field`, async () => {
            const res = await post('/v1/evidence', { caseId: 'C-1', digests: { sha256: value } });
            expect(res.status).to.equal(400);
            expect(res.body.code).to.equal('INVALID_DIGEST');
            expect(res.body.field).to.equal('digests.sha256');
        });
    }

    it('rejects an unknown algorithm and a malformed digest on public verification', async () => {
        const algo = await gw.app.inject({ url: `/v1/verify/md5/${digest}` });
        expect(algo.statusCode).to.equal(400);
        expect(algo.json()).to.include({ field: 'algorithm' });
        const bad = await gw.app.inject({ url: `/v1/verify/sha256/${digest.slice(1)}` });
        expect(bad.statusCode).to.equal(400);
        expect(bad.json()).to.include({ code: 'INVALID_DIGEST', field: 'digest' });
    });

    it('rejects a missing field and an unknown field', async () => {
        const missing = await post('/v1/evidence', { digests: { sha256: digest } });
        expect(missing.status).to.equal(400);
        expect(missing.body.field).to.equal('caseId');
        const unknown = await post('/v1/evidence', { caseId: 'C-1', digests: { sha256: digest }, extra: 1 });
        expect(unknown.status).to.equal(400);
    });

    it('answers 401 without a token, with a bad or expired token', async () => {
        const none = await post('/v1/evidence', { caseId: 'C-1', digests: { sha256: digest } }, {});
        expect(none.status).to.equal(401);
        expect(none.body).to.include({ code: 'UNAUTHENTICATED', field: 'authorization' });
        const forged = await post(
            '/v1/evidence',
            { caseId: 'C-1', digests: { sha256: digest } },
            { authorization: 'Bearer abc.def.ghi' },
        );
        expect(forged.status).to.equal(401);
        const expired = gw.app.tokens.mint({ role: 'party', sub: 'p', ttlSeconds: -10 });
        const old = await post(
            '/v1/evidence',
            { caseId: 'C-1', digests: { sha256: digest } },
            { authorization: `Bearer ${expired}` },
        );
        expect(old.status).to.equal(401);
        expect(old.body.message).to.include('expired');
    });

    it('answers 403 for a role that may not act', async () => {
        const res = await post('/v1/anchors', { items: [{ digest, kind: 'file' }] });
        expect(res.status).to.equal(403);
        expect(res.body.code).to.equal('FORBIDDEN_ROLE');
    });

    it('answers 404 for an unknown evidence id', async () => {
        const res = await gw.app.inject({ url: `/v1/evidence/ev_${'0'.repeat(32)}`, headers: gw.auth('clerk', 'c') });
        expect(res.statusCode).to.equal(404);
        expect(res.json()).to.include({ code: 'EVIDENCE_NOT_FOUND' });
    });

    it('answers 404 NOT_FOUND for a receipt whose anchoring transaction the ledger does not hold', async () => {
        const subsystem = gw.auth('subsystem', 'trial');
        const item = randomBytes(32).toString('hex');
        const queued = await post('/v1/anchors', { items: [{ digest: item, kind: 'file' }] }, subsystem);
        expect(queued.status).to.equal(202);
        await gw.app.batcher.flush();
        const url = `/v1/anchors/${item}/receipt`;
        const anchored = await gw.app.inject({ url, headers: subsystem });
        expect(anchored.statusCode, anchored.body).to.equal(200);
        const { batchId, anchor } = anchored.json<{ batchId: string; anchor: { txId: string } }>();
        // The index names a transaction the ledger never saw (an index from another ledger, a damaged row).
        const setTx = (txId: string) =>
            gw.app.index.db.query('UPDATE anchor_batches SET tx_id = $1 WHERE batch_id = $2', [txId, batchId]);
        await setTx(randomBytes(32).toString('hex'));
        try {
            const unknown = await gw.app.inject({ url, headers: subsystem });
            expect(unknown.statusCode, unknown.body).to.equal(404);
            expect(unknown.json()).to.include({ code: 'NOT_FOUND' });
        } finally {
            await setTx(anchor.txId);
        }
    });

    it('answers 413 for a body or an upload over the limit, and writes nothing', async () => {
        const items = Array.from({ length: 2000 }, () => ({ digest: randomBytes(32).toString('hex'), kind: 'file' }));
        const big = await post('/v1/anchors', { items }, gw.auth('subsystem', 'trial'));
        expect(big.status).to.equal(413);
        expect(big.body.code).to.equal('PAYLOAD_TOO_LARGE');
        const probe = items[0]?.digest ?? '';
        const receipt = await gw.app.inject({
            url: `/v1/anchors/${probe}/receipt`,
            headers: gw.auth('subsystem', 'trial'),
        });
        expect(receipt.statusCode).to.equal(404);

        const form = multipartBody(
            { caseId: 'C-1' },
            { name: 'file', filename: 'big.bin', content: randomBytes(4096) },
        );
        const upload = await gw.app.inject({
            method: 'POST',
            url: '/v1/evidence',
            headers: { ...gw.auth('party', 'party-1'), ...form.headers },
            payload: form.payload,
        });
        expect(upload.statusCode).to.equal(413);
    });

    const multipartRoutes: [string, string, () => Record<string, string>][] = [
        ['POST /v1/verify (public)', '/v1/verify', () => ({})],
        ['POST /v1/evidence', '/v1/evidence', () => gw.auth('party', 'party-1')],
        ['POST /v1/services', '/v1/services', () => gw.auth('clerk', 'clerk-1')],
        [
            'POST /v1/guarantees/{id}/actions',
            `/v1/guarantees/lg_${'0'.repeat(32)}/actions`,
            () => gw.auth('agency', 'a'),
        ],
    ];
    for (const [label, url, headers] of multipartRoutes) {
        it(`answers a multipart body without a boundary on ${label} with 400 MALFORMED_MULTIPART`, async () => {
            const res = await gw.app.inject({
                method: 'POST',
                url,
                headers: { ...headers(), 'content-type': 'multipart/form-data' },
                payload: 'x',
            });
            expect(res.statusCode).to.equal(400);
            expect(res.json()).to.include({ code: 'MALFORMED_MULTIPART', field: 'body' });
        });
    }

    it('refuses a control character in an anchor item ref with 400 naming the item, and queues none of the items', async () => {
        const clean = randomBytes(32).toString('hex');
        const items = [
            { digest: clean, kind: 'file', ref: 'ok' },
            { digest: randomBytes(32).toString('hex'), kind: 'file' },
            { digest: randomBytes(32).toString('hex'), kind: 'file', ref: 'fine' },
            { digest: randomBytes(32).toString('hex'), kind: 'file', ref: 'a\u0000b' },
        ];
        const res = await post('/v1/anchors', { items }, gw.auth('subsystem', 'trial'));
        expect(res.status).to.equal(400);
        expect(res.body).to.include({ code: 'INVALID_ARGUMENT', field: 'items.3.ref' });
        const bell = await post(
            '/v1/anchors',
            { items: [{ digest: clean, kind: 'file', ref: 'x\u0007' }] },
            gw.auth('subsystem', 'trial'),
        );
        expect(bell.status).to.equal(400);
        const receipt = await gw.app.inject({
            url: `/v1/anchors/${clean}/receipt`,
            headers: gw.auth('subsystem', 'trial'),
        });
        expect(receipt.statusCode).to.equal(404);
    });

    it('accepts upper-case hex digests in bodies and paths, normalised to lower-case', async () => {
        const upper = randomBytes(32).toString('hex').toUpperCase();
        const created = await post('/v1/evidence', { caseId: 'C-UP', digests: { sha256: upper } });
        expect(created.status).to.equal(201);
        const record = created.body as unknown as { digests: { sha256: string } };
        expect(record.digests.sha256).to.equal(upper.toLowerCase());
        const verified = await gw.app.inject({ url: `/v1/verify/sha256/${upper}` });
        expect(verified.statusCode).to.equal(200);
        expect(verified.json()).to.include({ anchored: true });
    });

    it('refuses unknown nested fields and lists the allowed values of an enum', async () => {
        const nested = await post('/v1/evidence', { caseId: 'C-1', digests: { sha256: digest, md5: 'x' } });
        expect(nested.status).to.equal(400);
        expect(nested.body.field).to.equal('digests');
        const custody = await post(
            `/v1/evidence/ev_${'0'.repeat(32)}/custody`,
            { event: 'burn' },
            gw.auth('clerk', 'clerk-1'),
        );
        expect(custody.status).to.equal(400);
        expect(custody.body.field).to.equal('event');
        expect(custody.body.message).to.equal(
            'event must be one of: exchange, present, cross-examine, admit, exclude, challenge, withdraw',
        );
    });

    it('refuses dates outside 1970–2999 naming the field and the range', async () => {
        for (const validFrom of ['0000-01-01T00:00:00Z', '1969-12-31T23:59:59Z']) {
            const res = await post('/v1/guarantees', {
                applicationId: `pa_${'0'.repeat(32)}`,
                agency: 'agency-a',
                amount: 1,
                validFrom,
                validTo: '2027-01-01T00:00:00Z',
            });
            expect(res.status).to.equal(400);
            expect(res.body).to.include({ field: 'validFrom' });
            expect(res.body.message).to.equal('validFrom must be a date from 1970-01-01 to 2999-12-31');
        }
    });
});
