import { expect } from 'chai';
import {
    applyGuaranteeAction,
    parseGuaranteeRequest,
    type GuaranteeRequest,
} from '../../../src/domain/guarantee/guarantee-actions';
import { effectiveStatus } from '../../../src/domain/guarantee/guarantee-lifecycle';
import {
    GUARANTEE_ACTIONS,
    type GuaranteeAction,
    type GuaranteeRecord,
    type GuaranteeStatus,
} from '../../../src/domain/guarantee/model';
import type { Actor } from '../../../src/domain/shared/actor';
import type { ErrorCode } from '../../../src/domain/shared/errors';
import { expectThrowsCode } from '../../helpers/codes';
import { actors, application, DIGEST, DIGEST_2, LATER, letter, NOW, VALID_TO } from '../../helpers/guarantee-fixtures';

const consented = { courtConsentToCancel: { actor: { sub: 'judge-1', role: 'judge' as const }, at: NOW, txId: 't' } };

function request(action: GuaranteeAction): GuaranteeRequest {
    const params = action === 'issue' || action === 'amend' ? `{"documentDigest":"${DIGEST}"}` : '{}';
    return parseGuaranteeRequest(action, params);
}

type Row = [
    from: GuaranteeStatus,
    action: GuaranteeAction,
    by: Actor,
    to: GuaranteeStatus,
    extra?: Partial<GuaranteeRecord>,
];

/** Every allowed transition (the table in guarantee-lifecycle.ts), written out independently. */
const ALLOWED: Row[] = [
    ['applied', 'approve', actors.agency, 'approved'],
    ['applied', 'reject', actors.agency, 'rejected'],
    ['applied', 'cancel', actors.applicant, 'cancelled'],
    ['approved', 'pay', actors.agency, 'paid'],
    ['approved', 'cancel', actors.applicantAgent, 'cancelled'],
    ['paid', 'issue', actors.agency, 'issued'],
    ['paid', 'cancel', actors.applicant, 'cancelled'],
    ['issued', 'amend', actors.agency, 'amended'],
    ['issued', 'release', actors.clerk, 'released'],
    ['issued', 'release', actors.agency, 'released'],
    ['issued', 'claim', actors.judge, 'claimed'],
    ['issued', 'consent-cancel', actors.judge, 'issued'],
    ['issued', 'cancel', actors.applicant, 'cancelled', consented],
    ['amended', 'amend', actors.agency, 'amended'],
    ['amended', 'release', actors.judge, 'released'],
    ['amended', 'claim', actors.clerk, 'claimed'],
    ['amended', 'consent-cancel', actors.clerk, 'amended'],
    ['amended', 'cancel', actors.applicant, 'cancelled', consented],
    ['claimed', 'settle', actors.agency, 'settled'],
];

/** A sample of refusals: [status, action, actor, code, at?, extra?]. */
const REFUSED: [GuaranteeStatus, GuaranteeAction, Actor, ErrorCode, string?, Partial<GuaranteeRecord>?][] = [
    ['applied', 'issue', actors.agency, 'INVALID_TRANSITION'],
    ['applied', 'approve', actors.otherAgency, 'FORBIDDEN_ACTOR'],
    ['applied', 'approve', actors.clerk, 'FORBIDDEN_ROLE'],
    ['paid', 'issue', actors.applicant, 'FORBIDDEN_ROLE'],
    ['paid', 'issue', { ...actors.agency, org: 'CourtMSP' }, 'FORBIDDEN_ROLE'],
    ['applied', 'cancel', actors.otherParty, 'FORBIDDEN_ACTOR'],
    ['issued', 'cancel', actors.applicant, 'INVALID_TRANSITION'],
    ['issued', 'consent-cancel', actors.judge, 'INVALID_TRANSITION', NOW, consented],
    ['issued', 'consent-cancel', actors.officer, 'FORBIDDEN_ROLE'],
    ['issued', 'claim', actors.agency, 'FORBIDDEN_ROLE'],
    ['issued', 'amend', actors.agency, 'INVALID_TRANSITION', LATER],
    ['issued', 'claim', actors.judge, 'INVALID_TRANSITION', LATER],
    ['issued', 'settle', actors.agency, 'INVALID_TRANSITION'],
    ['rejected', 'approve', actors.agency, 'INVALID_TRANSITION'],
    ['released', 'claim', actors.judge, 'INVALID_TRANSITION'],
    ['settled', 'release', actors.judge, 'INVALID_TRANSITION'],
    ['cancelled', 'approve', actors.agency, 'INVALID_TRANSITION'],
    ['claimed', 'settle', actors.otherAgency, 'FORBIDDEN_ACTOR'],
];

const lifted = application({ status: 'cancelled' });

