import { Info, Returns, Transaction } from 'fabric-contract-api';
import { EVENT_NAMES } from '../domain/events/model';
import { applyGuaranteeAction, newGuaranteeRecord, parseGuaranteeRequest } from '../domain/guarantee/guarantee-actions';
import { courtCheck } from '../domain/guarantee/guarantee-check';
import { effectiveStatus } from '../domain/guarantee/guarantee-lifecycle';
import { parseGuaranteeApply, validateLetterId } from '../domain/guarantee/guarantee-validation';
import type { GuaranteeCheck, GuaranteeView } from '../domain/guarantee/model';
import { requireLetterReader } from '../domain/preservation/preservation-access';
import { validateApplicationId } from '../domain/preservation/preservation-validation';
import { AGENCY_MSP, COURT_MSP } from '../domain/shared/actor';
import { canonicalJson } from '../domain/shared/canonical-json';
import { PERMISSIONS, requireRole } from '../domain/shared/roles';
import { requireCaseParticipation } from './case-state';
import { CourtContext, CourtContract } from './court-context';
import { findLetter, letterKey, loadApplication, loadLetter } from './preservation-state';
import * as schemas from './schemas/guarantee-schemas';

/** Orgs whose peers must endorse every change to an issued letter (its key-level endorsement policy). */
export const LETTER_ENDORSING_ORGS: readonly string[] = [AGENCY_MSP, COURT_MSP];

/**
 * Electronic letters of guarantee (Art. 27) — docs/guarantees.md. Contract name `guarantee`. State:
 * `guarantee`/[letterId]; reads the preservation application `preservation`/[applicationId].
 */
@Info({ title: 'GuaranteeContract', description: 'Electronic letters of guarantee for preservation (Art. 27)' })
export class GuaranteeContract extends CourtContract {
    constructor() {
        super('guarantee');
    }

    /**
     * The preservation applicant (party, agent; a participant of the case) applies to `agency` (its principal id) for a letter of
     * `amount` fen valid from `validFrom` to `validTo` (ISO 8601 UTC, milliseconds). Emits `GuaranteeApplied`;
     * returns the record (canonical JSON).
     */
    @Transaction()
    @Returns(schemas.GuaranteeRecord.name)
    async apply(
        ctx: CourtContext,
        applicationId: string,
        agency: string,
        amount: string,
        validFrom: string,
        validTo: string,
    ): Promise<string> {
        const actor = ctx.actor();
        requireRole(actor, PERMISSIONS.applyForGuarantee, 'apply for a letter of guarantee');
        const request = parseGuaranteeApply({ applicationId, agency, amount, validFrom, validTo });
        const { record: application } = await loadApplication(ctx, request.applicationId);
        await requireCaseParticipation(ctx, application.caseId, 'the case of this application');
        const record = newGuaranteeRecord(application, request, actor, ctx.txTimestamp(), ctx.txId());
        return ctx.write(letterKey(ctx, record.letterId), record, EVENT_NAMES.guaranteeApplied);
    }

    /**
     * Takes `action` on a letter with `params` (JSON object); who may do what, when: the table in
     * guarantee-lifecycle.ts; court roles and parties only in a case they may access (the agency by the table).
     * `issue` also sets the letter key's endorsement policy (AgencyMSP and CourtMSP
     * peers). Emits `GuaranteeAction`; returns the updated record (canonical JSON).
     */
    @Transaction()
    @Returns(schemas.GuaranteeRecord.name)
    async act(ctx: CourtContext, letterId: string, action: string, params: string): Promise<string> {
        const actor = ctx.actor();
        const id = validateLetterId(letterId);
        const request = parseGuaranteeRequest(action, params);
        const { key, record } = await loadLetter(ctx, id);
        if (actor.role !== 'agency') {
            await requireCaseParticipation(ctx, record.caseId, 'the case of this letter');
        }
        const application =
            request.action === 'release' ? (await loadApplication(ctx, record.applicationId)).record : undefined;
        const updated = applyGuaranteeAction(record, request, actor, ctx.txTimestamp(), ctx.txId(), application);
        const json = await ctx.write(key, updated, EVENT_NAMES.guaranteeAction);
        if (request.action === 'issue') {
            await ctx.requireKeyEndorsement(key, LETTER_ENDORSING_ORGS);
        }
        return json;
    }

    /**
     * The letter with its `effectiveStatus` at the query's time (canonical JSON): court roles of the case's
     * court, the applicant while a participant, or the letter's agency; `LETTER_NOT_FOUND` when absent.
     */
    @Transaction(false)
    @Returns(schemas.GuaranteeView.name)
    async get(ctx: CourtContext, letterId: string): Promise<string> {
        const actor = ctx.actor();
        const id = validateLetterId(letterId);
        const { record } = await loadLetter(ctx, id);
        requireLetterReader(actor, record);
        if (actor.role !== 'agency') {
            await requireCaseParticipation(ctx, record.caseId, 'the case of this letter');
        }
        const view: GuaranteeView = { ...record, effectiveStatus: effectiveStatus(record, ctx.txTimestamp()) };
        return canonicalJson(view);
    }

    /**
     * The court's check (court roles) of letter `letterId` as security for application `applicationId` at the
     * query's time: `{ok, conditions: [{name, ok, detail}]}` (see `courtCheck`). An unknown letter fails every
     * condition; an unknown application is `APPLICATION_NOT_FOUND`.
     */
    @Transaction(false)
    @Returns(schemas.GuaranteeCheck.name)
    async check(ctx: CourtContext, letterId: string, applicationId: string): Promise<string> {
        const actor = ctx.actor();
        requireRole(actor, PERMISSIONS.checkGuarantee, 'check a letter of guarantee');
        const id = validateLetterId(letterId);
        const { record: application } = await loadApplication(ctx, validateApplicationId(applicationId));
        await requireCaseParticipation(ctx, application.caseId, 'the case of this application');
        const result: GuaranteeCheck = courtCheck(await findLetter(ctx, id), application, ctx.txTimestamp());
        return canonicalJson(result);
    }
}
