import { expect } from 'chai';
import { GUARANTEE_ACTION_PARAMS, GUARANTEE_ACTIONS, PRESERVATION_ACTIONS } from '@court-ledger/chaincode';
import { LedgerError } from '@court-ledger/chaincode';
import { DomainError, type HttpError } from '../../../src/platform/http/errors';
import { toHttpError } from '../../../src/platform/http/error-plugin';
import { assertLetterReader } from '../../../src/features/guarantees/access';
import {
    actionParams,
    guaranteeParams,
    normaliseTime,
    preservationParams,
} from '../../../src/features/guarantees/actions';
import { Pepper } from '../../../src/platform/pseudonyms/pepper';
import type { GuaranteeView } from '@court-ledger/chaincode';

/** The domain error `fn` throws, as the one error mapper answers it. */
function refusal(fn: () => unknown): HttpError {
    try {
        fn();
    } catch (error) {
        expect(error instanceof DomainError || error instanceof LedgerError, String(error)).to.equal(true);
        return toHttpError(error);
    }
    throw new Error('expected a refusal');
}

const DIGEST = 'a'.repeat(64);

describe('guarantees: action params', () => {
    it('normalises any ISO 8601 time to UTC with milliseconds', () => {
        expect(normaliseTime('2026-03-01T08:00:00+08:00', 'until')).to.equal('2026-03-01T00:00:00.000Z');
        expect(normaliseTime('2026-03-01T00:00:00Z', 'until')).to.equal('2026-03-01T00:00:00.000Z');
        expect(normaliseTime('2026-03-01T00:00:00.123456Z', 'until')).to.equal('2026-03-01T00:00:00.123Z');
        const bad = refusal(() => normaliseTime('yesterday', 'validTo'));
        expect(bad).to.include({ statusCode: 400, code: 'INVALID_ARGUMENT', field: 'validTo' });
    });

    it('passes exactly the fields the chaincode table names, times normalised', () => {
        expect(preservationParams({ action: 'set-security', amount: 400_000 })).to.deep.equal({ amount: 400_000 });
        expect(preservationParams({ action: 'extend', until: '2027-01-01T08:00:00+08:00' })).to.deep.equal({
            until: '2027-01-01T00:00:00.000Z',
        });
        expect(preservationParams({ action: 'cancel' })).to.deep.equal({});
        expect(guaranteeParams({ action: 'pay' })).to.deep.equal({});
        expect(
            guaranteeParams({ action: 'amend', documentDigest: DIGEST, validTo: '2027-06-30T00:00:00Z', amount: 7 }),
        ).to.deep.equal({ documentDigest: DIGEST, validTo: '2027-06-30T00:00:00.000Z', amount: 7 });
    });

    it('refuses a missing required field or one the action does not take, naming it', () => {
        expect(refusal(() => preservationParams({ action: 'set-security' }))).to.include({
            statusCode: 400,
            field: 'amount',
        });
        expect(refusal(() => preservationParams({ action: 'rule', decision: 'granted' }))).to.include({
            field: 'rulingDigest',
        });
        expect(refusal(() => guaranteeParams({ action: 'approve', amount: 5 }))).to.include({ field: 'amount' });
        expect(refusal(() => guaranteeParams({ action: 'issue' }))).to.include({ field: 'documentDigest' });
        expect(refusal(() => actionParams({ action: 'x', other: 1 }, { required: [] }))).to.include({
            field: 'other',
        });
    });

    it('covers every chaincode action (the schemas take their lists from the chaincode)', () => {
        expect(Object.keys(GUARANTEE_ACTION_PARAMS).sort()).to.deep.equal([...GUARANTEE_ACTIONS].sort());
        expect(PRESERVATION_ACTIONS).to.include('set-security');
    });
});

describe('guarantees: who may read a letter document', () => {
    // The letter names its agency and applicant by pseudonym, as the ledger knows them.
    const pepper = new Pepper('guarantee-access-test-pepper');
    const letter = {
        agency: pepper.pseudonym('agency-a'),
        applicant: { sub: pepper.pseudonym('party-1'), role: 'party' },
    } as unknown as GuaranteeView;

    it('the court, the applicant and the letter’s agency', () => {
        for (const actor of [
            { sub: 'clerk-1', role: 'clerk', org: 'CourtMSP' },
            { sub: 'judge-1', role: 'judge', org: 'CourtMSP' },
            { sub: 'party-1', role: 'party', org: 'CourtMSP' },
            { sub: 'agency-a', role: 'agency', org: 'AgencyMSP' },
        ]) {
            expect(() => {
                assertLetterReader(actor, letter, pepper);
            }, actor.sub).not.to.throw();
        }
    });

    it('nobody else: 403 FORBIDDEN_ACTOR (FORBIDDEN_ROLE for a role that never reads letters)', () => {
        for (const actor of [
            { sub: 'party-2', role: 'party', org: 'CourtMSP' },
            { sub: 'agency-b', role: 'agency', org: 'AgencyMSP' },
        ]) {
            expect(
                refusal(() => {
                    assertLetterReader(actor, letter, pepper);
                }),
            ).to.include({
                statusCode: 403,
                code: 'FORBIDDEN_ACTOR',
            });
        }
        expect(
            refusal(() => {
                assertLetterReader({ sub: 'sub-1', role: 'subsystem', org: 'CourtMSP' }, letter, pepper);
            }),
        ).to.include({ statusCode: 403, code: 'FORBIDDEN_ROLE' });
    });
});
