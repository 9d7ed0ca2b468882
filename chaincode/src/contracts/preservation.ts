import { Info, Returns, Transaction } from 'fabric-contract-api';
import { EVENT_NAMES } from '../domain/events/model';
import type { PreservationRecord } from '../domain/preservation/model';
import { requireApplicationReader } from '../domain/preservation/preservation-access';
import {
    applyPreservationAction,
    newPreservationRecord,
    parsePreservationRequest,
} from '../domain/preservation/preservation-actions';
import { parsePreservationApply, validateApplicationId } from '../domain/preservation/preservation-validation';
import { canonicalJson } from '../domain/shared/canonical-json';
import { PERMISSIONS, requireRole } from '../domain/shared/roles';
import { requireCaseParticipation } from './case-state';
import { CourtContext, CourtContract } from './court-context';
import { applicationKey, findLetter, loadApplication } from './preservation-state';
import * as schemas from './schemas/preservation-schemas';

/**
 * Preservation applications (Art. 27) — docs/guarantees.md. Contract name `preservation`. State:
 * `preservation`/[applicationId]; `bind-guarantee` reads the letter `guarantee`/[letterId].
 */
@Info({ title: 'PreservationContract', description: 'Property preservation applications (Art. 27)' })
export class PreservationContract extends CourtContract {
    constructor() {
        super('preservation');
    }

    /**
     * Applies for preservation (roles party, agent; a participant of the case). `respondentPseudonym`: 64 hex (HMAC of the respondent's
     * sub, computed by the gateway); `amount`: integer fen; `propertyDigest`: SHA-256 hex. Emits
     * `PreservationApplied`; returns the record (canonical JSON).
     */
    @Transaction()
    @Returns(schemas.PreservationRecord.name)
    async apply(
        ctx: CourtContext,
        caseId: string,
        respondentPseudonym: string,
        amount: string,
        propertyDigest: string,
    ): Promise<string> {
        const actor = ctx.actor();
        requireRole(actor, PERMISSIONS.applyForPreservation, 'apply for preservation');
        const application = parsePreservationApply({ caseId, respondentPseudonym, amount, propertyDigest });
        await requireCaseParticipation(ctx, application.caseId);
        const record = newPreservationRecord(application, actor, ctx.txTimestamp(), ctx.txId());
        await ctx.rememberCaseNumber(record.caseId);
        return ctx.write(applicationKey(ctx, record.applicationId), record, EVENT_NAMES.preservationApplied);
    }

    /**
     * Takes `action` on an application with `params` (JSON object); who may do what, when: the table in
     * preservation-actions.ts, and only court roles of the case's court or the case's participants. Emits `PreservationAction`; returns the updated record (canonical JSON).
     */
    @Transaction()
    @Returns(schemas.PreservationRecord.name)
    async act(ctx: CourtContext, applicationId: string, action: string, params: string): Promise<string> {
        const actor = ctx.actor();
        const id = validateApplicationId(applicationId);
        const request = parsePreservationRequest(action, params);
        const { key, record } = await loadApplication(ctx, id);
        await requireCaseParticipation(ctx, record.caseId, 'the case of this application');
        const letter = request.action === 'bind-guarantee' ? await findLetter(ctx, request.letterId) : undefined;
        const updated = applyPreservationAction(record, request, actor, ctx.txTimestamp(), ctx.txId(), letter);
        return ctx.write(key, updated, EVENT_NAMES.preservationAction);
    }

    /**
     * The application (canonical JSON): court roles of the case's court, the applicant while a participant of
     * the case, or the agency of the bound letter; `APPLICATION_NOT_FOUND` when absent.
     */
    @Transaction(false)
    @Returns(schemas.PreservationRecord.name)
    async get(ctx: CourtContext, applicationId: string): Promise<string> {
        const actor = ctx.actor();
        const id = validateApplicationId(applicationId);
        const { record } = await loadApplication(ctx, id);
        const bound =
            record.guaranteeLetterId === undefined ? undefined : await findLetter(ctx, record.guaranteeLetterId);
        requireApplicationReader(actor, record, bound?.agency);
        if (actor.role !== 'agency') {
            await requireCaseParticipation(ctx, record.caseId, 'the case of this application');
        }
        return canonicalJson(record satisfies PreservationRecord);
    }
}
