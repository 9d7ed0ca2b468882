import { expect } from 'chai';
import { sign, type KeyObject } from 'node:crypto';
import type { Actor } from '@court-ledger/ledger-api';
import { agreementStatement, parseAgreementRequest } from '../../src/domain/enforcement/agreement';
import { addDays } from '../../src/domain/enforcement/calendar';
import type {
    CheckDueOutcome,
    CreatedRecord,
    EnforcementCase,
    PerformanceAgreement,
    StepOutcome,
} from '../../src/domain/enforcement/model';
import type { ServiceRecord } from '../../src/domain/service/model';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import { actors } from '../helpers/actors';
import { ContractLedger, expectRefusal } from '../helpers/embedded-ledger';
import { keyPair, pseudonymOf } from '../helpers/recipients';

const DIGEST = 'e4'.repeat(32);
const DAY = 24 * 3600 * 1000;

const CREDITOR = pseudonymOf('acct-creditor');
const DEBTOR = pseudonymOf('acct-debtor');
const creditor: Actor = { sub: CREDITOR, role: 'party', org: 'CourtMSP' };
const scheduler: Actor = { sub: 'enforcement-scheduler', role: 'subsystem', org: 'CourtMSP' };

describe('enforcement contract on the embedded ledger', () => {
    let ledger: ContractLedger;
    const creditorKey = keyPair();
    const debtorKey = keyPair();

    before(async () => {
        ledger = await ContractLedger.open();
        for (const [pseudonym, key] of [
            [CREDITOR, creditorKey],
            [DEBTOR, debtorKey],
        ] as const) {
            await ledger.submit(actors.clerk, 'service', 'registerKey', [pseudonym, key.pem]);
        }
    });

    after(async () => {
        await ledger.close();
    });

    function openCase(caseId: string, actor: Actor = actors.officer, amountDue = 1_000_000) {
        const request = {
            caseId,
            basis: { documentType: 'judgment', sha256: DIGEST },
            creditorPseudonym: CREDITOR,
            debtorPseudonym: DEBTOR,
            amountDue,
            deadline: addDays(ledger.time(), 7),
        };
        return ledger.submit<CreatedRecord<EnforcementCase>>(actor, 'enforcement', 'openCase', [
            JSON.stringify(request),
        ]);
    }

    const step = (caseId: string, detail: Record<string, unknown>, actor: Actor = actors.officer) =>
        ledger.submit<StepOutcome>(actor, 'enforcement', 'recordStep', [caseId, JSON.stringify(detail)]);

    async function serveNotice(caseId: string, recipientSub: string, documentType = 'enforcement-notice') {
        const recipient = canonicalJson({ sub: recipientSub, address: 'x@example.cn', salt: '00'.repeat(16) });
        const args = [caseId, DIGEST, '', documentType, pseudonymOf(recipientSub), 'platform', 'true'];
        const issued = await ledger.submit<ServiceRecord>(actors.clerk, 'service', 'issue', args, {
            transient: { recipient },
        });
        return issued.result.serviceId;
    }

    function agreement(agreementId: string): Record<string, unknown> {
        const now = ledger.time();
        return {
            agreementId,
            basis: { documentType: 'mediation-document', sha256: DIGEST },
            creditorPseudonym: CREDITOR,
            debtorPseudonym: DEBTOR,
            instalments: [
                { dueAt: addDays(now, 10), amount: 30_000 },
                { dueAt: addDays(now, 40), amount: 70_000 },
            ],
            graceDays: 3,
        };
    }

    function signed(request: Record<string, unknown>, key: KeyObject): string {
        const statement = agreementStatement(parseAgreementRequest(JSON.stringify(request)));
        return sign('sha256', Buffer.from(statement), { key, dsaEncoding: 'der' }).toString('base64');
    }

    const createAgreement = (
        request: Record<string, unknown>,
        debtorSigner = debtorKey.privateKey,
        actor = actors.judge,
    ) =>
        ledger.submit<CreatedRecord<PerformanceAgreement>>(actor, 'enforcement', 'createAgreement', [
            JSON.stringify(request),
            signed(request, creditorKey.privateKey),
            signed(request, debtorSigner),
        ]);
    const checkDue = (agreementId: string, actor: Actor = scheduler) =>
        ledger.submit<CheckDueOutcome>(actor, 'enforcement', 'checkDue', [agreementId]);

    it('opens a case, links a served notice, takes payments in and pays the creditor out', async () => {
        const caseId = '(2024)京0491执1号';
        const serviceId = await serveNotice(caseId, 'acct-debtor');
        const opened = await openCase(caseId);
        expect(opened.result.created).to.equal(true);
        expect(opened.event?.name).to.equal('EnforcementCaseOpened');
        await step(caseId, { step: 'notice', serviceId });
        await step(caseId, { step: 'payment-in', amount: 100 });
        const paid = await step(caseId, { step: 'payout', amount: 100, payeePseudonym: CREDITOR });
        expect(paid.result.record).to.include({ paidIn: 100, paidOut: 100, balance: 0, outstanding: 999_900 });
        expect(await ledger.evaluate(creditor, 'enforcement', 'getCase', [caseId, CREDITOR])).to.deep.equal(
            paid.result.record,
        );
        const steps = await ledger.evaluate<unknown[]>(actors.judge, 'enforcement', 'listSteps', [caseId, '']);
        expect(steps).to.have.length(3);
    });

    it('defaults an agreement past its grace on the injected clock, opening the case once', async () => {
        const agreementId = '(2024)京0491执调1号';
        const request = agreement(agreementId);
        const created = await createAgreement(request);
        expect(created.result.record).to.include({ status: 'agreed', amountDue: 100_000, paidTotal: 0 });
        await ledger.submit(actors.officer, 'enforcement', 'recordAgreementPayment', [agreementId, '10000']);
        ledger.advance(12 * DAY); // due + 2 days: within the grace
        const early = await checkDue(agreementId);
        expect(early.result.agreement.status).to.equal('agreed');
        expect(early.event).to.equal(undefined);
        ledger.advance(2 * DAY); // due + 4 days: past the grace
        const late = await checkDue(agreementId);
        expect(late.result.agreement.status).to.equal('defaulted');
        expect(late.result.opened).to.include({ caseId: `${agreementId}-enf`, outstanding: 90_000, status: 'open' });
        expect(late.event?.name).to.equal('EnforcementAgreementDefaulted');
        expect((await checkDue(agreementId)).result).to.deep.equal({ agreement: late.result.agreement });
        const read = await ledger.evaluate(creditor, 'enforcement', 'getAgreement', [agreementId, CREDITOR]);
        expect(read).to.deep.equal(late.result.agreement);
    });

    it('refuses with each code the contract gives', async () => {
        const caseId = '(2024)京0491执2号';
        await openCase(caseId);
        await expectRefusal(openCase(caseId, actors.officer, 999), 'CONFLICT');
        await expectRefusal(openCase('(2024)京0491执3号', creditor), 'FORBIDDEN_ROLE');
        await expectRefusal(
            ledger.evaluate(actors.judge, 'enforcement', 'getCase', ['(2024)京0491执9号', '']),
            'CASE_NOT_FOUND',
        );
        await expectRefusal(
            ledger.evaluate(creditor, 'enforcement', 'getCase', [caseId, 'not-hex']),
            'INVALID_ARGUMENT',
        );
        await expectRefusal(
            step(caseId, {
                step: 'control',
                propertyKind: 'deposit',
                itemSha256: DIGEST,
                value: 1_000_001,
                measure: 'freeze',
                termDays: 365,
            }),
            'OVER_CONTROL',
        );
        await expectRefusal(
            step(caseId, { step: 'payout', amount: 1, payeePseudonym: CREDITOR }),
            'INSUFFICIENT_BALANCE',
        );
        await step(caseId, { step: 'payment-in', amount: 10 });
        await expectRefusal(step(caseId, { step: 'payout', amount: 1, payeePseudonym: DEBTOR }), 'PAYEE_NOT_CREDITOR');
        await expectRefusal(step(caseId, { step: 'notice', serviceId: `sv_${'0'.repeat(32)}` }), 'SERVICE_NOT_FOUND');
        const request = agreement('(2024)京0491执调2号');
        await expectRefusal(createAgreement(request, creditorKey.privateKey), 'INVALID_SIGNATURE');
        await expectRefusal(
            ledger.submit(actors.officer, 'enforcement', 'recordAgreementPayment', ['(2024)京0491执调9号', '1']),
            'AGREEMENT_NOT_FOUND',
        );
    });
});
