import { common, msp } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { PRESERVATION_KEYS } from '../../src/contracts/preservation-state';
import type { GuaranteeCheck, GuaranteeRecord, GuaranteeView } from '../../src/domain/guarantee/model';
import type { PreservationRecord } from '../../src/domain/preservation/model';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import { actors, DIGEST, DIGEST_2, RESPONDENT } from '../helpers/guarantee-fixtures';
import { ContractLedger, expectRefusal, type Caller, type Certificate } from '../helpers/embedded-ledger';

const CASE = '(2024)京0491民初123号';
const START = new Date('2024-06-01T08:00:00.000Z');
const VALID_FROM = '2024-06-01T00:00:00.000Z';
const VALID_TO = '2025-06-01T00:00:00.000Z';
const DAY = 24 * 3600 * 1000;
const UNKNOWN_LETTER = `lg_${'0'.repeat(32)}`;
const UNKNOWN_APPLICATION = `pa_${'0'.repeat(32)}`;
/** Letter writes carry a key-level policy (agency and court) once issued: the gateway always asks both. */
const BOTH = { endorsingOrganizations: ['AgencyMSP', 'CourtMSP'] };

describe('preservation and guarantee contracts on the embedded ledger', () => {
    let ledger: ContractLedger;
    /** A clerk certificate acting for itself (clerk-1). */
    let clerk: Certificate;
    /** Every chaincode event of the test's transactions, in order. */
    let events: string[];

    beforeEach(async () => {
        ledger = await ContractLedger.open(START);
        clerk = await ledger.certificate('CourtMSP', 'clerk-1', { role: 'clerk' });
        await ledger.registerCase(actors.clerk, CASE, [actors.applicant, actors.otherParty]);
        events = [];
    });

    afterEach(async () => {
        await ledger.close();
    });

    async function submit<T>(...args: Parameters<ContractLedger['submit']>) {
        const submitted = await ledger.submit<T>(...args);
        if (submitted.event !== undefined) {
            events.push(submitted.event.name);
        }
        return submitted;
    }

    const apply = (caller: Caller = actors.applicant, amount = '1000000') =>
        submit<PreservationRecord>(caller, 'preservation', 'apply', [CASE, RESPONDENT, amount, DIGEST]);
    const actOn = (caller: Caller, id: string, action: string, params: object = {}) =>
        submit<PreservationRecord>(caller, 'preservation', 'act', [id, action, canonicalJson(params)]);
    const applyLetter = (caller: Caller, applicationId: string, amount = '1000000', validTo = VALID_TO) =>
        submit<GuaranteeRecord>(caller, 'guarantee', 'apply', [
            applicationId,
            actors.agency.sub,
            amount,
            VALID_FROM,
            validTo,
        ]);
    const letterAct = (caller: Caller, id: string, action: string, params: object = {}) =>
        submit<GuaranteeRecord>(caller, 'guarantee', 'act', [id, action, canonicalJson(params)], BOTH);
    const check = (caller: Caller, letterId: string, applicationId: string) =>
        ledger.evaluate<GuaranteeCheck>(caller, 'guarantee', 'check', [letterId, applicationId]);
    const letterKey = (letterId: string) => `\u0000${PRESERVATION_KEYS.letter}\u0000${letterId}\u0000`;

    /** apply → letter apply → approve → pay → issue; returns both ids. */
    async function issuedLetter(amount = '1000000', validTo = VALID_TO) {
        const applicationId = (await apply()).result.applicationId;
        const letterId = (await applyLetter(actors.applicant, applicationId, amount, validTo)).result.letterId;
        await letterAct(actors.agency, letterId, 'approve');
        await letterAct(actors.agency, letterId, 'pay', { amount: 5000 });
        await letterAct(actors.agency, letterId, 'issue', { documentDigest: DIGEST });
        return { applicationId, letterId };
    }

    async function boundWithSecurity(security: number, amount = '1000000', validTo = VALID_TO) {
        const ids = await issuedLetter(amount, validTo);
        await actOn(actors.applicant, ids.applicationId, 'bind-guarantee', { letterId: ids.letterId });
        await actOn(clerk, ids.applicationId, 'set-security', { amount: security });
        return ids;
    }

    it('runs apply → approve → pay → issue → bind → set-security → check → amend → release', async () => {
        const applied = await apply();
        const applicationId = applied.result.applicationId;
        expect(applicationId).to.match(/^pa_[0-9a-f]{32}$/);
        expect(applied.result).to.deep.include({
            caseId: CASE,
            applicant: { sub: 'p-1', role: 'party' },
            respondentPseudonym: RESPONDENT,
            amount: 1_000_000,
            propertyDigest: DIGEST,
            status: 'applied',
            history: [],
            appliedAt: applied.timestamp,
        });
        expect(applied.event).to.deep.equal({
            name: 'PreservationApplied',
            payload: { type: 'PreservationApplied', record: applied.result },
        });

        const letterApplied = await applyLetter(actors.applicant, applicationId);
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

        const approved = await letterAct(actors.agency, letterId, 'approve');
        const paid = await letterAct(actors.agency, letterId, 'pay', { amount: 5000 });
        for (const { txId } of [letterApplied, approved, paid]) {
            expect((await ledger.writes(txId)).metadata, 'no key-level policy before issue').to.deep.equal([]);
        }
        const issued = await letterAct(actors.agency, letterId, 'issue', { documentDigest: DIGEST });
        expect(issued.result.status).to.equal('issued');
        expect(issued.result.document).to.deep.equal({ sha256: DIGEST, version: 1 });
        expect(issued.event).to.deep.equal({
            name: 'GuaranteeAction',
            payload: { type: 'GuaranteeAction', record: issued.result },
        });

        const [policy, ...more] = (await ledger.writes(issued.txId)).metadata;
        expect(more).to.deep.equal([]);
        expect(policy).to.deep.include({ key: letterKey(letterId), name: 'VALIDATION_PARAMETER' });
        const envelope = common.SignaturePolicyEnvelope.deserializeBinary(policy!.value);
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

        await actOn(actors.applicant, applicationId, 'bind-guarantee', { letterId });
        await actOn(clerk, applicationId, 'set-security', { amount: 800_000 });
        expect((await check(actors.judge, letterId, applicationId)).ok).to.equal(true);

        const amended = await letterAct(actors.agency, letterId, 'amend', {
            documentDigest: DIGEST_2,
            amount: 1_200_000,
        });
        expect(amended.result).to.deep.include({ status: 'amended', amount: 1_200_000 });
        expect(amended.result.versions.map((v) => [v.version, v.documentDigest, v.amount])).to.deep.equal([
            [1, DIGEST, 1_000_000],
            [2, DIGEST_2, 1_200_000],
        ]);
        expect((await check(clerk, letterId, applicationId)).ok).to.equal(true);

        const released = await letterAct(actors.judge, letterId, 'release');
        expect(released.result.status).to.equal('released');
        expect(released.result.history.map((entry) => entry.action)).to.deep.equal([
            'approve',
            'pay',
            'issue',
            'amend',
            'release',
        ]);
        expect((await check(actors.judge, letterId, applicationId)).ok).to.equal(false);
        expect(events.slice(-9)).to.deep.equal([
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

        const view = await ledger.evaluate<GuaranteeView>(actors.agency, 'guarantee', 'get', [letterId]);
        expect(view).to.deep.equal({ ...released.result, effectiveStatus: 'released' });
        const application = await ledger.evaluate<PreservationRecord>(actors.agency, 'preservation', 'get', [
            applicationId,
        ]);
        expect(application.guaranteeLetterId).to.equal(letterId);
        await expectRefusal(
            ledger.evaluate(actors.otherAgency, 'preservation', 'get', [applicationId]),
            'FORBIDDEN_ACTOR',
        );
        await expectRefusal(ledger.evaluate(actors.otherParty, 'guarantee', 'get', [letterId]), 'FORBIDDEN_ACTOR');
    });

    it('records a rejection by the agency, and a ruling and review on the application', async () => {
        const applicationId = (await apply()).result.applicationId;
        const letterId = (await applyLetter(actors.applicant, applicationId)).result.letterId;
        const rejected = await letterAct(actors.agency, letterId, 'reject');
        expect(rejected.result.status).to.equal('rejected');
        await expectRefusal(letterAct(actors.agency, letterId, 'approve'), 'INVALID_TRANSITION');
        await expectRefusal(
            actOn(actors.applicant, applicationId, 'bind-guarantee', { letterId }),
            'INVALID_TRANSITION',
        );
        const ruled = await actOn(actors.judge, applicationId, 'rule', { decision: 'rejected', rulingDigest: DIGEST });
        expect(ruled.result.status).to.equal('rejected');
        const reviewed = await actOn(actors.applicant, applicationId, 'request-review', { reasonDigest: DIGEST_2 });
        expect(reviewed.result.reviews).to.have.length(1);
        await expectRefusal(applyLetter(actors.applicant, applicationId), 'INVALID_TRANSITION');
    });

    it('lets the applicant cancel before issue', async () => {
        const applicationId = (await apply()).result.applicationId;
        const letterId = (await applyLetter(actors.applicant, applicationId)).result.letterId;
        await letterAct(actors.agency, letterId, 'approve');
        await expectRefusal(letterAct(actors.otherParty, letterId, 'cancel'), 'FORBIDDEN_ACTOR');
        const cancelled = await letterAct(actors.applicant, letterId, 'cancel');
        expect(cancelled.result.status).to.equal('cancelled');
        await expectRefusal(letterAct(actors.agency, letterId, 'pay'), 'INVALID_TRANSITION');
    });

    it('refuses cancelling an issued letter without the court consent, allows it after', async () => {
        const { applicationId, letterId } = await boundWithSecurity(1_000_000);
        await expectRefusal(letterAct(actors.applicant, letterId, 'cancel'), 'INVALID_TRANSITION');
        await expectRefusal(letterAct(actors.applicant, letterId, 'consent-cancel'), 'FORBIDDEN_ROLE');
        const consent = await letterAct(actors.judge, letterId, 'consent-cancel');
        expect(consent.result.status).to.equal('issued');
        expect(consent.result.courtConsentToCancel).to.deep.include({ actor: { sub: 'judge-1', role: 'judge' } });
        const cancelled = await letterAct(actors.applicant, letterId, 'cancel');
        expect(cancelled.result.status).to.equal('cancelled');
        const result = await check(actors.judge, letterId, applicationId);
        expect(result.ok).to.equal(false);
        expect(result.conditions.filter((c) => !c.ok).map((c) => c.name)).to.deep.equal(['issued', 'not-cancelled']);
    });

    it('fails the check once the letter has expired on the injected clock', async () => {
        const validTo = new Date(START.getTime() + 30 * DAY).toISOString();
        const { applicationId, letterId } = await boundWithSecurity(1_000_000, '1000000', validTo);
        expect((await check(actors.judge, letterId, applicationId)).ok).to.equal(true);
        ledger.advance(31 * DAY);
        const result = await check(actors.judge, letterId, applicationId);
        expect(result.ok).to.equal(false);
        expect(result.conditions.filter((c) => !c.ok).map((c) => c.name)).to.deep.equal(['not-expired']);
        const view = await ledger.evaluate<GuaranteeView>(actors.applicant, 'guarantee', 'get', [letterId]);
        expect(view).to.deep.include({ status: 'issued', effectiveStatus: 'expired' });
        await expectRefusal(
            letterAct(actors.agency, letterId, 'amend', { documentDigest: DIGEST_2 }),
            'INVALID_TRANSITION',
        );
        const application = await ledger.evaluate<PreservationRecord>(actors.judge, 'preservation', 'get', [
            applicationId,
        ]);
        expect(application).to.deep.include({ status: 'applied', guaranteeLetterId: letterId });
    });

    it('fails the check when the amount is below the security', async () => {
        const { applicationId, letterId } = await boundWithSecurity(1_000_001);
        const result = await check(clerk, letterId, applicationId);
        expect(result.ok).to.equal(false);
        expect(result.conditions.find((c) => c.name === 'covers-security')).to.deep.equal({
            name: 'covers-security',
            ok: false,
            detail: 'amount 1000000 < security 1000001 (fen)',
        });
    });

    it('reports a missing letter and refuses non-court callers and unknown applications', async () => {
        const { applicationId } = await issuedLetter();
        const missing = await check(actors.judge, UNKNOWN_LETTER, applicationId);
        expect(missing.ok).to.equal(false);
        expect(missing.conditions.every((c) => !c.ok)).to.equal(true);
        await expectRefusal(check(actors.judge, UNKNOWN_LETTER, UNKNOWN_APPLICATION), 'APPLICATION_NOT_FOUND');
        await expectRefusal(check(actors.applicant, UNKNOWN_LETTER, applicationId), 'FORBIDDEN_ROLE');
        await expectRefusal(letterAct(actors.agency, UNKNOWN_LETTER, 'approve'), 'LETTER_NOT_FOUND');
        await expectRefusal(applyLetter(actors.applicant, UNKNOWN_APPLICATION), 'APPLICATION_NOT_FOUND');
        await expectRefusal(
            ledger.evaluate(actors.judge, 'preservation', 'get', [UNKNOWN_APPLICATION]),
            'APPLICATION_NOT_FOUND',
        );
    });

    it('lets only the letter agency act, only an agency issue, only the applicant apply', async () => {
        const applicationId = (await apply()).result.applicationId;
        await expectRefusal(applyLetter(actors.otherParty, applicationId), 'FORBIDDEN_ACTOR');
        await expectRefusal(applyLetter(clerk, applicationId), 'FORBIDDEN_ROLE');
        const letterId = (await applyLetter(actors.applicant, applicationId)).result.letterId;
        await expectRefusal(letterAct(actors.otherAgency, letterId, 'approve'), 'FORBIDDEN_ACTOR');
        await letterAct(actors.agency, letterId, 'approve');
        await letterAct(actors.agency, letterId, 'pay');
        const height = await ledger.height();
        await expectRefusal(
            letterAct(actors.otherAgency, letterId, 'issue', { documentDigest: DIGEST }),
            'FORBIDDEN_ACTOR',
        );
        await expectRefusal(
            letterAct(actors.applicant, letterId, 'issue', { documentDigest: DIGEST }),
            'FORBIDDEN_ROLE',
        );
        await expectRefusal(letterAct(clerk, letterId, 'issue', { documentDigest: DIGEST }), 'FORBIDDEN_ROLE');
        expect(await ledger.height(), 'no refused issue set a key-level policy').to.equal(height);
        await expectRefusal(apply(actors.agency), 'FORBIDDEN_ROLE');
        await expectRefusal(actOn(actors.applicant, applicationId, 'set-security', { amount: 1 }), 'FORBIDDEN_ROLE');
    });

    it('lets the agency release once the court has lifted the preservation', async () => {
        const { applicationId, letterId } = await boundWithSecurity(1_000_000);
        await actOn(actors.judge, applicationId, 'rule', { decision: 'granted', rulingDigest: DIGEST });
        await expectRefusal(letterAct(actors.agency, letterId, 'release'), 'INVALID_TRANSITION');
        await expectRefusal(actOn(actors.applicant, applicationId, 'cancel'), 'FORBIDDEN_ROLE');
        await actOn(actors.judge, applicationId, 'cancel');
        const released = await letterAct(actors.agency, letterId, 'release');
        expect(released.result.status).to.equal('released');
    });
});
