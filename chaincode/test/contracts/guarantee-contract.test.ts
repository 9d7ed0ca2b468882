import { common, msp } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { GuaranteeContract } from '../../src/contracts/guarantee';
import { PreservationContract } from '../../src/contracts/preservation';
import { PRESERVATION_KEYS } from '../../src/contracts/preservation-state';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import type { GuaranteeCheck, GuaranteeRecord, GuaranteeView } from '../../src/domain/guarantee/model';
import type { PreservationRecord } from '../../src/domain/preservation/model';
import { seedCase } from '../helpers/cases';
import { courtIdentity, expectCode, FakeLedger, viaGateway, type Caller } from '../helpers/fake-ledger';

const CASE = '(2024)京0491民初123号';
const RESPONDENT = 'c3'.repeat(32);
const PROPERTY = 'd4'.repeat(32);
const DOC_1 = 'a1'.repeat(32);
const DOC_2 = 'b2'.repeat(32);
const VALID_FROM = '2023-11-01T00:00:00.000Z';
const VALID_TO = '2024-11-01T00:00:00.000Z';
const DAY = 24 * 3600;

const applicant = viaGateway('p-1', 'party');
const otherParty = viaGateway('p-2', 'party');
const clerk = courtIdentity('clerk', 'clerk-1');
const judge = viaGateway('judge-1', 'judge');
const agencyA: Caller = { mspId: 'AgencyMSP', role: 'agency', cn: 'agency-a' };
const agencyB: Caller = { mspId: 'AgencyMSP', role: 'agency', cn: 'agency-b' };

