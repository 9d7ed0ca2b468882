import { Info, Returns, Transaction } from 'fabric-contract-api';
import { canonicalJson } from '../domain/canonical-json';
import {
    applyPreservationAction,
    newPreservationRecord,
    parsePreservationRequest,
} from '../domain/preservation-actions';
import { requireApplicationReader } from '../domain/preservation-access';
import { parsePreservationApply, validateApplicationId } from '../domain/preservation-validation';
import { EVENT_NAMES, type PreservationRecord } from '../domain/records';
import { PERMISSIONS, requireRole } from '../domain/roles';
import { CourtContext, CourtContract } from './court-context';
import { applicationKey, findLetter, loadApplication } from './preservation-state';

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
     * Applies for preservation (roles party, agent). `respondentPseudonym`: 64 hex (HMAC of the respondent's
     * sub, computed by the gateway); `amount`: integer fen; `propertyDigest`: SHA-256 hex. Emits
     * `PreservationApplied`; returns the record (canonical JSON).
     */
    @Transaction()
    @Returns('string')
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
        const record = newPreservationRecord(application, actor, ctx.txTimestamp(), ctx.txId());
        const key = applicationKey(ctx, record.applicationId);
        await ctx.putJson(key, record);
        ctx.emit(EVENT_NAMES.preservationApplied, record);
        return canonicalJson(record);
    }

    /**
     * Takes `action` on an application with `params` (JSON object); who may do what, when: the table in
     * preservation-actions.ts. Emits `PreservationAction`; returns the updated record (canonical JSON).
     */
    @Transaction()
    @Returns('string')
    async act(ctx: CourtContext, applicationId: string, action: string, params: string): Promise<string> {
        const actor = ctx.actor();
        const id = validateApplicationId(applicationId);
        const request = parsePreservationRequest(action, params);
        const { key, record } = await loadApplication(ctx, id);
        const letter = request.action === 'bind-guarantee' ? await findLetter(ctx, request.letterId) : undefined;
        const updated = applyPreservationAction(record, request, actor, ctx.txTimestamp(), ctx.txId(), letter);
        await ctx.putJson(key, updated);
        ctx.emit(EVENT_NAMES.preservationAction, updated);
        return canonicalJson(updated);
    }

    /**
     * The application (canonical JSON): court roles, the applicant, or the agency of the bound letter;
     * `APPLICATION_NOT_FOUND` when absent.
     */
    @Transaction(false)
    @Returns('string')
    async get(ctx: CourtContext, applicationId: string): Promise<string> {
        const actor = ctx.actor();
        const id = validateApplicationId(applicationId);
        const { record } = await loadApplication(ctx, id);
        const bound =
            record.guaranteeLetterId === undefined ? undefined : await findLetter(ctx, record.guaranteeLetterId);
        requireApplicationReader(actor, record, bound?.agency);
        return canonicalJson(record satisfies PreservationRecord);
    }
}
