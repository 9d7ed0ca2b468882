import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { canonicalJson } from '@court-ledger/chaincode';
import { httpErrorFromLedger } from '@court-ledger/gateway/dist/src/platform/http/errors';
import { LedgerFailure } from '@court-ledger/ledger-api';
import { enrol } from '../support/cases';
import { startGateway, type Harness } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';
import { multipartBody } from '../support/multipart';

interface Step {
    action: string;
    actor: { sub: string; role: string };
    at: string;
    txId: string;
    blockNumber: number;
}

interface Preservation {
    applicationId: string;
    caseId: string;
    applicant: { sub: string; role: string };
    respondentPseudonym: string;
    amount: number;
    securityRequired?: number;
    guaranteeLetterId?: string;
    status: string;
    history: Step[];
    txId: string;
    blockNumber: number;
}

interface Letter {
    letterId: string;
    applicationId: string;
    agency: string;
    beneficiaryPseudonym: string;
    amount: number;
    validFrom: string;
    validTo: string;
    status: string;
    effectiveStatus: string;
    courtConsentToCancel?: unknown;
    document?: { sha256: string; version: number };
    versions: { version: number; documentDigest: string; amount: number; txId: string; blockNumber: number }[];
    history: Step[];
    txId: string;
    blockNumber: number;
}

interface Check {
    ok: boolean;
    conditions: { name: string; ok: boolean; detail: string }[];
}

const CASE = '(2026)京0491民初88号';
const DAY = 24 * 3600 * 1000;

function sha256(data: Buffer | string): string {
    return createHash('sha256').update(data).digest('hex');
}

function unique(prefix: string): string {
    return `${prefix}-${randomBytes(6).toString('hex')}`;
}

function letterDocument(label: string): Buffer {
    return Buffer.concat([Buffer.from(`%PDF-1.7 letter of guarantee ${label}\n`), randomBytes(20_000)]);
}

function failing(check: Check): string[] {
    return check.conditions.filter((c) => !c.ok).map((c) => c.name);
}

