import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { enrol } from '../support/cases';
import { startGateway, type Harness } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';
import { multipartBody } from '../support/multipart';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

forEachMode('Idempotency-Key on POST', (mode) => {
    let gw: Harness;

    before(async () => {
        gw = await startGateway({ database: mode.database });
        const people = [{ sub: 'alice-idem' }, { sub: 'carol-idem' }];
        await enrol(gw, '(2026)京0491民初7号', people);
        await enrol(gw, 'C-IDEM', people);
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    const applicant = 'alice-idem';
    const body = (amount: number) => ({
        caseId: '(2026)京0491民初7号',
        respondent: 'bob-idem',
        amount,
        propertyDigest: sha256('property'),
    });

    function apply(key: string | undefined, payload: object, sub = applicant) {
        return gw.app.inject({
            method: 'POST',
            url: '/v1/preservations',
            headers: { ...gw.auth('party', sub), ...(key === undefined ? {} : { 'idempotency-key': key }) },
            payload,
        });
    }

    async function keysOf(sub: string): Promise<number> {
        const rows = await gw.app.index.db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM idempotency_keys WHERE principal = $1',
            [`party:${sub}`],
        );
        return rows[0]?.n ?? 0;
    }

    it('replays the first answer to a retry with the same key and body, and creates one application', async () => {
        const key = randomBytes(12).toString('hex');
        const first = await apply(key, body(1000));
        expect(first.statusCode, first.body).to.equal(201);
        const retry = await apply(key, body(1000));
        expect(retry.statusCode).to.equal(201);
        expect(retry.headers['idempotent-replayed']).to.equal('true');
        expect(retry.json()).to.deep.equal(first.json());
        // Without a key, the same body is a second application.
        const other = await apply(undefined, body(1000));
        expect(other.json<{ applicationId: string }>().applicationId).not.to.equal(
            first.json<{ applicationId: string }>().applicationId,
        );
    });

    it('answers 409 IDEMPOTENCY_KEY_REUSED for the same key with another body, and executes nothing', async () => {
        const key = randomBytes(12).toString('hex');
        const first = await apply(key, body(2000));
        expect(first.statusCode).to.equal(201);
        const reused = await apply(key, body(2001));
        expect(reused.statusCode).to.equal(409);
        expect(reused.json()).to.include({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotency-key' });
        const elsewhere = await gw.app.inject({
            method: 'POST',
            url: '/v1/guarantees',
            headers: { ...gw.auth('party', applicant), 'idempotency-key': key },
            payload: {
                applicationId: `pa_${'0'.repeat(32)}`,
                agency: 'a',
                amount: 1,
                validFrom: '2026-01-01T00:00:00Z',
                validTo: '2027-01-01T00:00:00Z',
            },
        });
        expect(elsewhere.statusCode).to.equal(409);
        expect(elsewhere.json()).to.include({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it('keys belong to a principal: another principal with the same key executes its own request', async () => {
        const key = randomBytes(12).toString('hex');
        const mine = await apply(key, body(3000));
        const theirs = await apply(key, body(3000), 'carol-idem');
        expect(theirs.statusCode).to.equal(201);
        expect(theirs.headers['idempotent-replayed']).to.equal(undefined);
        expect(theirs.json<{ applicationId: string }>().applicationId).not.to.equal(
            mine.json<{ applicationId: string }>().applicationId,
        );
        expect(await keysOf('carol-idem')).to.equal(1);
    });

    it('runs concurrent duplicates once: one executes, the others replay it or are told it is in use', async () => {
        const key = randomBytes(12).toString('hex');
        const answers = await Promise.all(Array.from({ length: 4 }, () => apply(key, body(4000))));
        const created = answers.filter((a) => a.statusCode === 201);
        const inUse = answers.filter((a) => a.statusCode === 409);
        expect(created.length + inUse.length).to.equal(4);
        expect(created.length).to.be.at.least(1);
        expect(new Set(created.map((a) => a.json<{ applicationId: string }>().applicationId)).size).to.equal(1);
        for (const answer of inUse) {
            expect(answer.json()).to.include({ code: 'IDEMPOTENCY_KEY_IN_USE' });
        }
        const after = await apply(key, body(4000));
        expect(after.statusCode).to.equal(201);
        expect(after.json()).to.deep.equal(created[0]?.json());
    });

    it('replays a multipart upload sent again with a new boundary, and refuses a different file', async () => {
        const key = randomBytes(12).toString('hex');
        const content = randomBytes(2048);
        const send = (file: Buffer) => {
            const form = multipartBody({ caseId: 'C-IDEM' }, { name: 'file', filename: 'a.bin', content: file });
            return gw.app.inject({
                method: 'POST',
                url: '/v1/evidence',
                headers: { ...gw.auth('party', applicant), ...form.headers, 'idempotency-key': key },
                payload: form.payload,
            });
        };
        const first = await send(content);
        expect(first.statusCode, first.body).to.equal(201);
        const retry = await send(content);
        expect(retry.statusCode).to.equal(201);
        expect(retry.headers['idempotent-replayed']).to.equal('true');
        expect(retry.json()).to.deep.equal(first.json());
        const different = await send(randomBytes(2048));
        expect(different.statusCode).to.equal(409);
        expect(different.json()).to.include({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it('refuses a malformed key with 400 naming the header, and keeps no failed answer', async () => {
        const bad = await apply('bad key with spaces', body(5000));
        expect(bad.statusCode).to.equal(400);
        expect(bad.json()).to.include({ field: 'idempotency-key' });
        const key = randomBytes(12).toString('hex');
        const refused = await apply(key, { ...body(5000), amount: 0 });
        expect(refused.statusCode).to.equal(400);
        const corrected = await apply(key, body(5000));
        expect(corrected.statusCode).to.equal(201);
    });
});