describe('PreservationContract and GuaranteeContract', () => {
    const preservation = new PreservationContract();
    const guarantee = new GuaranteeContract();
    let ledger: FakeLedger;

    beforeEach(() => {
        ledger = new FakeLedger();
        seedCase(ledger, CASE, [
            { id: 'p-1', side: 'plaintiff' },
            { id: 'p-2', side: 'defendant' },
        ]);
    });

    const applyPreservation = (caller: Caller = applicant, amount = '1000000') =>
        ledger.run<PreservationRecord>(caller, (ctx) => preservation.apply(ctx, CASE, RESPONDENT, amount, PROPERTY));
    const actOn = (caller: Caller, id: string, action: string, params: object = {}) =>
        ledger.run<PreservationRecord>(caller, (ctx) => preservation.act(ctx, id, action, canonicalJson(params)));
    const applyLetter = (caller: Caller, applicationId: string, amount = '1000000', validTo = VALID_TO) =>
        ledger.run<GuaranteeRecord>(caller, (ctx) =>
            guarantee.apply(ctx, applicationId, 'agency-a', amount, VALID_FROM, validTo),
        );
    const letterAct = (caller: Caller, id: string, action: string, params: object = {}) =>
        ledger.run<GuaranteeRecord>(caller, (ctx) => guarantee.act(ctx, id, action, canonicalJson(params)));
    const check = (caller: Caller, letterId: string, applicationId: string) =>
        ledger.run<GuaranteeCheck>(caller, (ctx) => guarantee.check(ctx, letterId, applicationId));

    /** apply → letter apply → approve → pay → issue; returns both ids. */
    async function issuedLetter(amount = '1000000', validTo = VALID_TO) {
        const applicationId = (await applyPreservation()).result.applicationId;
        const letterId = (await applyLetter(applicant, applicationId, amount, validTo)).result.letterId;
        await letterAct(agencyA, letterId, 'approve');
        await letterAct(agencyA, letterId, 'pay', { amount: 5000 });
        await letterAct(agencyA, letterId, 'issue', { documentDigest: DOC_1 });
        return { applicationId, letterId };
    }

    async function boundWithSecurity(security: number, amount = '1000000', validTo = VALID_TO) {
        const ids = await issuedLetter(amount, validTo);
        await actOn(applicant, ids.applicationId, 'bind-guarantee', { letterId: ids.letterId });
        await actOn(clerk, ids.applicationId, 'set-security', { amount: security });
        return ids;
    }

    it('runs apply → approve → pay → issue → bind → set-security → check → amend → release', async () => {
        const applied = await applyPreservation();
        const applicationId = applied.result.applicationId;
        expect(applicationId).to.match(/^pa_[0-9a-f]{32}$/);
        expect(applied.result).to.deep.include({
            caseId: CASE,
            applicant: { sub: 'p-1', role: 'party' },
            respondentPseudonym: RESPONDENT,
            amount: 1_000_000,
            propertyDigest: PROPERTY,
            status: 'applied',
            history: [],
        });
        expect(applied.event).to.deep.equal({
            name: 'PreservationApplied',
            payload: canonicalJson({ type: 'PreservationApplied', record: applied.result }),
        });

        const letterApplied = await applyLetter(applicant, applicationId);
        const letterId = letterApplied.result.letterId;
        expect(letterId).to.match(/^lg_[0-9a-f]{32}$/);
        expect(letterApplied.result).to.deep.include({
            applicationId,
            caseId: CASE,
            agency: 'agency-a',
            beneficiaryPseudonym: RESPONDENT,
            status: 'applied',
            versions: [],
        });
        expect(letterApplied.event?.name).to.equal('GuaranteeApplied');
        const key = ledger.stub.createCompositeKey(PRESERVATION_KEYS.letter, [letterId]);

        await letterAct(agencyA, letterId, 'approve');
        await letterAct(agencyA, letterId, 'pay', { amount: 5000 });
        expect(ledger.stub.validationParameters.has(key)).to.equal(false);
        const issued = await letterAct(agencyA, letterId, 'issue', { documentDigest: DOC_1 });
        expect(issued.result.status).to.equal('issued');
        expect(issued.result.document).to.deep.equal({ sha256: DOC_1, version: 1 });
        expect(issued.event).to.deep.equal({
            name: 'GuaranteeAction',
            payload: canonicalJson({ type: 'GuaranteeAction', record: issued.result }),
        });

        const envelope = common.SignaturePolicyEnvelope.deserializeBinary(ledger.stub.validationParameters.get(key)!);
        const principals = envelope.getIdentitiesList().map((identity) => {
            expect(identity.getPrincipalClassification()).to.equal(msp.MSPPrincipal.Classification.ROLE);
            const role = msp.MSPRole.deserializeBinary(identity.getPrincipal_asU8());
            return [role.getMspIdentifier(), role.getRole()];
        });
        expect(principals).to.have.deep.members([
            ['AgencyMSP', msp.MSPRole.MSPRoleType.PEER],
            ['CourtMSP', msp.MSPRole.MSPRoleType.PEER],
        ]);
        expect(envelope.getRule()?.getNOutOf()?.getN()).to.equal(2);

        await actOn(applicant, applicationId, 'bind-guarantee', { letterId });
        await actOn(clerk, applicationId, 'set-security', { amount: 800_000 });
        const passed = await check(judge, letterId, applicationId);
        expect(passed.result.ok).to.equal(true);
        expect(passed.event).to.equal(undefined);

        const amended = await letterAct(agencyA, letterId, 'amend', { documentDigest: DOC_2, amount: 1_200_000 });
        expect(amended.result).to.deep.include({ status: 'amended', amount: 1_200_000 });
        expect(amended.result.versions.map((v) => [v.version, v.documentDigest, v.amount])).to.deep.equal([
            [1, DOC_1, 1_000_000],
            [2, DOC_2, 1_200_000],
        ]);
        expect((await check(clerk, letterId, applicationId)).result.ok).to.equal(true);

        const released = await letterAct(judge, letterId, 'release');
        expect(released.result.status).to.equal('released');
        expect(released.result.history.map((entry) => entry.action)).to.deep.equal([
            'approve',
            'pay',
            'issue',
            'amend',
            'release',
        ]);
        const after = await check(judge, letterId, applicationId);
        expect(after.result.ok).to.equal(false);
        expect(ledger.events.map((event) => event.name)).to.deep.equal([
            'PreservationApplied',
            'GuaranteeApplied',
            'GuaranteeAction',
            'GuaranteeAction',
            'GuaranteeAction',
            'PreservationAction',
            'PreservationAction',
            'GuaranteeAction',
            'GuaranteeAction',
        ]);

        const view = await ledger.run<GuaranteeView>(agencyA, (ctx) => guarantee.get(ctx, letterId));
        expect(view.result).to.deep.equal({ ...released.result, effectiveStatus: 'released' });
        const app = await ledger.run<PreservationRecord>(agencyA, (ctx) => preservation.get(ctx, applicationId));
        expect(app.result.guaranteeLetterId).to.equal(letterId);
        await expectCode(
            ledger.run(agencyB, (ctx) => preservation.get(ctx, applicationId)),
            'FORBIDDEN_ACTOR',
        );
        await expectCode(
            ledger.run(otherParty, (ctx) => guarantee.get(ctx, letterId)),
            'FORBIDDEN_ACTOR',
        );
    });

    it('records a rejection by the agency, and a ruling and review on the application', async () => {
        const applicationId = (await applyPreservation()).result.applicationId;
        const letterId = (await applyLetter(applicant, applicationId)).result.letterId;
        const rejected = await letterAct(agencyA, letterId, 'reject');
        expect(rejected.result.status).to.equal('rejected');
        await expectCode(letterAct(agencyA, letterId, 'approve'), 'INVALID_TRANSITION');
        await expectCode(actOn(applicant, applicationId, 'bind-guarantee', { letterId }), 'INVALID_TRANSITION');
        const ruled = await actOn(judge, applicationId, 'rule', { decision: 'rejected', rulingDigest: DOC_1 });
        expect(ruled.result.status).to.equal('rejected');
        const reviewed = await actOn(applicant, applicationId, 'request-review', { reasonDigest: DOC_2 });
        expect(reviewed.result.reviews).to.have.length(1);
        await expectCode(applyLetter(applicant, applicationId), 'INVALID_TRANSITION');
    });

    it('lets the applicant cancel before issue', async () => {
        const applicationId = (await applyPreservation()).result.applicationId;
        const letterId = (await applyLetter(applicant, applicationId)).result.letterId;
        await letterAct(agencyA, letterId, 'approve');
        await expectCode(letterAct(otherParty, letterId, 'cancel'), 'FORBIDDEN_ACTOR');
        const cancelled = await letterAct(applicant, letterId, 'cancel');
        expect(cancelled.result.status).to.equal('cancelled');
        await expectCode(letterAct(agencyA, letterId, 'pay'), 'INVALID_TRANSITION');
    });

    it('refuses cancelling an issued letter without the court consent, allows it after', async () => {
        const { applicationId, letterId } = await boundWithSecurity(1_000_000);
        await expectCode(letterAct(applicant, letterId, 'cancel'), 'INVALID_TRANSITION');
        await expectCode(letterAct(applicant, letterId, 'consent-cancel'), 'FORBIDDEN_ROLE');
        const consent = await letterAct(judge, letterId, 'consent-cancel');
        expect(consent.result.status).to.equal('issued');
        expect(consent.result.courtConsentToCancel).to.deep.include({ actor: { sub: 'judge-1', role: 'judge' } });
        const cancelled = await letterAct(applicant, letterId, 'cancel');
        expect(cancelled.result.status).to.equal('cancelled');
        const result = (await check(judge, letterId, applicationId)).result;
        expect(result.ok).to.equal(false);
        expect(result.conditions.filter((c) => !c.ok).map((c) => c.name)).to.deep.equal(['issued', 'not-cancelled']);
    });

    it('fails the check once the letter has expired', async () => {
        const validTo = new Date((1_700_000_000 + 30 * DAY) * 1000).toISOString();
        const { applicationId, letterId } = await boundWithSecurity(1_000_000, '1000000', validTo);
        expect((await check(judge, letterId, applicationId)).result.ok).to.equal(true);
        ledger.advance(31 * DAY);
        const result = (await check(judge, letterId, applicationId)).result;
        expect(result.ok).to.equal(false);
        expect(result.conditions.filter((c) => !c.ok).map((c) => c.name)).to.deep.equal(['not-expired']);
        const view = await ledger.run<GuaranteeView>(applicant, (ctx) => guarantee.get(ctx, letterId));
        expect(view.result).to.deep.include({ status: 'issued', effectiveStatus: 'expired' });
        await expectCode(letterAct(agencyA, letterId, 'amend', { documentDigest: DOC_2 }), 'INVALID_TRANSITION');
    });

    it('fails the check when the amount is below the security', async () => {
        const { applicationId, letterId } = await boundWithSecurity(1_000_001);
        const result = (await check(clerk, letterId, applicationId)).result;
        expect(result.ok).to.equal(false);
        expect(result.conditions.find((c) => c.name === 'covers-security')).to.deep.equal({
            name: 'covers-security',
            ok: false,
            detail: 'amount 1000000 < security 1000001 (fen)',
        });
    });

    it('reports a missing letter and refuses non-court callers and unknown applications', async () => {
        const { applicationId } = await issuedLetter();
        const missing = (await check(judge, `lg_${'0'.repeat(32)}`, applicationId)).result;
        expect(missing.ok).to.equal(false);
        expect(missing.conditions.every((c) => !c.ok)).to.equal(true);
        await expectCode(check(judge, `lg_${'0'.repeat(32)}`, `pa_${'0'.repeat(32)}`), 'APPLICATION_NOT_FOUND');
        await expectCode(check(applicant, `lg_${'0'.repeat(32)}`, applicationId), 'FORBIDDEN_ROLE');
        await expectCode(letterAct(agencyA, `lg_${'0'.repeat(32)}`, 'approve'), 'LETTER_NOT_FOUND');
        await expectCode(applyLetter(applicant, `pa_${'0'.repeat(32)}`), 'APPLICATION_NOT_FOUND');
    });

    it('lets only the letter agency act, only an agency issue, only the applicant apply', async () => {
        const applicationId = (await applyPreservation()).result.applicationId;
        await expectCode(applyLetter(otherParty, applicationId), 'FORBIDDEN_ACTOR');
        await expectCode(applyLetter(clerk, applicationId), 'FORBIDDEN_ROLE');
        const letterId = (await applyLetter(applicant, applicationId)).result.letterId;
        await expectCode(letterAct(agencyB, letterId, 'approve'), 'FORBIDDEN_ACTOR');
        await letterAct(agencyA, letterId, 'approve');
        await letterAct(agencyA, letterId, 'pay');
        await expectCode(letterAct(agencyB, letterId, 'issue', { documentDigest: DOC_1 }), 'FORBIDDEN_ACTOR');
        await expectCode(letterAct(applicant, letterId, 'issue', { documentDigest: DOC_1 }), 'FORBIDDEN_ROLE');
        await expectCode(letterAct(clerk, letterId, 'issue', { documentDigest: DOC_1 }), 'FORBIDDEN_ROLE');
        const key = ledger.stub.createCompositeKey(PRESERVATION_KEYS.letter, [letterId]);
        expect(ledger.stub.validationParameters.has(key)).to.equal(false);
        await expectCode(applyPreservation(agencyA), 'FORBIDDEN_ROLE');
    });

    it('lets the agency release once the court has lifted the preservation', async () => {
        const { applicationId, letterId } = await boundWithSecurity(1_000_000);
        await actOn(judge, applicationId, 'rule', { decision: 'granted', rulingDigest: DOC_1 });
        await expectCode(letterAct(agencyA, letterId, 'release'), 'INVALID_TRANSITION');
        await expectCode(actOn(applicant, applicationId, 'cancel'), 'FORBIDDEN_ROLE');
        await actOn(judge, applicationId, 'cancel');
        const released = await letterAct(agencyA, letterId, 'release');
        expect(released.result.status).to.equal('released');
    });
});