describe('guarantee lifecycle', () => {
    for (const [from, action, by, to, extra] of ALLOWED) {
        it(`${from} —${action} by ${by.role}→ ${to}`, () => {
            const before = letter(from, extra);
            const after = applyGuaranteeAction(before, request(action), by, NOW, 'tx-9', lifted);
            expect(after.status).to.equal(to);
            expect(after.history).to.deep.equal([
                { action, actor: { sub: by.sub, role: by.role }, at: NOW, txId: 'tx-9' },
            ]);
        });
    }

    for (const [from, action, by, code, at, extra] of REFUSED) {
        it(`refuses ${action} on ${from} by ${by.sub} (${by.org}) at ${at ?? 'NOW'}: ${code}`, () => {
            expectThrowsCode(
                () => applyGuaranteeAction(letter(from, extra), request(action), by, at ?? NOW, 'tx-9', lifted),
                code,
            );
        });
    }

    it('lets the agency release only after the court lifted the preservation', () => {
        const issued = letter('issued');
        const release = request('release');
        expectThrowsCode(
            () => applyGuaranteeAction(issued, release, actors.agency, NOW, 't', application()),
            'INVALID_TRANSITION',
        );
        for (const status of ['cancelled', 'rejected'] as const) {
            const released = applyGuaranteeAction(issued, release, actors.agency, NOW, 't', application({ status }));
            expect(released.status).to.equal('released');
        }
    });

    it('lets the court release an expired letter and nothing else happen to it', () => {
        const issued = letter('issued');
        expect(applyGuaranteeAction(issued, request('release'), actors.judge, LATER, 't').status).to.equal('released');
        for (const action of GUARANTEE_ACTIONS.filter((name) => name !== 'release')) {
            const by =
                action === 'cancel'
                    ? actors.applicant
                    : ['claim', 'consent-cancel'].includes(action)
                      ? actors.judge
                      : actors.agency;
            expect(() => applyGuaranteeAction(issued, request(action), by, LATER, 't')).to.throw(
                /^(INVALID_TRANSITION|FORBIDDEN_ROLE): /,
            );
        }
    });

    it('issue writes version 1, amend adds versions and keeps the history', () => {
        const paid = letter('paid', { premiumPaid: 5000 });
        const issued = applyGuaranteeAction(paid, request('issue'), actors.agency, NOW, 'tx-i');
        expect(issued.document).to.deep.equal({ sha256: DIGEST, version: 1 });
        expect(issued.versions).to.deep.equal([
            { version: 1, documentDigest: DIGEST, amount: 1_000_000, validTo: VALID_TO, at: NOW, txId: 'tx-i' },
        ]);
        const amend = parseGuaranteeRequest(
            'amend',
            JSON.stringify({ documentDigest: DIGEST_2, amount: 2_000_000, validTo: '2026-01-01T00:00:00.000Z' }),
        );
        const amended = applyGuaranteeAction(issued, amend, actors.agency, NOW, 'tx-a');
        expect(amended).to.deep.include({ status: 'amended', amount: 2_000_000, validTo: '2026-01-01T00:00:00.000Z' });
        expect(amended.document).to.deep.equal({ sha256: DIGEST_2, version: 2 });
        expect(amended.versions.map((v) => [v.version, v.documentDigest, v.amount])).to.deep.equal([
            [1, DIGEST, 1_000_000],
            [2, DIGEST_2, 2_000_000],
        ]);
        expect(amended.history.map((entry) => entry.action)).to.deep.equal(['issue', 'amend']);
        const backwards = parseGuaranteeRequest('amend', JSON.stringify({ documentDigest: DIGEST, validTo: NOW }));
        expectThrowsCode(() => applyGuaranteeAction(issued, backwards, actors.agency, NOW, 't'), 'INVALID_ARGUMENT');
    });

    it('records the premium paid and the court consent', () => {
        const paid = applyGuaranteeAction(
            letter('approved'),
            parseGuaranteeRequest('pay', '{"amount":5000}'),
            actors.agency,
            NOW,
            't',
        );
        expect(paid.premiumPaid).to.equal(5000);
        const consent = applyGuaranteeAction(letter('issued'), request('consent-cancel'), actors.judge, NOW, 'tx-c');
        expect(consent.courtConsentToCancel).to.deep.equal({
            actor: { sub: 'judge-1', role: 'judge' },
            at: NOW,
            txId: 'tx-c',
        });
    });

    it('parses requests and refuses bad params', () => {
        expect(parseGuaranteeRequest('approve', '{}')).to.deep.equal({ action: 'approve' });
        expectThrowsCode(() => parseGuaranteeRequest('bless', '{}'), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parseGuaranteeRequest('approve', '[]'), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parseGuaranteeRequest('approve', 'nope'), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parseGuaranteeRequest('approve', '{"x":1}'), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parseGuaranteeRequest('issue', '{}'), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parseGuaranteeRequest('issue', '{"documentDigest":"AB"}'), 'INVALID_DIGEST');
        expectThrowsCode(() => parseGuaranteeRequest('pay', '{"amount":1.5}'), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parseGuaranteeRequest('pay', '{"amount":"100"}'), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parseGuaranteeRequest('pay', '{"amount":0}'), 'INVALID_ARGUMENT');
        expectThrowsCode(
            () => parseGuaranteeRequest('amend', `{"documentDigest":"${DIGEST}","validTo":"2025-01-01"}`),
            'INVALID_ARGUMENT',
        );
    });

    it('derives expired only for issued or amended letters past validTo', () => {
        expect(effectiveStatus(letter('issued'), VALID_TO)).to.equal('issued');
        expect(effectiveStatus(letter('issued'), '2025-06-01T00:00:00.001Z')).to.equal('expired');
        expect(effectiveStatus(letter('amended'), LATER)).to.equal('expired');
        for (const status of ['applied', 'approved', 'paid', 'released', 'claimed', 'settled', 'cancelled'] as const) {
            expect(effectiveStatus(letter(status), LATER)).to.equal(status);
        }
    });
});
