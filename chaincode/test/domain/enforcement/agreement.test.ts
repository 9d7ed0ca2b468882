import { expect } from 'chai';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
    agreementStatement,
    applyCheckDue,
    checkDue,
    consentToAgreement,
    defaultCaseId,
    newAgreement,
    parseAgreementRequest,
    recordAgreementPayment,
} from '../../../src/domain/enforcement/agreement';
import type { PerformanceAgreement } from '../../../src/domain/enforcement/model';
import { parseRecipientPublicKey, registerRecipientKey } from '../../../src/domain/service-keys';
import type { RecipientKeyRecord } from '../../../src/domain/records';
import { expectThrowsCode } from '../../helpers/fake-ledger';
import { actors, CREDITOR, DEBTOR, DIGEST } from './fixtures';

const CREATED = '2025-01-01T00:00:00.000Z';
const DUE_1 = '2025-02-01T00:00:00.000Z';
const DUE_2 = '2025-03-01T00:00:00.000Z';
/** Due 1 plus 5 days' grace. */
const GRACE_END_1 = '2025-02-06T00:00:00.000Z';

function keyFor(pseudonym: string): { record: RecipientKeyRecord; privateKey: KeyObject } {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const record = registerRecipientKey(
        undefined,
        pseudonym,
        parseRecipientPublicKey(pem),
        actors.clerk,
        CREATED,
        'tx-key',
    );
    return { record, privateKey };
}

const creditorKey = keyFor(CREDITOR);
const debtorKey = keyFor(DEBTOR);

function signed(agreement: PerformanceAgreement, privateKey: KeyObject): string {
    const bytes = Buffer.from(agreementStatement(agreement), 'utf8');
    return sign('sha256', bytes, { key: privateKey, dsaEncoding: 'der' }).toString('base64');
}

function proposed(): PerformanceAgreement {
    const request = parseAgreementRequest(
        JSON.stringify({
            basis: { documentType: 'mediation-document', sha256: DIGEST },
            creditorPseudonym: CREDITOR,
            debtorPseudonym: DEBTOR,
            instalments: [
                { dueAt: DUE_1, amount: 30_000 },
                { dueAt: DUE_2, amount: 70_000 },
            ],
            graceDays: 5,
        }),
    );
    return newAgreement(request, actors.judge, CREATED, 'tx-agreement');
}

function agreed(): PerformanceAgreement {
    const draft = proposed();
    const one = consentToAgreement(
        draft,
        'creditor',
        signed(draft, creditorKey.privateKey),
        creditorKey.record,
        actors.party,
        CREATED,
        'tx-c',
    );
    return consentToAgreement(
        one,
        'debtor',
        signed(draft, debtorKey.privateKey),
        debtorKey.record,
        actors.agent,
        CREATED,
        'tx-d',
    );
}

