import { expect } from 'chai';
import { sign, type KeyObject } from 'node:crypto';
import type { Actor } from '@court-ledger/ledger-api';
import { ENFORCEMENT_KEYS } from '../../src/contracts/enforcement-state';
import { agreementStatement, parseAgreementRequest } from '../../src/domain/enforcement/agreement';
import { addDays } from '../../src/domain/enforcement/calendar';
import type {
    CheckDueOutcome,
    CreatedRecord,
    EnforcementCase,
    EnforcementStep,
    PerformanceAgreement,
    StepOutcome,
} from '../../src/domain/enforcement/model';
import type { ServiceRecord } from '../../src/domain/service/model';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import { actors } from '../helpers/actors';
import { ContractLedger, expectRefusal, type Caller, type Certificate } from '../helpers/embedded-ledger';
import { keyPair, pseudonymOf } from '../helpers/recipients';

const CASE = '(2024)京0491执1号';
const DIGEST = 'e4'.repeat(32);
const DAY = 24 * 3600 * 1000;

const CREDITOR_SUB = 'acct-creditor';
const DEBTOR_SUB = 'acct-debtor';
const CREDITOR = pseudonymOf(CREDITOR_SUB);
const DEBTOR = pseudonymOf(DEBTOR_SUB);
const BUYER = pseudonymOf('acct-buyer');

const officer = actors.officer;
const judge = actors.judge;
const creditor: Actor = { sub: CREDITOR_SUB, role: 'party', org: 'CourtMSP' };
const debtor: Actor = { sub: DEBTOR_SUB, role: 'party', org: 'CourtMSP' };
const outsider: Actor = { sub: 'acct-other', role: 'party', org: 'CourtMSP' };

