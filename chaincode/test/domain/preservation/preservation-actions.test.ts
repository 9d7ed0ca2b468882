import { expect } from 'chai';
import type { PreservationAction, PreservationStatus } from '../../../src/domain/preservation/model';
import {
    applyPreservationAction,
    parsePreservationRequest,
} from '../../../src/domain/preservation/preservation-actions';
import { parsePreservationApply } from '../../../src/domain/preservation/preservation-validation';
import type { Actor } from '../../../src/domain/shared/actor';
import type { ErrorCode } from '../../../src/domain/shared/errors';
import { expectThrowsCode } from '../../helpers/codes';
import {
    actors,
    application,
    DIGEST,
    LATER,
    letter,
    LETTER_ID,
    NOW,
    RESPONDENT,
} from '../../helpers/guarantee-fixtures';

const PARAMS: Record<PreservationAction, string> = {
    supplement: `{"documentDigest":"${DIGEST}"}`,
    'pay-fee': '{"amount":3000}',
    'set-security': '{"amount":1000000}',
    'bind-guarantee': `{"letterId":"${LETTER_ID}"}`,
    rule: `{"decision":"granted","rulingDigest":"${DIGEST}"}`,
    extend: '{"until":"2025-01-01T00:00:00.000Z"}',
    cancel: '{}',
    'request-review': `{"reasonDigest":"${DIGEST}"}`,
};

function act(status: PreservationStatus, action: PreservationAction, by: Actor, at = NOW) {
    const request = parsePreservationRequest(action, PARAMS[action]);
    return applyPreservationAction(application({ status }), request, by, at, 'tx-9', letter('issued'));
}

const ALLOWED: [PreservationStatus, PreservationAction, Actor, PreservationStatus][] = [
    ['applied', 'supplement', actors.applicant, 'applied'],
    ['applied', 'pay-fee', actors.applicantAgent, 'applied'],
    ['applied', 'set-security', actors.clerk, 'applied'],
    ['applied', 'set-security', actors.judge, 'applied'],
    ['applied', 'bind-guarantee', actors.applicant, 'applied'],
    ['granted', 'bind-guarantee', actors.applicant, 'granted'],
    ['applied', 'rule', actors.judge, 'granted'],
    ['granted', 'extend', actors.judge, 'granted'],
    ['applied', 'cancel', actors.applicant, 'cancelled'],
    ['granted', 'cancel', actors.clerk, 'cancelled'],
    ['granted', 'cancel', actors.judge, 'cancelled'],
    ['granted', 'request-review', actors.otherParty, 'granted'],
    ['rejected', 'request-review', actors.applicant, 'rejected'],
];

const REFUSED: [PreservationStatus, PreservationAction, Actor, ErrorCode][] = [
    ['applied', 'supplement', actors.otherParty, 'FORBIDDEN_ACTOR'],
    ['applied', 'set-security', actors.applicant, 'FORBIDDEN_ROLE'],
    ['applied', 'rule', actors.clerk, 'FORBIDDEN_ROLE'],
    ['granted', 'rule', actors.judge, 'INVALID_TRANSITION'],
    ['applied', 'extend', actors.judge, 'INVALID_TRANSITION'],
    ['granted', 'cancel', actors.applicant, 'FORBIDDEN_ROLE'],
    ['rejected', 'cancel', actors.applicant, 'INVALID_TRANSITION'],
    ['applied', 'request-review', actors.applicant, 'INVALID_TRANSITION'],
    ['cancelled', 'supplement', actors.applicant, 'INVALID_TRANSITION'],
    ['applied', 'bind-guarantee', actors.agency, 'FORBIDDEN_ROLE'],
];