forEachMode('letters of guarantee and preservation', (mode) => {
    let gw: Harness;

    before(async () => {
        gw = await startGateway({ database: mode.database, ledger: mode.ledger });
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    async function applyPreservation(applicant: string, respondent = unique('respondent')): Promise<Preservation> {
        await enrol(gw, CASE, [{ sub: applicant }]);
        const res = await gw.app.inject({
            method: 'POST',
            url: '/v1/preservations',
            headers: gw.auth('party', applicant),
            payload: { caseId: CASE, respondent, amount: 1_000_000, propertyDigest: sha256('property list') },
        });
        expect(res.statusCode, res.body).to.equal(201);
        return res.json<Preservation>();
    }

    async function preservationAction(
        id: string,
        role: 'party' | 'clerk' | 'judge',
        sub: string,
        payload: Record<string, unknown>,
    ) {
        return gw.app.inject({
            method: 'POST',
            url: `/v1/preservations/${id}/actions`,
            headers: gw.auth(role, sub),
            payload,
        });
    }

    async function applyLetter(
        applicant: string,
        applicationId: string,
        options: { amount?: number; validTo?: string; agency?: string } = {},
    ): Promise<Letter> {
        const res = await gw.app.inject({
            method: 'POST',
            url: '/v1/guarantees',
            headers: gw.auth('party', applicant),
            payload: {
                applicationId,
                agency: options.agency ?? 'agency-a',
                amount: options.amount ?? 500_000,
                validFrom: new Date(Date.now() - 60_000).toISOString(),
                validTo: options.validTo ?? new Date(Date.now() + 365 * DAY).toISOString(),
            },
        });
        expect(res.statusCode, res.body).to.equal(201);
        return res.json<Letter>();
    }

    async function act(
        letterId: string,
        role: 'party' | 'agency' | 'clerk' | 'judge',
        sub: string,
        payload: Record<string, unknown>,
    ) {
        return gw.app.inject({
            method: 'POST',
            url: `/v1/guarantees/${letterId}/actions`,
            headers: gw.auth(role, sub),
            payload,
        });
    }

    async function upload(
        letterId: string,
        role: 'party' | 'agency',
        sub: string,
        fields: Record<string, string>,
        content: Buffer,
    ) {
        const form = multipartBody(fields, {
            name: 'letter',
            filename: 'letter.pdf',
            content,
            contentType: 'application/pdf',
        });
        return gw.app.inject({
            method: 'POST',
            url: `/v1/guarantees/${letterId}/actions`,
            headers: { ...gw.auth(role, sub), ...form.headers },
            payload: form.payload,
        });
    }

    async function ok(response: ReturnType<typeof act>): Promise<Letter> {
        const res = await response;
        expect(res.statusCode, res.body).to.equal(200);
        return res.json<Letter>();
    }

    /** Applies for preservation and a letter, and takes the letter to `issued` with a stored document. */
    async function issuedLetter(
        options: { amount?: number; validForMs?: number; bind?: boolean; security?: number } = {},
    ): Promise<{ applicant: string; application: Preservation; letter: Letter; content: Buffer }> {
        const applicant = unique('party');
        const application = await applyPreservation(applicant);
        // A short validity counts from the letter's application, after the case and its party are set up.
        const { validForMs } = options;
        const validTo = validForMs === undefined ? undefined : new Date(Date.now() + validForMs).toISOString();
        const applied = await applyLetter(applicant, application.applicationId, { ...options, validTo });
        const id = applied.letterId;
        await ok(act(id, 'agency', 'agency-a', { action: 'approve' }));
        await ok(act(id, 'agency', 'agency-a', { action: 'pay', amount: 5_000 }));
        const content = letterDocument('v1');
        const letter = await ok(upload(id, 'agency', 'agency-a', { action: 'issue' }, content));
        if (options.bind !== false) {
            const bound = await preservationAction(application.applicationId, 'party', applicant, {
                action: 'bind-guarantee',
                letterId: id,
            });
            expect(bound.statusCode, bound.body).to.equal(200);
        }
        if (options.security !== undefined) {
            const secured = await preservationAction(application.applicationId, 'clerk', 'clerk-1', {
                action: 'set-security',
                amount: options.security,
            });
            expect(secured.statusCode, secured.body).to.equal(200);
        }
        return { applicant, application, letter, content };
    }

    async function check(letterId: string, applicationId: string): Promise<Check> {
        const res = await gw.app.inject({
            url: `/v1/guarantees/${letterId}/check?applicationId=${applicationId}`,
            headers: gw.auth('judge', 'judge-1'),
        });
        expect(res.statusCode, res.body).to.equal(200);
        return res.json<Check>();
    }

    it('apply → approve → pay → issue → bind → security → check → amend (history kept) → release', async () => {
        const applicant = unique('party');
        const respondent = unique('respondent');
        const application = await applyPreservation(applicant, respondent);
        expect(application.applicationId).to.match(/^pa_[0-9a-f]{32}$/);
        expect(application.respondentPseudonym).to.equal(gw.app.pepper.pseudonym(respondent));
        expect(JSON.stringify(application)).not.to.include(respondent);
        expect(application.blockNumber).to.be.a('number');

        const validTo = new Date(Date.now() + 200 * DAY);
        const res = await gw.app.inject({
            method: 'POST',
            url: '/v1/guarantees',
            headers: gw.auth('party', applicant),
            payload: {
                applicationId: application.applicationId,
                agency: 'agency-a',
                amount: 500_000,
                validFrom: '2026-01-01T08:00:00+08:00',
                validTo: validTo.toISOString().replace(/\.\d{3}Z$/, 'Z'),
            },
        });
        expect(res.statusCode, res.body).to.equal(201);
        const applied = res.json<Letter>();
        const id = applied.letterId;
        expect(id).to.match(/^lg_[0-9a-f]{32}$/);
        expect(applied.validFrom).to.equal('2026-01-01T00:00:00.000Z');
        expect(applied.validTo).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
        expect(applied.status).to.equal('applied');
        expect(applied.beneficiaryPseudonym).to.equal(application.respondentPseudonym);

        expect((await ok(act(id, 'agency', 'agency-a', { action: 'approve' }))).status).to.equal('approved');
        expect((await ok(act(id, 'agency', 'agency-a', { action: 'pay', amount: 5_000 }))).status).to.equal('paid');
        const v1 = letterDocument('v1');
        const issued = await ok(upload(id, 'agency', 'agency-a', { action: 'issue' }, v1));
        expect(issued.status).to.equal('issued');
        expect(issued.effectiveStatus).to.equal('issued');
        expect(issued.document).to.deep.equal({ sha256: sha256(v1), version: 1 });

        const bound = await preservationAction(application.applicationId, 'party', applicant, {
            action: 'bind-guarantee',
            letterId: id,
        });
        expect(bound.statusCode, bound.body).to.equal(200);
        expect(bound.json<Preservation>().guaranteeLetterId).to.equal(id);
        const secured = await preservationAction(application.applicationId, 'clerk', 'clerk-1', {
            action: 'set-security',
            amount: 400_000,
        });
        expect(secured.statusCode, secured.body).to.equal(200);
        expect(secured.json<Preservation>().securityRequired).to.equal(400_000);

        const passed = await check(id, application.applicationId);
        expect(failing(passed)).to.deep.equal([]);
        expect(passed.ok).to.equal(true);
        expect(passed.conditions.map((c) => c.name)).to.include.members([
            'exists',
            'issued',
            'not-cancelled',
            'not-released',
            'not-claimed',
            'not-expired',
            'bound-to-application',
            'covers-security',
        ]);

        const v2 = letterDocument('v2');
        const amended = await ok(upload(id, 'agency', 'agency-a', { action: 'amend', amount: '600000' }, v2));
        expect(amended.status).to.equal('amended');
        expect(amended.amount).to.equal(600_000);
        expect(amended.document).to.deep.equal({ sha256: sha256(v2), version: 2 });

        const got = await gw.app.inject({ url: `/v1/guarantees/${id}`, headers: gw.auth('clerk', 'clerk-1') });
        expect(got.statusCode, got.body).to.equal(200);
        const letter = got.json<Letter>();
        expect(letter.versions.map((v) => [v.version, v.documentDigest, v.amount])).to.deep.equal([
            [1, sha256(v1), 500_000],
            [2, sha256(v2), 600_000],
        ]);
        expect(letter.history.map((step) => step.action)).to.deep.equal(['approve', 'pay', 'issue', 'amend']);
        for (const step of [...letter.history, ...letter.versions]) {
            expect(step.txId).to.match(/^[0-9a-f]{64}$/);
            expect(step.blockNumber).to.be.greaterThan(letter.blockNumber);
        }
        expect(letter.effectiveStatus).to.equal('amended');

        for (const [role, sub] of [
            ['party', applicant],
            ['agency', 'agency-a'],
            ['judge', 'judge-1'],
        ] as const) {
            const download = await gw.app.inject({ url: `/v1/guarantees/${id}/letter`, headers: gw.auth(role, sub) });
            expect(download.statusCode, `${role}: ${download.body.slice(0, 200)}`).to.equal(200);
            expect(download.rawPayload.equals(v2)).to.equal(true);
            expect(download.headers['x-document-sha256']).to.equal(sha256(v2));
            expect(download.headers['content-type']).to.equal('application/pdf');
            expect(download.headers['content-disposition']).to.equal('attachment; filename=letter.pdf');
        }
        const stranger = await gw.app.inject({
            url: `/v1/guarantees/${id}/letter`,
            headers: gw.auth('party', unique('party')),
        });
        expect(stranger.statusCode, stranger.body).to.equal(403);
        const otherAgency = await gw.app.inject({
            url: `/v1/guarantees/${id}/letter`,
            headers: gw.auth('agency', 'agency-b'),
        });
        expect(otherAgency.statusCode, otherAgency.body).to.equal(403);

        const released = await ok(act(id, 'judge', 'judge-1', { action: 'release' }));
        expect(released.status).to.equal('released');
        expect(failing(await check(id, application.applicationId))).to.include('not-released');
    });

    it('the agency may reject an application; nothing follows a rejection (409)', async () => {
        const applicant = unique('party');
        const application = await applyPreservation(applicant);
        const letter = await applyLetter(applicant, application.applicationId);
        const rejected = await ok(act(letter.letterId, 'agency', 'agency-a', { action: 'reject' }));
        expect(rejected.status).to.equal('rejected');
        const approve = await act(letter.letterId, 'agency', 'agency-a', { action: 'approve' });
        expect(approve.statusCode, approve.body).to.equal(409);
        expect(approve.json()).to.include({ code: 'INVALID_TRANSITION' });
    });

    it('the applicant cancels before issue', async () => {
        const applicant = unique('party');
        const application = await applyPreservation(applicant);
        const letter = await applyLetter(applicant, application.applicationId);
        await ok(act(letter.letterId, 'agency', 'agency-a', { action: 'approve' }));
        const cancelled = await ok(act(letter.letterId, 'party', applicant, { action: 'cancel' }));
        expect(cancelled.status).to.equal('cancelled');
    });

    it('after issue, cancel needs the court’s consent first (409, then consent-cancel, then 200)', async () => {
        const { applicant, application, letter } = await issuedLetter({ security: 400_000 });
        const refused = await act(letter.letterId, 'party', applicant, { action: 'cancel' });
        expect(refused.statusCode, refused.body).to.equal(409);
        const consented = await ok(act(letter.letterId, 'clerk', 'clerk-1', { action: 'consent-cancel' }));
        expect(consented.courtConsentToCancel).to.not.equal(undefined);
        expect(consented.status).to.equal('issued');
        const cancelled = await ok(act(letter.letterId, 'party', applicant, { action: 'cancel' }));
        expect(cancelled.status).to.equal('cancelled');
        expect(failing(await check(letter.letterId, application.applicationId))).to.include.members([
            'issued',
            'not-cancelled',
        ]);
    });

    it('an expired letter fails the court check (not-expired)', async () => {
        const { application, letter } = await issuedLetter({ validForMs: 4000, security: 400_000 });
        expect(letter.effectiveStatus).to.equal('issued');
        const wait = Date.parse(letter.validTo) - Date.now() + 300;
        if (wait > 0) {
            await new Promise((resolve) => setTimeout(resolve, wait));
        }
        const result = await check(letter.letterId, application.applicationId);
        expect(result.ok).to.equal(false);
        expect(failing(result)).to.deep.equal(['not-expired']);
        const got = await gw.app.inject({
            url: `/v1/guarantees/${letter.letterId}`,
            headers: gw.auth('judge', 'judge-1'),
        });
        expect(got.json<Letter>()).to.include({ status: 'issued', effectiveStatus: 'expired' });
    });

    it('a letter below the required security fails covers-security; an unbound one bound-to-application', async () => {
        const low = await issuedLetter({ amount: 100_000, security: 400_000 });
        expect(failing(await check(low.letter.letterId, low.application.applicationId))).to.deep.equal([
            'covers-security',
        ]);
        const unbound = await issuedLetter({ bind: false, security: 400_000 });
        expect(failing(await check(unbound.letter.letterId, unbound.application.applicationId))).to.include(
            'bound-to-application',
        );
        const other = await check(low.letter.letterId, unbound.application.applicationId);
        expect(failing(other)).to.include('bound-to-application');
    });

    it('agency-b cannot act on agency-a’s letter (403 FORBIDDEN_ACTOR); a party cannot issue (403)', async () => {
        const applicant = unique('party');
        const application = await applyPreservation(applicant);
        const letter = await applyLetter(applicant, application.applicationId);
        const foreign = await act(letter.letterId, 'agency', 'agency-b', { action: 'approve' });
        expect(foreign.statusCode, foreign.body).to.equal(403);
        expect(foreign.json()).to.include({ code: 'FORBIDDEN_ACTOR' });
        await ok(act(letter.letterId, 'agency', 'agency-a', { action: 'approve' }));
        await ok(act(letter.letterId, 'agency', 'agency-a', { action: 'pay' }));

        const byParty = await upload(letter.letterId, 'party', applicant, { action: 'issue' }, letterDocument('x'));
        expect(byParty.statusCode, byParty.body).to.equal(403);
        const storedElsewhere = letterDocument('stored');
        const asAgencyB = await upload(letter.letterId, 'agency', 'agency-b', { action: 'issue' }, storedElsewhere);
        expect(asAgencyB.statusCode, asAgencyB.body).to.equal(403);
        expect(asAgencyB.json()).to.include({ code: 'FORBIDDEN_ACTOR' });
        // A refused upload stores nothing, and leaves no temporary file behind.
        expect(await gw.app.documents.has(sha256(storedElsewhere))).to.equal(false);
        expect(await readdir(path.join(gw.app.documents.root, 'tmp'))).to.deep.equal([]);
        await gw.app.documents.put(Readable.from([storedElsewhere]));
        const byPartyJson = await act(letter.letterId, 'party', applicant, {
            action: 'issue',
            documentDigest: sha256(storedElsewhere),
        });
        expect(byPartyJson.statusCode, byPartyJson.body).to.equal(403);
        const unknownDigest = await act(letter.letterId, 'agency', 'agency-a', {
            action: 'issue',
            documentDigest: sha256('never stored'),
        });
        expect(unknownDigest.statusCode, unknownDigest.body).to.equal(404);
        const missingParam = await act(letter.letterId, 'agency', 'agency-a', { action: 'issue' });
        expect(missingParam.statusCode).to.equal(400);
        expect(missingParam.json()).to.include({ field: 'documentDigest' });
        const got = await gw.app.inject({
            url: `/v1/guarantees/${letter.letterId}`,
            headers: gw.auth('agency', 'agency-a'),
        });
        expect(got.json<Letter>().status).to.equal('paid');
        const byDigest = await ok(
            act(letter.letterId, 'agency', 'agency-a', { action: 'issue', documentDigest: sha256(storedElsewhere) }),
        );
        expect(byDigest.document).to.deep.equal({ sha256: sha256(storedElsewhere), version: 1 });
    });

    it('never serves a tampered letter document: 500 INTEGRITY_ERROR', async () => {
        const { applicant, letter, content } = await issuedLetter();
        const file = gw.app.documents.pathOf(sha256(content));
        const tampered = Buffer.from(content);
        tampered[200] = (tampered[200] ?? 0) ^ 0x01;
        await writeFile(file, tampered);
        const res = await gw.app.inject({
            url: `/v1/guarantees/${letter.letterId}/letter`,
            headers: gw.auth('party', applicant),
        });
        expect(res.statusCode).to.equal(500);
        expect(res.json()).to.include({ code: 'INTEGRITY_ERROR' });
        await writeFile(file, content);
        const restored = await gw.app.inject({
            url: `/v1/guarantees/${letter.letterId}/letter`,
            headers: gw.auth('party', applicant),
        });
        expect(restored.statusCode).to.equal(200);
        expect(restored.rawPayload.equals(await readFile(file))).to.equal(true);
    });

    it('after issue, a change endorsed by the court alone is refused at commit (key-level endorsement)', async () => {
        const ledger = gw.app.ledger;
        const judge = { sub: 'judge-1', role: 'judge', org: 'CourtMSP' };
        const consent = (letterId: string, endorsingOrganizations?: readonly string[]) =>
            ledger.submit({
                contract: 'guarantee',
                fn: 'act',
                args: [letterId, 'consent-cancel', canonicalJson({})],
                actor: judge,
                ...(endorsingOrganizations === undefined ? {} : { endorsingOrganizations }),
            });

        // Before issue there is no key-level policy: the applicant's cancel endorsed by CourtMSP alone commits.
        const applicant = unique('party');
        const application = await applyPreservation(applicant);
        const early = await applyLetter(applicant, application.applicationId);
        await ledger.submit({
            contract: 'guarantee',
            fn: 'act',
            args: [early.letterId, 'cancel', canonicalJson({})],
            actor: { sub: applicant, role: 'party', org: 'CourtMSP' },
        });

        const { letter } = await issuedLetter();
        for (const endorsers of [undefined, ['CourtMSP']]) {
            let failure: unknown;
            try {
                await consent(letter.letterId, endorsers);
            } catch (error) {
                failure = error;
            }
            expect(failure, 'court-only endorsement must be refused').to.be.instanceOf(LedgerFailure);
            expect((failure as LedgerFailure).kind).to.equal('endorsement-policy');
            expect((failure as LedgerFailure).message).to.include('ENDORSEMENT_POLICY_FAILURE');
            expect(httpErrorFromLedger(failure as LedgerFailure)).to.include({
                statusCode: 403,
                code: 'ENDORSEMENT_POLICY',
            });
        }
        const unchanged = await gw.app.inject({
            url: `/v1/guarantees/${letter.letterId}`,
            headers: gw.auth('clerk', 'clerk-1'),
        });
        expect(unchanged.json<Letter>().courtConsentToCancel).to.equal(undefined);
        const committed = await consent(letter.letterId, ['AgencyMSP', 'CourtMSP']);
        expect(committed.blockNumber).to.be.greaterThan(letter.blockNumber);
    });

    it('validates requests: unknown action fields (400), bad ids (400), check only for the court (403)', async () => {
        const applicant = unique('party');
        const application = await applyPreservation(applicant);
        const letter = await applyLetter(applicant, application.applicationId);
        const foreignField = await act(letter.letterId, 'agency', 'agency-a', { action: 'approve', amount: 5 });
        expect(foreignField.statusCode).to.equal(400);
        expect(foreignField.json()).to.include({ code: 'INVALID_ARGUMENT', field: 'amount' });
        const securityWithoutAmount = await preservationAction(application.applicationId, 'clerk', 'clerk-1', {
            action: 'set-security',
        });
        expect(securityWithoutAmount.statusCode).to.equal(400);
        expect(securityWithoutAmount.json()).to.include({ field: 'amount' });
        const badId = await gw.app.inject({ url: '/v1/guarantees/lg_nope', headers: gw.auth('clerk', 'clerk-1') });
        expect(badId.statusCode).to.equal(400);
        const unknown = await gw.app.inject({
            url: `/v1/guarantees/lg_${'0'.repeat(32)}`,
            headers: gw.auth('clerk', 'clerk-1'),
        });
        expect(unknown.statusCode, unknown.body).to.equal(404);
        const byParty = await gw.app.inject({
            url: `/v1/guarantees/${letter.letterId}/check?applicationId=${application.applicationId}`,
            headers: gw.auth('party', applicant),
        });
        expect(byParty.statusCode).to.equal(403);
        const got = await gw.app.inject({
            url: `/v1/preservations/${application.applicationId}`,
            headers: gw.auth('judge', 'judge-1'),
        });
        expect(got.statusCode, got.body).to.equal(200);
        expect(got.json<Preservation>()).to.include({ status: 'applied', applicationId: application.applicationId });
    });
});
