import { expect } from 'chai';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
    agreementStatement,
    applyCheckDue,
    assertSameAgreement,
    checkDue,
    defaultCaseId,
    MAX_AGREEMENT_ID_LENGTH,
    newAgreement,
    parseAgreementRequest,
    recordAgreementPayment,
    type AgreementRequest,
} from '../../../src/domain/enforcement/agreement';
import type { PerformanceAgreement } from '../../../src/domain/enforcement/model';
import { parseRecipientPublicKey, registerRecipientKey } from '../../../src/domain/service/service-keys';
import type { RecipientKeyRecord } from '../../../src/domain/service/model';
import { expectThrowsCode } from '../../helpers/codes';
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

const TERMS = {
    agreementId: '(2025)京0491执调1号',
    basis: { documentType: 'mediation-document', sha256: DIGEST },
    creditorPseudonym: CREDITOR,
    debtorPseudonym: DEBTOR,
    instalments: [
        { dueAt: DUE_1, amount: 30_000 },
        { dueAt: DUE_2, amount: 70_000 },
    ],
    graceDays: 5,
};

function terms(overrides: Record<string, unknown> = {}): AgreementRequest {
    return parseAgreementRequest(JSON.stringify({ ...TERMS, ...overrides }));
}

function signed(request: AgreementRequest, privateKey: KeyObject): string {
    const bytes = Buffer.from(agreementStatement(request), 'utf8');
    return sign('sha256', bytes, { key: privateKey, dsaEncoding: 'der' }).toString('base64');
}

const bothKeys = { creditor: creditorKey.record, debtor: debtorKey.record };

function bothSignatures(request: AgreementRequest): { creditor: string; debtor: string } {
    return { creditor: signed(request, creditorKey.privateKey), debtor: signed(request, debtorKey.privateKey) };
}

function agreed(): PerformanceAgreement {
    const request = terms();
    return newAgreement(request, bothSignatures(request), bothKeys, actors.judge, CREATED, 'tx-agreement');
}

describe('performance agreements (Online Operation Rules 2022, Art. 31)', () => {
    it('sums the instalments exactly and is agreed from the start, with both consents', () => {
        const agreement = agreed();
        expect(agreement).to.include({
            agreementId: TERMS.agreementId,
            amountDue: 100_000,
            status: 'agreed',
            paidTotal: 0,
            graceDays: 5,
        });
        expect(agreement.instalments.map((i) => i.no)).to.deep.equal([1, 2]);
        expect(agreement.consents.debtor).to.deep.equal({
            signature: agreement.consents.debtor.signature,
            keyFingerprint: debtorKey.record.fingerprint,
            at: CREATED,
            txId: 'tx-agreement',
        });
        expect(agreement.consents.creditor.keyFingerprint).to.equal(creditorKey.record.fingerprint);
    });

    it('refuses schedules out of order, fractional instalments, a long id, a party recording it', () => {
        const body = (instalments: unknown[]) => JSON.stringify({ ...TERMS, instalments, graceDays: 0 });
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
        expect(terms({ agreementId: 'a'.repeat(MAX_AGREEMENT_ID_LENGTH) }).agreementId).to.have.length(60);
        expectThrowsCode(() => terms({ agreementId: 'a'.repeat(61) }), 'INVALID_ARGUMENT');
        expectThrowsCode(() => terms({ agreementId: 'a b' }), 'INVALID_ARGUMENT');
        const request = parseAgreementRequest(body([{ dueAt: DUE_1, amount: 1 }]));
        const signatures = bothSignatures(request);
        expectThrowsCode(
            () => newAgreement(request, signatures, bothKeys, actors.party, CREATED, 'tx'),
            'FORBIDDEN_ROLE',
        );
        expectThrowsCode(
            () => newAgreement(request, signatures, bothKeys, actors.judge, DUE_1, 'tx'),
            'INVALID_ARGUMENT',
        );
    });

    describe('consent by both parties, as signatures', () => {
        it('refuses a forged, misattributed or missing consent, and a signature over other terms', () => {
            const request = terms();
            const good = bothSignatures(request);
            const create =
                (
                    signatures: { creditor: string; debtor: string },
                    keys: Partial<Record<'creditor' | 'debtor', RecipientKeyRecord>> = bothKeys,
                ) =>
                () =>
                    newAgreement(request, signatures, keys, actors.judge, CREATED, 't');
            expectThrowsCode(create({ ...good, debtor: good.creditor }), 'INVALID_SIGNATURE');
            expectThrowsCode(create(good, { ...bothKeys, debtor: creditorKey.record }), 'FORBIDDEN_ACTOR');
            expectThrowsCode(create(good, { creditor: creditorKey.record }), 'KEY_NOT_FOUND');
            expectThrowsCode(create({ ...good, creditor: '' }), 'INVALID_SIGNATURE');
            const other = bothSignatures(terms({ graceDays: 6 }));
            expectThrowsCode(create({ ...good, creditor: other.creditor }), 'INVALID_SIGNATURE');
        });

        it('is recorded once: the same terms again are the same agreement, other terms a conflict', () => {
            const agreement = agreed();
            expect(() => {
                assertSameAgreement(agreement, terms());
            }).to.not.throw();
            expectThrowsCode(() => {
                assertSameAgreement(agreement, terms({ graceDays: 6 }));
            }, 'CONFLICT');
        });
    });

    describe('payments', () => {
        it('only while agreed, by an officer, never above what remains; paying all performs it', () => {
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
            expectThrowsCode(() => recordAgreementPayment(done, 1, actors.officer, DUE_1, 't'), 'INVALID_TRANSITION');
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