describe('preservation actions', () => {
    for (const [from, action, by, to] of ALLOWED) {
        it(`${from} —${action} by ${by.role}→ ${to}`, () => {
            const after = act(from, action, by);
            expect(after.status).to.equal(to);
            expect(after.history).to.deep.equal([
                { action, actor: { sub: by.sub, role: by.role }, at: NOW, txId: 'tx-9' },
            ]);
        });
    }
    for (const [from, action, by, code] of REFUSED) {
        it(`refuses ${action} on ${from} by ${by.sub} (${by.role}): ${code}`, () => {
            expectThrowsCode(() => act(from, action, by), code);
        });
    }

    it('records what each action sets', () => {
        expect(act('applied', 'pay-fee', actors.applicant).feePaid).to.equal(3000);
        expect(act('applied', 'set-security', actors.clerk).securityRequired).to.equal(1_000_000);
        expect(act('applied', 'bind-guarantee', actors.applicant).guaranteeLetterId).to.equal(LETTER_ID);
        expect(act('applied', 'rule', actors.judge).ruling).to.deep.equal({
            decision: 'granted',
            rulingDigest: DIGEST,
            at: NOW,
            txId: 'tx-9',
        });
        expect(act('granted', 'extend', actors.judge).extendedUntil).to.equal('2025-01-01T00:00:00.000Z');
        expect(act('applied', 'supplement', actors.applicant).supplements).to.deep.equal([
            { documentDigest: DIGEST, at: NOW, txId: 'tx-9' },
        ]);
        expect(act('rejected', 'request-review', actors.otherParty).reviews).to.deep.equal([
            { reasonDigest: DIGEST, actor: { sub: 'p-2', role: 'party' }, at: NOW, txId: 'tx-9' },
        ]);
    });

    it('refuses a second fee, a past extension and unbindable letters', () => {
        const pay = parsePreservationRequest('pay-fee', PARAMS['pay-fee']);
        expectThrowsCode(
            () => applyPreservationAction(application({ feePaid: 1 }), pay, actors.applicant, NOW, 't'),
            'INVALID_TRANSITION',
        );
        expectThrowsCode(() => act('granted', 'extend', actors.judge, LATER), 'INVALID_ARGUMENT');
        const bind = parsePreservationRequest('bind-guarantee', PARAMS['bind-guarantee']);
        const bindWith =
            (candidate: Parameters<typeof applyPreservationAction>[5], at = NOW) =>
            () =>
                applyPreservationAction(application(), bind, actors.applicant, at, 't', candidate);
        expectThrowsCode(bindWith(undefined), 'LETTER_NOT_FOUND');
        expectThrowsCode(bindWith(letter('paid')), 'INVALID_TRANSITION');
        expectThrowsCode(bindWith(letter('issued'), LATER), 'INVALID_TRANSITION');
        expectThrowsCode(bindWith(letter('issued', { applicationId: `pa_${'0'.repeat(32)}` })), 'INVALID_ARGUMENT');
    });

    it('validates apply arguments and action params', () => {
        expect(
            parsePreservationApply({
                caseId: 'C-1',
                respondentPseudonym: RESPONDENT,
                amount: '100',
                propertyDigest: DIGEST,
            }),
        ).to.deep.equal({
            caseId: 'C-1',
            respondentPseudonym: RESPONDENT,
            amount: 100,
            propertyDigest: DIGEST,
        });
        const base = { caseId: 'C-1', respondentPseudonym: RESPONDENT, amount: '100', propertyDigest: DIGEST };
        expect(() => parsePreservationApply({ ...base, respondentPseudonym: 'x' })).to.throw(
            /field=respondentPseudonym;/,
        );
        expectThrowsCode(() => parsePreservationApply({ ...base, amount: '0' }), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parsePreservationApply({ ...base, amount: '1.5' }), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parsePreservationApply({ ...base, amount: '9007199254740993' }), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parsePreservationApply({ ...base, propertyDigest: 'x' }), 'INVALID_DIGEST');
        expectThrowsCode(
            () => parsePreservationRequest('rule', `{"decision":"maybe","rulingDigest":"${DIGEST}"}`),
            'INVALID_ARGUMENT',
        );
        expectThrowsCode(() => parsePreservationRequest('bind-guarantee', '{"letterId":"lg_1"}'), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parsePreservationRequest('extend', '{"until":"tomorrow"}'), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parsePreservationRequest('cancel', '{"why":"x"}'), 'INVALID_ARGUMENT');
    });
});