describe('enforcement contract on the embedded ledger', () => {
    let ledger: ContractLedger;
    /** Certificates acting for themselves: the clerk, the auction platform and the enforcement scheduler. */
    let clerk: Certificate;
    let platform: Certificate;
    let scheduler: Certificate;

    beforeEach(async () => {
        ledger = await ContractLedger.open();
        clerk = await ledger.certificate('CourtMSP', 'clerk-1', { role: 'clerk' });
        platform = await ledger.certificate('CourtMSP', 'auction-platform', { role: 'subsystem' });
        scheduler = await ledger.certificate('CourtMSP', 'enforcement-scheduler', { role: 'subsystem' });
    });

    afterEach(async () => {
        await ledger.close();
    });

    function openCase(caller: Caller = officer, overrides: Record<string, unknown> = {}) {
        const request = {
            caseId: CASE,
            basis: { documentType: 'judgment', sha256: DIGEST },
            creditorPseudonym: CREDITOR,
            debtorPseudonym: DEBTOR,
            amountDue: 1_000_000,
            deadline: addDays(ledger.time(), 7),
            ...overrides,
        };
        return ledger.submit<CreatedRecord<EnforcementCase>>(caller, 'enforcement', 'openCase', [
            JSON.stringify(request),
        ]);
    }

    const step = (caller: Caller, detail: Record<string, unknown>) =>
        ledger.submit<StepOutcome>(caller, 'enforcement', 'recordStep', [CASE, JSON.stringify(detail)]);
    const getCase = (caller: Caller, viewer = '', caseId = CASE) =>
        ledger.evaluate<EnforcementCase>(caller, 'enforcement', 'getCase', [caseId, viewer]);
    const listSteps = (caller: Caller, viewer = '') =>
        ledger.evaluate<EnforcementStep[]>(caller, 'enforcement', 'listSteps', [CASE, viewer]);

    async function serveNotice(recipientSub = DEBTOR_SUB, documentType = 'enforcement-notice') {
        const recipient = canonicalJson({ sub: recipientSub, address: 'x@example.cn', salt: '00'.repeat(16) });
        const args = [CASE, DIGEST, '', documentType, pseudonymOf(recipientSub), 'platform', 'true'];
        const issued = await ledger.submit<ServiceRecord>(clerk, 'service', 'issue', args, {
            transient: { recipient },
        });
        return issued.result.serviceId;
    }

    function control(propertyKind: string, value: number, extra: Record<string, unknown> = {}) {
        const measure = propertyKind === 'deposit' ? 'freeze' : 'seize';
        return { step: 'control', propertyKind, itemSha256: DIGEST, value, measure, termDays: 365, ...extra };
    }

    /** An auction listing of control 2 announced now, starting `days` days later. */
    function listing(round: number, reserve: number, days: number) {
        const announcedAt = ledger.time();
        const startAt = addDays(announcedAt, days);
        return { step: 'auction-listed', controlNo: 2, round, reserve, deposit: reserve / 10, startAt, announcedAt };
    }

    const key = (...parts: string[]) => `\u0000${parts.join('\u0000')}\u0000`;

    it('runs a case from opening to full performance, winding it up automatically in the same transaction', async () => {
        const serviceId = await serveNotice();
        const opened = await openCase();
        expect(opened.result.created).to.equal(true);
        expect(opened.event?.name).to.equal('EnforcementCaseOpened');
        await step(officer, { step: 'notice', serviceId });
        await step(officer, {
            step: 'property-inquiry',
            sources: ['bank', 'real-estate-registry'],
            resultsSha256: DIGEST,
        });
        await step(officer, control('deposit', 200_000));
        await step(officer, control('real-estate', 800_000, { termDays: 1000 }));
        await step(officer, {
            step: 'valuation',
            controlNo: 2,
            method: 'appraisal',
            referencePrice: 900_000,
            reportSha256: DIGEST,
        });
        await step(officer, listing(1, 630_000, 30));
        ledger.advance(31 * DAY);
        await step(platform, { step: 'auction-result', controlNo: 2, outcome: 'unsold' });
        await step(judge, { step: 'trust-breaking-add', reason: 'able-but-refuses' });
        await step(officer, { step: 'consumption-restriction-add', orderSha256: DIGEST });
        await step(officer, listing(2, 504_000, 15));
        ledger.advance(16 * DAY);
        await step(platform, {
            step: 'auction-result',
            controlNo: 2,
            outcome: 'sold',
            price: 600_000,
            buyerPseudonym: BUYER,
        });
        await step(officer, { step: 'payment-in', amount: 600_000, source: 'auction-proceeds' });

        const last = await step(officer, { step: 'payment-in', amount: 400_000, source: 'deposit-deduction' });

        const { record, steps } = last.result;
        expect(record).to.include({ status: 'performed', paidIn: 1_000_000, balance: 1_000_000, outstanding: 0 });
        expect(record).to.not.have.property('trustBreaking');
        expect(record).to.not.have.property('consumptionRestriction');
        expect(record.controls.map((c) => c.state)).to.deep.equal(['released', 'sold']);
        expect(steps.map((s) => [s.seq, s.step, s.automatic, s.txId])).to.deep.equal([
            [13, 'payment-in', false, last.txId],
            [14, 'conclude', true, last.txId],
            [15, 'release', true, last.txId],
            [16, 'trust-breaking-remove', true, last.txId],
            [17, 'consumption-restriction-remove', true, last.txId],
        ]);
        for (const automatic of steps.slice(1)) {
            expect(automatic).to.deep.include({
                actor: { sub: 'enf-1', role: 'enforcement' },
                trigger: 'performed in full',
            });
        }
        // One event carries the case after the transaction and every step it wrote, each stored under its key.
        expect(last.event).to.deep.equal({
            name: 'EnforcementStep',
            payload: { type: 'EnforcementStep', record: { case: record, steps } },
        });
        const written = (await ledger.writes(last.txId)).public;
        expect(written).to.have.deep.members([
            { key: key(ENFORCEMENT_KEYS.case, CASE), value: canonicalJson(record) },
            ...steps.map((s) => ({ key: key(ENFORCEMENT_KEYS.step, CASE, String(s.seq)), value: canonicalJson(s) })),
        ]);
        const timeline = await listSteps(judge);
        expect(timeline.map((s) => s.seq)).to.deep.equal([...Array(17).keys()].map((i) => i + 1));
        expect(timeline.slice(-5)).to.deep.equal(steps);

        await expectRefusal(
            step(officer, { step: 'payout', amount: 1_000_001, payeePseudonym: CREDITOR }),
            'INSUFFICIENT_BALANCE',
        );
        const paid = await step(officer, { step: 'payout', amount: 1_000_000, payeePseudonym: CREDITOR });
        expect(paid.result.record).to.include({ paidOut: 1_000_000, balance: 0 });
    });

    it('opens a case once: the same request returns it unwritten, other terms are CONFLICT', async () => {
        const first = await openCase();
        const again = await openCase(clerk);
        expect(again.result).to.deep.equal({ created: false, record: first.result.record });
        expect(again.event).to.equal(undefined);
        expect((await ledger.writes(again.txId)).public).to.deep.equal([]);
        await expectRefusal(openCase(officer, { amountDue: 999 }), 'CONFLICT');
        await expectRefusal(openCase(creditor), 'FORBIDDEN_ROLE');
        await expectRefusal(getCase(judge, '', '(2024)京0491执2号'), 'CASE_NOT_FOUND');
    });

    it('lets a party read only its own case; to an outsider another case is exactly an unknown one', async () => {
        const absent = await expectRefusal(getCase(outsider, pseudonymOf('acct-other')), 'CASE_NOT_FOUND');
        await openCase();
        expect((await getCase(creditor, CREDITOR)).caseId).to.equal(CASE);
        expect(await listSteps(debtor, DEBTOR)).to.deep.equal([]);
        const hidden = await expectRefusal(getCase(outsider, pseudonymOf('acct-other')), 'CASE_NOT_FOUND');
        expect(hidden.message).to.equal(absent.message);
        const hiddenSteps = await expectRefusal(listSteps(outsider, pseudonymOf('acct-other')), 'CASE_NOT_FOUND');
        expect(hiddenSteps.message).to.equal(absent.message);
        await expectRefusal(getCase(creditor), 'CASE_NOT_FOUND');
        await expectRefusal(getCase(creditor, 'not-hex'), 'INVALID_ARGUMENT');
        await expectRefusal(getCase(actors.agency), 'FORBIDDEN_ROLE');
        await expectRefusal(getCase(actors.agency, '', '(2024)京0491执99号'), 'FORBIDDEN_ROLE');
    });

    it("answers a party's step FORBIDDEN_ROLE whether or not the case exists", async () => {
        await expectRefusal(step(creditor, { step: 'payment-in', amount: 1 }), 'FORBIDDEN_ROLE');
        await openCase();
        await expectRefusal(step(creditor, { step: 'payment-in', amount: 1 }), 'FORBIDDEN_ROLE');
    });

    it('refuses every officer step from a party or agent (FORBIDDEN_ROLE), committing nothing', async () => {
        await openCase();
        const serviceId = await serveNotice();
        const height = await ledger.height();
        const requests = [
            { step: 'notice', serviceId },
            control('deposit', 1),
            { step: 'payment-in', amount: 1 },
            { step: 'payout', amount: 1, payeePseudonym: CREDITOR },
            { step: 'trust-breaking-add', reason: 'able-but-refuses' },
            { step: 'conclude', kind: 'terminated', documentSha256: DIGEST },
        ];
        for (const caller of [creditor, debtor, actors.agent]) {
            for (const request of requests) {
                await expectRefusal(step(caller, request), 'FORBIDDEN_ROLE');
            }
        }
        await expectRefusal(step(platform, { step: 'payment-in', amount: 1 }), 'FORBIDDEN_ROLE');
        expect(await ledger.height()).to.equal(height);
        expect((await getCase(judge)).stepCount).to.equal(0);
    });

    it('refuses over-control of deposits; an indivisible item above the cap only with a stated reason', async () => {
        await openCase(officer, { amountDue: 100_000, enforcementCosts: 5_000 });
        await step(officer, control('deposit', 100_000));
        await expectRefusal(step(officer, control('deposit', 5_001)), 'OVER_CONTROL');
        await step(officer, control('deposit', 5_000));
        await expectRefusal(step(officer, control('real-estate', 300_000)), 'OVER_CONTROL');
        const flagged = await step(
            officer,
            control('real-estate', 300_000, { overControlReason: 'indivisible-no-other-property' }),
        );
        expect(flagged.result.record.controls[2]?.overControlReason).to.equal('indivisible-no-other-property');
    });

    it('refuses a payout above the balance and to anyone but the creditor', async () => {
        await openCase();
        await step(officer, { step: 'payment-in', amount: 100 });
        await expectRefusal(
            step(officer, { step: 'payout', amount: 101, payeePseudonym: CREDITOR }),
            'INSUFFICIENT_BALANCE',
        );
        await expectRefusal(
            step(officer, { step: 'payout', amount: 100, payeePseudonym: DEBTOR }),
            'PAYEE_NOT_CREDITOR',
        );
        const paid = await step(officer, { step: 'payout', amount: 100, payeePseudonym: CREDITOR });
        expect(paid.result.record).to.include({ paidIn: 100, paidOut: 100, balance: 0, outstanding: 999_900 });
        expect(await getCase(creditor, CREDITOR)).to.deep.equal(paid.result.record);
    });

    it('links a notice only to a service of an enforcement notice on the debtor', async () => {
        await openCase();
        await expectRefusal(step(officer, { step: 'notice', serviceId: `sv_${'0'.repeat(32)}` }), 'SERVICE_NOT_FOUND');
        await expectRefusal(
            step(officer, { step: 'notice', serviceId: await serveNotice(CREDITOR_SUB) }),
            'INVALID_ARGUMENT',
        );
        await expectRefusal(
            step(officer, { step: 'notice', serviceId: await serveNotice(DEBTOR_SUB, 'summons') }),
            'INVALID_ARGUMENT',
        );
        const linked = await step(officer, { step: 'notice', serviceId: await serveNotice() });
        expect(linked.result.steps.map((s) => s.step)).to.deep.equal(['notice']);
    });

    describe('performance agreements', () => {
        const AGREEMENT = '(2024)京0491执调1号';
        const creditorKey = keyPair();
        const debtorKey = keyPair();

        beforeEach(async () => {
            await ledger.submit(clerk, 'service', 'registerKey', [CREDITOR, creditorKey.pem]);
            await ledger.submit(clerk, 'service', 'registerKey', [DEBTOR, debtorKey.pem]);
        });

        /** Terms with instalments due 10 and 40 days from now, 3 days' grace. */
        function terms(overrides: Record<string, unknown> = {}): Record<string, unknown> {
            const now = ledger.time();
            return {
                agreementId: AGREEMENT,
                basis: { documentType: 'mediation-document', sha256: DIGEST },
                creditorPseudonym: CREDITOR,
                debtorPseudonym: DEBTOR,
                instalments: [
                    { dueAt: addDays(now, 10), amount: 30_000 },
                    { dueAt: addDays(now, 40), amount: 70_000 },
                ],
                graceDays: 3,
                ...overrides,
            };
        }

        function signed(request: Record<string, unknown>, signer: KeyObject): string {
            const statement = agreementStatement(parseAgreementRequest(JSON.stringify(request)));
            return sign('sha256', Buffer.from(statement), { key: signer, dsaEncoding: 'der' }).toString('base64');
        }

        const create = (request: Record<string, unknown>, signer = debtorKey.privateKey, caller: Caller = judge) =>
            ledger.submit<CreatedRecord<PerformanceAgreement>>(caller, 'enforcement', 'createAgreement', [
                JSON.stringify(request),
                signed(request, creditorKey.privateKey),
                signed(request, signer),
            ]);
        const checkDue = (caller: Caller = scheduler) =>
            ledger.submit<CheckDueOutcome>(caller, 'enforcement', 'checkDue', [AGREEMENT]);
        const getAgreement = (caller: Caller, viewer: string) =>
            ledger.evaluate<PerformanceAgreement>(caller, 'enforcement', 'getAgreement', [AGREEMENT, viewer]);

        it('is recorded with both parties consent signatures, once', async () => {
            const request = terms();
            await expectRefusal(create(request, creditorKey.privateKey), 'INVALID_SIGNATURE');
            await expectRefusal(create(request, debtorKey.privateKey, creditor), 'FORBIDDEN_ROLE');
            const { result, event } = await create(request);
            expect(result.created).to.equal(true);
            expect(result.record).to.include({ status: 'agreed', amountDue: 100_000, paidTotal: 0 });
            expect(event).to.deep.equal({
                name: 'EnforcementAgreementCreated',
                payload: { type: 'EnforcementAgreementCreated', record: { agreement: result.record, steps: [] } },
            });
            const again = await create(request);
            expect(again.result).to.deep.equal({ created: false, record: result.record });
            expect(again.event).to.equal(undefined);
            await expectRefusal(create({ ...request, graceDays: 4 }), 'CONFLICT');
            expect(await getAgreement(debtor, DEBTOR)).to.deep.equal(result.record);
            await expectRefusal(getAgreement(outsider, pseudonymOf('acct-other')), 'AGREEMENT_NOT_FOUND');
        });

        it('answers a retry that arrives after the first instalment fell due with the agreement, not a refusal', async () => {
            const request = terms();
            const { result } = await create(request);
            ledger.advance(11 * DAY); // the first instalment is now past due
            const late = await create(request);
            expect(late.result).to.deep.equal({ created: false, record: result.record });
            expect(late.event).to.equal(undefined);
            await expectRefusal(create({ ...request, graceDays: 5 }), 'CONFLICT');
            await expectRefusal(create(request, debtorKey.privateKey, creditor), 'FORBIDDEN_ROLE');
        });

        it('opens the enforcement case once when an instalment is missed past its grace, never before', async () => {
            await create(terms());
            await ledger.submit(officer, 'enforcement', 'recordAgreementPayment', [AGREEMENT, '10000']);
            ledger.advance(12 * DAY); // due + 2 days: within the grace
            const early = await checkDue();
            expect(early.result.agreement.status).to.equal('agreed');
            expect(early.result).to.not.have.property('opened');
            expect(early.event).to.equal(undefined);
            await expectRefusal(getCase(judge, '', `${AGREEMENT}-enf`), 'CASE_NOT_FOUND');

            ledger.advance(2 * DAY); // due + 4 days: past the grace
            const late = await checkDue();
            const { agreement, opened } = late.result;
            expect(opened).to.include({
                caseId: `${AGREEMENT}-enf`,
                amountDue: 90_000,
                outstanding: 90_000,
                status: 'open',
                creditorPseudonym: CREDITOR,
                debtorPseudonym: DEBTOR,
            });
            expect(opened?.openedBy).to.deep.equal({ sub: 'enforcement-scheduler', role: 'subsystem' });
            expect(opened?.trigger).to.deep.include({ agreementId: AGREEMENT, instalmentNo: 1, graceDays: 3 });
            expect(agreement).to.deep.include({ status: 'defaulted' });
            expect(agreement.trigger).to.deep.include({ caseId: `${AGREEMENT}-enf`, txId: late.txId });
            expect(late.event).to.deep.equal({
                name: 'EnforcementAgreementDefaulted',
                payload: {
                    type: 'EnforcementAgreementDefaulted',
                    record: { agreement, case: opened, steps: [] },
                },
            });
            expect(await getCase(creditor, CREDITOR, `${AGREEMENT}-enf`)).to.deep.equal(opened);
            expect(await getAgreement(creditor, CREDITOR)).to.deep.equal(agreement);

            const again = await checkDue();
            expect(again.result).to.deep.equal({ agreement });
            expect(again.event).to.equal(undefined);
            await expectRefusal(checkDue(creditor), 'FORBIDDEN_ROLE');
        });

        it('names a missing agreement', async () => {
            await expectRefusal(
                ledger.submit(officer, 'enforcement', 'recordAgreementPayment', [AGREEMENT, '1']),
                'AGREEMENT_NOT_FOUND',
            );
            await expectRefusal(checkDue(), 'AGREEMENT_NOT_FOUND');
        });
    });
});