describe('performance agreements (Online Operation Rules 2022, Art. 31)', () => {
    it('sums the instalments exactly and starts proposed', () => {
        const draft = proposed();
        expect(draft).to.include({ amountDue: 100_000, status: 'proposed', paidTotal: 0, graceDays: 5 });
        expect(draft.agreementId).to.match(/^ea_[0-9a-f]{32}$/);
        expect(draft.instalments.map((i) => i.no)).to.deep.equal([1, 2]);
    });

    it('refuses schedules out of order, fractional instalments, a party recording it', () => {
        const body = (instalments: unknown[]) =>
            JSON.stringify({
                basis: { documentType: 'judgment', sha256: DIGEST },
                creditorPseudonym: CREDITOR,
                debtorPseudonym: DEBTOR,
                instalments,
                graceDays: 0,
            });
        expectThrowsCode(
            () =>
                parseAgreementRequest(
                    body([
                        { dueAt: DUE_2, amount: 1 },
                        { dueAt: DUE_1, amount: 1 },
                    ]),
                ),
            'INVALID_ARGUMENT',
        );
        expectThrowsCode(() => parseAgreementRequest(body([{ dueAt: DUE_1, amount: 0.5 }])), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parseAgreementRequest(body([])), 'INVALID_ARGUMENT');
        const request = parseAgreementRequest(body([{ dueAt: DUE_1, amount: 1 }]));
        expectThrowsCode(() => newAgreement(request, actors.party, CREATED, 'tx'), 'FORBIDDEN_ROLE');
        expectThrowsCode(() => newAgreement(request, actors.judge, DUE_1, 'tx'), 'INVALID_ARGUMENT');
    });

    describe('consent by both parties, as signatures', () => {
        it('becomes agreed after both sides sign', () => {
            const result = agreed();
            expect(result.status).to.equal('agreed');
            expect(result.consents.debtor?.keyFingerprint).to.equal(debtorKey.record.fingerprint);
        });
        it('refuses a forged, misattributed, missing or repeated consent, and a court role consenting', () => {
            const draft = proposed();
            const good = signed(draft, debtorKey.privateKey);
            expectThrowsCode(
                () =>
                    consentToAgreement(
                        draft,
                        'debtor',
                        signed(draft, creditorKey.privateKey),
                        debtorKey.record,
                        actors.party,
                        CREATED,
                        't',
                    ),
                'INVALID_SIGNATURE',
            );
            expectThrowsCode(
                () => consentToAgreement(draft, 'debtor', good, creditorKey.record, actors.party, CREATED, 't'),
                'FORBIDDEN_ACTOR',
            );
            expectThrowsCode(
                () => consentToAgreement(draft, 'debtor', good, undefined, actors.party, CREATED, 't'),
                'KEY_NOT_FOUND',
            );
            expectThrowsCode(
                () => consentToAgreement(draft, 'debtor', good, debtorKey.record, actors.officer, CREATED, 't'),
                'FORBIDDEN_ROLE',
            );
            const once = consentToAgreement(draft, 'debtor', good, debtorKey.record, actors.party, CREATED, 't');
            expect(once.status).to.equal('proposed');
            expectThrowsCode(
                () => consentToAgreement(once, 'debtor', good, debtorKey.record, actors.party, CREATED, 't'),
                'INVALID_TRANSITION',
            );
        });
    });

    describe('payments', () => {
        it('only once agreed, by an officer, never above what remains; paying all performs it', () => {
            expectThrowsCode(
                () => recordAgreementPayment(proposed(), 1, actors.officer, DUE_1, 't'),
                'INVALID_TRANSITION',
            );
            expectThrowsCode(() => recordAgreementPayment(agreed(), 1, actors.party, DUE_1, 't'), 'FORBIDDEN_ROLE');
            expectThrowsCode(
                () => recordAgreementPayment(agreed(), 100_001, actors.officer, DUE_1, 't'),
                'OVERPAYMENT',
            );
            expectThrowsCode(
                () => recordAgreementPayment(agreed(), 1.5, actors.officer, DUE_1, 't'),
                'INVALID_ARGUMENT',
            );
            const done = recordAgreementPayment(agreed(), 100_000, actors.officer, DUE_1, 't');
            expect(done).to.include({ status: 'performed', paidTotal: 100_000 });
            expect(checkDue(done, '2026-01-01T00:00:00.000Z')).to.equal(undefined);
        });
    });

    describe('checkDue decides from the transaction time only', () => {
        const rows: [string, number, string, number | undefined][] = [
            ['nothing paid, at due + grace exactly', 0, GRACE_END_1, undefined],
            ['nothing paid, 1 ms after due + grace', 0, '2025-02-06T00:00:00.001Z', 1],
            ['first instalment paid, before the second is due', 30_000, '2025-02-20T00:00:00.000Z', undefined],
            ['1 fen short of the first instalment', 29_999, '2025-02-06T00:00:00.001Z', 1],
            ['first paid, second missed', 30_000, '2025-03-06T00:00:00.001Z', 2],
        ];
        for (const [name, paid, at, instalment] of rows) {
            it(`${name}: ${instalment === undefined ? 'no default' : `instalment ${instalment} in default`}`, () => {
                const base = agreed();
                const withPayment =
                    paid === 0 ? base : recordAgreementPayment(base, paid, actors.officer, DUE_1, 'tx-pay');
                expect(checkDue(withPayment, at)?.instalmentNo).to.equal(instalment);
            });
        }
        it('a payment after due + grace does not cure the default', () => {
            const late = recordAgreementPayment(
                agreed(),
                30_000,
                actors.officer,
                '2025-02-06T00:00:00.001Z',
                'tx-late',
            );
            expect(checkDue(late, '2025-02-07T00:00:00.000Z')).to.deep.equal({
                agreementId: late.agreementId,
                instalmentNo: 1,
                dueAt: DUE_1,
                graceDays: 5,
                outstanding: 70_000,
            });
        });
        it('a proposed agreement never defaults', () => {
            expect(checkDue(proposed(), '2030-01-01T00:00:00.000Z')).to.equal(undefined);
        });
    });

    describe('the checkDue transaction', () => {
        it('opens an enforcement case for the outstanding amount, records the trigger, and runs once', () => {
            const paid = recordAgreementPayment(agreed(), 10_000, actors.officer, DUE_1, 'tx-pay');
            const at = '2025-02-10T00:00:00.000Z';
            const { agreement, opened } = applyCheckDue(paid, actors.platform, at, 'tx-check');
            expect(opened).to.include({
                caseId: defaultCaseId(paid.agreementId),
                amountDue: 90_000,
                outstanding: 90_000,
                status: 'open',
                creditorPseudonym: CREDITOR,
                debtorPseudonym: DEBTOR,
                deadline: at,
            });
            expect(opened?.trigger).to.deep.include({ instalmentNo: 1, graceDays: 5, outstanding: 90_000 });
            expect(agreement.status).to.equal('defaulted');
            expect(agreement.trigger).to.deep.include({ caseId: opened?.caseId, at, txId: 'tx-check' });
            expect(applyCheckDue(agreement, actors.platform, '2025-06-01T00:00:00.000Z', 'tx-again').opened).to.equal(
                undefined,
            );
        });
        it('changes nothing before the default, and refuses a party', () => {
            const on = agreed();
            expect(applyCheckDue(on, actors.platform, GRACE_END_1, 'tx')).to.deep.equal({ agreement: on });
            expectThrowsCode(() => applyCheckDue(on, actors.party, GRACE_END_1, 'tx'), 'FORBIDDEN_ROLE');
        });
    });
});
