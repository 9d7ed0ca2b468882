import { expect } from 'chai';
import type { Actor } from '@court-ledger/ledger-api';
import type { GuaranteeCheck, GuaranteeRecord, GuaranteeView } from '../../src/domain/guarantee/model';
import type { PreservationRecord } from '../../src/domain/preservation/model';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import { actors, DIGEST, DIGEST_2, RESPONDENT } from '../helpers/guarantee-fixtures';
import { ContractLedger, expectRefusal } from '../helpers/embedded-ledger';

const START = new Date('2024-06-01T08:00:00.000Z');
const VALID_FROM = '2024-06-01T00:00:00.000Z';
const DAY = 24 * 3600 * 1000;
const UNKNOWN_LETTER = `lg_${'0'.repeat(32)}`;
const UNKNOWN_APPLICATION = `pa_${'0'.repeat(32)}`;
/** Letter writes carry a key-level policy (agency and court) once issued: the gateway always asks both. */
const BOTH = { endorsingOrganizations: ['AgencyMSP', 'CourtMSP'] };

describe('preservation and guarantee contracts on the embedded ledger', () => {
    let ledger: ContractLedger;

    before(async () => {
        ledger = await ContractLedger.open(START);
        await ledger.registerCase(actors.clerk, 'C-1', [actors.applicant, actors.otherParty]);
    });

    after(async () => {
        await ledger.close();
    });

    const apply = (actor: Actor = actors.applicant) =>
        ledger.submit<PreservationRecord>(actor, 'preservation', 'apply', ['C-1', RESPONDENT, '1000000', DIGEST]);
    const actOn = (actor: Actor, id: string, action: string, params: object = {}) =>
        ledger.submit<PreservationRecord>(actor, 'preservation', 'act', [id, action, canonicalJson(params)]);
    const applyLetter = (actor: Actor, applicationId: string) =>
        ledger.submit<GuaranteeRecord>(actor, 'guarantee', 'apply', [
            applicationId,
            actors.agency.sub,
            '1000000',
            VALID_FROM,
            // valid for 30 days from now (one ledger serves the file; its clock only moves forward)
            new Date(Date.parse(ledger.time()) + 30 * DAY).toISOString(),
        ]);
    const letterAct = (actor: Actor, id: string, action: string, params: object = {}) =>
        ledger.submit<GuaranteeRecord>(actor, 'guarantee', 'act', [id, action, canonicalJson(params)], BOTH);
    const check = (actor: Actor, letterId: string, applicationId: string) =>
        ledger.evaluate<GuaranteeCheck>(actor, 'guarantee', 'check', [letterId, applicationId]);

    it('applies, issues, binds and checks a letter, which expires on the injected clock', async () => {
        const applied = await apply();
        const applicationId = applied.result.applicationId;
        expect(applied.result).to.deep.include({ status: 'applied', appliedAt: applied.timestamp });
        expect(applied.event?.name).to.equal('PreservationApplied');
        const letterId = (await applyLetter(actors.applicant, applicationId)).result.letterId;
        await letterAct(actors.agency, letterId, 'approve');
        await letterAct(actors.agency, letterId, 'pay', { amount: 5000 });
        const issued = await letterAct(actors.agency, letterId, 'issue', { documentDigest: DIGEST_2 });
        expect(issued.result.status).to.equal('issued');
        expect(issued.event).to.deep.equal({
            name: 'GuaranteeAction',
            payload: { type: 'GuaranteeAction', record: issued.result },
        });
        await actOn(actors.applicant, applicationId, 'bind-guarantee', { letterId });
        await actOn(actors.clerk, applicationId, 'set-security', { amount: 800_000 });
        expect((await check(actors.judge, letterId, applicationId)).ok).to.equal(true);

        ledger.advance(31 * DAY);
        const expired = await check(actors.judge, letterId, applicationId);
        expect(expired.ok).to.equal(false);
        expect(expired.conditions.filter((c) => !c.ok).map((c) => c.name)).to.deep.equal(['not-expired']);
        const view = await ledger.evaluate<GuaranteeView>(actors.applicant, 'guarantee', 'get', [letterId]);
        expect(view).to.deep.include({ status: 'issued', effectiveStatus: 'expired' });
        await expectRefusal(
            letterAct(actors.agency, letterId, 'amend', { documentDigest: DIGEST }),
            'INVALID_TRANSITION',
        );
        const application = await ledger.evaluate<PreservationRecord>(actors.judge, 'preservation', 'get', [
            applicationId,
        ]);
        expect(application).to.deep.include({ status: 'applied', guaranteeLetterId: letterId });
    });

    it('refuses with each code the contracts give', async () => {
        const applicationId = (await apply()).result.applicationId;
        await expectRefusal(apply(actors.agency), 'FORBIDDEN_ROLE');
        await expectRefusal(applyLetter(actors.otherParty, applicationId), 'FORBIDDEN_ACTOR');
        await expectRefusal(applyLetter(actors.applicant, UNKNOWN_APPLICATION), 'APPLICATION_NOT_FOUND');
        const letterId = (await applyLetter(actors.applicant, applicationId)).result.letterId;
        await expectRefusal(letterAct(actors.otherAgency, letterId, 'approve'), 'FORBIDDEN_ACTOR');
        await expectRefusal(letterAct(actors.agency, UNKNOWN_LETTER, 'approve'), 'LETTER_NOT_FOUND');
        await letterAct(actors.agency, letterId, 'reject');
        await expectRefusal(letterAct(actors.agency, letterId, 'approve'), 'INVALID_TRANSITION');
        await expectRefusal(check(actors.applicant, UNKNOWN_LETTER, applicationId), 'FORBIDDEN_ROLE');
        await expectRefusal(check(actors.judge, UNKNOWN_LETTER, UNKNOWN_APPLICATION), 'APPLICATION_NOT_FOUND');
        await expectRefusal(actOn(actors.applicant, applicationId, 'set-security', { amount: 1 }), 'FORBIDDEN_ROLE');
        await expectRefusal(
            ledger.evaluate(actors.judge, 'preservation', 'get', [UNKNOWN_APPLICATION]),
            'APPLICATION_NOT_FOUND',
        );
    });
});
