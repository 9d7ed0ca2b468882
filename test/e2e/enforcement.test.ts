import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { startGateway, type Harness } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';
import { multipartBody } from '../support/multipart';

interface Step {
    caseId: string;
    seq: number;
    step: string;
    actor: { sub: string; role: string };
    at: string;
    txId: string;
    automatic: boolean;
    trigger?: string;
    blockNumber: number;
}

interface Case {
    caseId: string;
    status: string;
    creditorPseudonym: string;
    debtorPseudonym: string;
    paidIn: number;
    paidOut: number;
    balance: number;
    outstanding: number;
    stepCount: number;
    controls: { controlNo: number; state: string }[];
    trustBreaking?: unknown;
    consumptionRestriction?: unknown;
    txId: string;
    blockNumber: number;
}

interface StepResult {
    record: Case;
    steps: Step[];
}

type Role = 'party' | 'clerk' | 'judge' | 'enforcement' | 'subsystem';

const DIGEST = 'e4'.repeat(32);
const DAY = 24 * 3600 * 1000;
const OFFICER = 'enf-officer-1';
const JUDGE = 'judge-1';
const PLATFORM = 'auction-platform';

function unique(prefix: string): string {
    return `${prefix}-${randomBytes(6).toString('hex')}`;
}

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

forEachMode('enforcement (Art. 31)', (mode) => {
    let gw: Harness;

    before(async () => {
        gw = await startGateway({ database: mode.database, ledger: mode.ledger });
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    /** Opens a case with fresh parties (or the debtor given); returns its number and the parties' subs. */
    async function openCase(
        amountDue = 1_000_000,
        debtor = unique('debtor'),
    ): Promise<{ caseId: string; creditor: string; debtor: string }> {
        const caseId = `(2026)京0491执${randomBytes(4).readUInt32BE()}号`;
        const creditor = unique('creditor');
        const res = await gw.app.inject({
            method: 'POST',
            url: '/v1/enforcement/cases',
            headers: gw.auth('enforcement', OFFICER),
            payload: {
                caseId,
                basis: { documentType: 'judgment', sha256: DIGEST },
                creditor,
                debtor,
                amountDue,
                deadline: new Date(Date.now() - DAY).toISOString(),
            },
        });
        expect(res.statusCode, res.body).to.equal(201);
        const opened = res.json<{ created: boolean; record: Case }>();
        expect(opened.created).to.equal(true);
        expect(opened.record.blockNumber).to.be.at.least(0);
        expect(res.body).to.not.include(creditor).and.not.include(debtor);
        return { caseId, creditor, debtor };
    }

    function stepRequest(caseId: string, role: Role, sub: string, payload: Record<string, unknown>) {
        return gw.app.inject({
            method: 'POST',
            url: `/v1/enforcement/cases/${encodeURIComponent(caseId)}/steps`,
            headers: gw.auth(role, sub),
            payload,
        });
    }

    async function step(caseId: string, role: Role, sub: string, payload: Record<string, unknown>) {
        const res = await stepRequest(caseId, role, sub, payload);
        expect(res.statusCode, res.body).to.equal(200);
        return res.json<StepResult>();
    }

    function read(caseId: string, role: Role, sub: string, suffix = '') {
        return gw.app.inject({
            url: `/v1/enforcement/cases/${encodeURIComponent(caseId)}${suffix}`,
            headers: gw.auth(role, sub),
        });
    }

    /** Serves an enforcement notice on `recipient` over HTTP (platform channel); returns the service id. */
    async function serveNotice(caseId: string, recipient: string): Promise<string> {
        const content = Buffer.concat([Buffer.from('%PDF-1.7 enforcement notice\n'), randomBytes(2_000)]);
        const form = multipartBody(
            {
                caseId,
                documentType: 'enforcement-notice',
                recipient,
                channel: 'platform',
                addressConfirmed: 'true',
            },
            { name: 'document', filename: 'notice.pdf', content, contentType: 'application/pdf' },
        );
        const res = await gw.app.inject({
            method: 'POST',
            url: '/v1/services',
            headers: { ...gw.auth('clerk', 'clerk-1'), ...form.headers },
            payload: form.payload,
        });
        expect(res.statusCode, res.body).to.equal(201);
        return res.json<{ serviceId: string }>().serviceId;
    }

    function control(propertyKind: string, value: number, termDays = 365): Record<string, unknown> {
        const measure = propertyKind === 'deposit' ? 'freeze' : 'seize';
        return { step: 'control', propertyKind, itemSha256: DIGEST, value, measure, termDays };
    }

    /** A listing of control 2 announced `announcedDaysAgo` days ago, starting `startInMs` from now. */
    function listing(round: number, reserve: number, announcedDaysAgo: number, startInMs: number) {
        const announcedAt = new Date(Date.now() - announcedDaysAgo * DAY).toISOString();
        const startAt = new Date(Date.now() + startInMs).toISOString();
        return { step: 'auction-listed', controlNo: 2, round, reserve, deposit: reserve / 10, startAt, announcedAt };
    }

    it('runs a case from opening to full performance, winding it up automatically in one block', async () => {
        const { caseId, creditor, debtor } = await openCase();
        const serviceId = await serveNotice(caseId, debtor);
        await step(caseId, 'enforcement', OFFICER, { step: 'notice', serviceId });
        await step(caseId, 'enforcement', OFFICER, {
            step: 'property-inquiry',
            sources: ['bank', 'real-estate-registry'],
            resultsSha256: DIGEST,
        });
        await step(caseId, 'enforcement', OFFICER, control('deposit', 200_000));
        await step(caseId, 'enforcement', OFFICER, control('real-estate', 800_000, 1000));
        await step(caseId, 'enforcement', OFFICER, {
            step: 'valuation',
            controlNo: 2,
            method: 'appraisal',
            referencePrice: 900_000,
            reportSha256: DIGEST,
        });
        // The announcement lies in the past (30 days before a first real-estate auction); the auction starts
        // a moment after the listing, so its result can be recorded without waiting for the calendar.
        await step(caseId, 'enforcement', OFFICER, listing(1, 630_000, 31, 1_500));
        await sleep(1_600);
        await step(caseId, 'subsystem', PLATFORM, { step: 'auction-result', controlNo: 2, outcome: 'unsold' });
        await step(caseId, 'judge', JUDGE, { step: 'trust-breaking-add', reason: 'able-but-refuses' });
        await step(caseId, 'enforcement', OFFICER, { step: 'consumption-restriction-add', orderSha256: DIGEST });
        await step(caseId, 'enforcement', OFFICER, listing(2, 504_000, 16, 1_500));
        await sleep(1_600);
        const opened = (await read(caseId, 'judge', JUDGE)).json<Case>();
        const sold = await step(caseId, 'subsystem', PLATFORM, {
            step: 'auction-result',
            controlNo: 2,
            outcome: 'sold',
            price: 600_000,
            buyerPseudonym: 'b7'.repeat(32),
        });
        expect(sold.record.controls.map((c) => c.state)).to.deep.equal(['in-force', 'sold']);
        await step(caseId, 'enforcement', OFFICER, { step: 'payment-in', amount: 600_000, source: 'auction-proceeds' });

        const last = await step(caseId, 'enforcement', OFFICER, {
            step: 'payment-in',
            amount: 400_000,
            source: 'deposit-deduction',
        });

        expect(last.record).to.include({ status: 'performed', paidIn: 1_000_000, balance: 1_000_000, outstanding: 0 });
        expect(last.record).to.not.have.property('trustBreaking');
        expect(last.record).to.not.have.property('consumptionRestriction');
        expect(last.record.controls.map((c) => c.state)).to.deep.equal(['released', 'sold']);
        expect(last.steps.map((s) => [s.step, s.automatic])).to.deep.equal([
            ['payment-in', false],
            ['conclude', true],
            ['release', true],
            ['trust-breaking-remove', true],
            ['consumption-restriction-remove', true],
        ]);

        // The timeline (read by the debtor) shows every step, the automatic ones in the payment's block.
        const timelineRes = await read(caseId, 'party', debtor, '/timeline');
        expect(timelineRes.statusCode, timelineRes.body).to.equal(200);
        const timeline = timelineRes.json<{ caseId: string; status: string; steps: Step[] }>();
        expect(timeline).to.include({ caseId, status: 'performed' });
        expect(timeline.steps.map((s) => s.seq)).to.deep.equal([...Array(17).keys()].map((i) => i + 1));
        expect(timeline.steps.slice(-5)).to.deep.equal(last.steps);
        const payment = last.steps[0];
        expect(payment?.blockNumber).to.be.greaterThan(opened.blockNumber);
        for (const automatic of last.steps.slice(1)) {
            expect(automatic).to.deep.include({
                automatic: true,
                trigger: 'performed in full',
                txId: payment?.txId,
                blockNumber: payment?.blockNumber,
                // Every principal is on the ledger (and so in its records) as its pseudonym.
                actor: { sub: gw.app.pepper.pseudonym(OFFICER), role: 'enforcement' },
            });
        }
        for (const entry of timeline.steps) {
            expect(entry.blockNumber, entry.step).to.be.at.least(opened.blockNumber);
            expect(entry.at).to.be.a('string');
        }
        expect(timeline.steps.find((s) => s.step === 'auction-result')?.actor).to.deep.equal({
            sub: gw.app.pepper.pseudonym(PLATFORM),
            role: 'subsystem',
        });

        // The same route as a page (Accept: text/html): Chinese first, English with ?lang=en.
        const page = await gw.app.inject({
            url: `/v1/enforcement/cases/${encodeURIComponent(caseId)}/timeline`,
            headers: { ...gw.auth('party', debtor), accept: 'text/html,application/xhtml+xml' },
        });
        expect(page.statusCode, page.body).to.equal(200);
        expect(page.headers['content-type']).to.match(/^text\/html/);
        expect(page.body).to.include('执行过程').and.include('已履行完毕').and.include('案款到账');
        expect(page.body).to.include(`UTC ${new Date(payment?.at ?? '').toISOString()}`);
        for (const entry of timeline.steps) {
            expect(page.body).to.include(entry.txId);
        }
        expect(page.body).to.include('《最高人民法院关于人民法院网络司法拍卖若干问题的规定》（2016年）第十条');
        const english = await gw.app.inject({
            url: `/v1/enforcement/cases/${encodeURIComponent(caseId)}/timeline?lang=en`,
            headers: { ...gw.auth('party', debtor), accept: 'text/html' },
        });
        expect(english.body).to.include('Enforcement timeline').and.include('Payment into the case account');

        // The index holds the case by its parties' pseudonyms and every step with its block.
        const db = gw.app.index.db;
        const [row] = await db.query<{ status: string; outstanding: string | number; debtor_pseudonym: string }>(
            'SELECT status, outstanding, debtor_pseudonym FROM enforcement_cases WHERE case_id = $1',
            [caseId],
        );
        expect(row).to.deep.include({ status: 'performed', debtor_pseudonym: last.record.debtorPseudonym });
        expect(Number(row?.outstanding)).to.equal(0);
        const indexed = await db.query<{
            seq: number;
            step: string;
            automatic: boolean;
            block_number: string | number;
        }>('SELECT seq, step, automatic, block_number FROM enforcement_steps WHERE case_id = $1 ORDER BY seq', [
            caseId,
        ]);
        expect(indexed.map((s) => [s.seq, s.step, s.automatic, Number(s.block_number)])).to.deep.equal(
            timeline.steps.map((s) => [s.seq, s.step, s.automatic, s.blockNumber]),
        );

        // The creditor reads the case too (as its own pseudonym).
        const creditorView = await read(caseId, 'party', creditor);
        expect(creditorView.statusCode, creditorView.body).to.equal(200);
        expect(creditorView.json<Case>()).to.include({ status: 'performed', stepCount: 17 });

        // The case account: a payout above the balance is refused, the whole balance goes to the creditor.
        const overdraft = await stepRequest(caseId, 'enforcement', OFFICER, {
            step: 'payout',
            amount: 1_000_001,
            payeePseudonym: last.record.creditorPseudonym,
        });
        expect(overdraft.statusCode, overdraft.body).to.equal(409);
        expect(overdraft.json()).to.include({ code: 'INSUFFICIENT_BALANCE' });
        const paid = await step(caseId, 'enforcement', OFFICER, {
            step: 'payout',
            amount: 1_000_000,
            payeePseudonym: last.record.creditorPseudonym,
        });
        expect(paid.record).to.include({ paidOut: 1_000_000, balance: 0 });
    });

    it('refuses officer steps from a party (403 FORBIDDEN_ROLE) and writes nothing', async () => {
        const { caseId, debtor, creditor } = await openCase();
        for (const sub of [debtor, creditor]) {
            for (const payload of [control('deposit', 1), { step: 'payment-in', amount: 1, source: 'debtor' }]) {
                const res = await stepRequest(caseId, 'party', sub, payload);
                expect(res.statusCode, res.body).to.equal(403);
                expect(res.json()).to.include({ code: 'FORBIDDEN_ROLE' });
            }
        }
        const res = await read(caseId, 'judge', JUDGE);
        expect(res.json<Case>().stepCount).to.equal(0);
    });

    it("lets a party read only its own case; another's is answered as an unknown one (404)", async () => {
        const { caseId, debtor } = await openCase();
        const own = await read(caseId, 'party', debtor);
        expect(own.statusCode, own.body).to.equal(200);
        expect(own.json<Case>()).to.include({ caseId, status: 'open', stepCount: 0 });
        const stranger = unique('stranger');
        for (const suffix of ['', '/timeline']) {
            const other = await read(caseId, 'party', stranger, suffix);
            const missing = await read(`${caseId}-none`, 'party', stranger, suffix);
            expect(other.statusCode, other.body).to.equal(404);
            expect(other.json()).to.deep.equal({
                ...missing.json<Record<string, unknown>>(),
                message: `no enforcement case ${caseId}`,
            });
            expect(missing.json()).to.include({
                code: 'CASE_NOT_FOUND',
                message: `no enforcement case ${caseId}-none`,
            });
        }
        const page = { url: `/v1/enforcement/cases/${encodeURIComponent(caseId)}/timeline`, accept: 'text/html' };
        const strangerPage = await gw.app.inject({
            url: page.url,
            headers: { ...gw.auth('party', unique('stranger')), accept: page.accept },
        });
        // The page answers a stranger like the JSON does: as if the case did not exist (no probing).
        expect(strangerPage.statusCode, strangerPage.body).to.equal(404);
        expect((await gw.app.inject({ url: page.url, headers: { accept: page.accept } })).statusCode).to.equal(401);
        const missing = await read(`${caseId}-none`, 'judge', JUDGE);
        expect(missing.statusCode, missing.body).to.equal(404);
        const step = await stepRequest(`${caseId}-none`, 'party', stranger, { step: 'payment-in', amount: 1 });
        expect(step.statusCode, step.body).to.equal(403);
        expect(step.json()).to.include({ code: 'FORBIDDEN_ROLE' });
    });

    it("lists cases: a party its own, the court every case or one party's, by pseudonym", async () => {
        const debtor = unique('debtor');
        const first = await openCase(1_000, debtor);
        const second = await openCase(2_000, debtor);
        const other = await openCase(3_000);
        const pseudonym = (
            await gw.app.inject({ url: '/v1/recipients/me/pseudonym', headers: gw.auth('party', debtor) })
        ).json<{ recipientPseudonym: string }>().recipientPseudonym;
        const list = async (role: Role, sub: string, query = '') => {
            const res = await gw.app.inject({ url: `/v1/enforcement/cases${query}`, headers: gw.auth(role, sub) });
            return { status: res.statusCode, body: res.json<{ cases: Case[]; code?: string }>() };
        };
        const mine = await list('party', debtor);
        expect(mine.status).to.equal(200);
        expect(mine.body.cases.map((c) => c.caseId)).to.have.members([first.caseId, second.caseId]);
        expect(mine.body.cases.every((c) => c.debtorPseudonym === pseudonym && c.blockNumber >= 0)).to.equal(true);
        expect((await list('party', debtor, `?party=${pseudonym}`)).body.cases).to.have.length(2);
        const byCourt = await list('judge', JUDGE, `?party=${pseudonym}&status=open`);
        expect(byCourt.body.cases.map((c) => c.caseId)).to.have.members([first.caseId, second.caseId]);
        const all = await list('enforcement', OFFICER, '?limit=200');
        expect(all.body.cases.map((c) => c.caseId)).to.include.members([first.caseId, second.caseId, other.caseId]);
        expect((await list('judge', JUDGE, `?party=${pseudonym}&limit=1&offset=1`)).body.cases).to.have.length(1);
        const peeking = await list('party', other.debtor, `?party=${pseudonym}`);
        expect(peeking.status).to.equal(403);
        expect(peeking.body.code).to.equal('FORBIDDEN_ACTOR');
        expect((await list('party', unique('stranger'))).body.cases).to.deep.equal([]);
        expect((await list('party', debtor, '?limit=0')).status).to.equal(400);
    });

    it('refuses a payout above the balance (409 INSUFFICIENT_BALANCE)', async () => {
        const { caseId } = await openCase();
        const { record } = await step(caseId, 'enforcement', OFFICER, {
            step: 'payment-in',
            amount: 100,
            source: 'debtor',
        });
        const res = await stepRequest(caseId, 'enforcement', OFFICER, {
            step: 'payout',
            amount: 101,
            payeePseudonym: record.creditorPseudonym,
        });
        expect(res.statusCode, res.body).to.equal(409);
        expect(res.json()).to.include({ code: 'INSUFFICIENT_BALANCE' });
    });

    it('opens a case once: the same request again is 200 with created false', async () => {
        const body = {
            caseId: `(2026)京0491执${randomBytes(4).readUInt32BE()}号`,
            basis: { documentType: 'judgment', sha256: createHash('sha256').update('judgment').digest('hex') },
            creditor: unique('creditor'),
            debtor: unique('debtor'),
            amountDue: 5_000,
            deadline: '2026-01-01T00:00:00+08:00',
        };
        const first = await gw.app.inject({
            method: 'POST',
            url: '/v1/enforcement/cases',
            headers: gw.auth('clerk', 'clerk-1'),
            payload: body,
        });
        expect(first.statusCode, first.body).to.equal(201);
        const again = await gw.app.inject({
            method: 'POST',
            url: '/v1/enforcement/cases',
            headers: gw.auth('enforcement', OFFICER),
            payload: body,
        });
        expect(again.statusCode, again.body).to.equal(200);
        expect(again.json<{ created: boolean }>().created).to.equal(false);
    });
});
