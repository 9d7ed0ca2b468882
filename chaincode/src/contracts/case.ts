import { Info, Returns, Transaction } from 'fabric-contract-api';
import { CASE_MANAGER_ROLES, requireCaseAccess, requireCaseManager } from '../domain/case/case-access';
import {
    newCaseRecord,
    newCaseTypePolicy,
    recordParticipant,
    removeParticipant,
} from '../domain/case/case-participants';
import {
    parseParticipantInput,
    parseSelfRegistration,
    validateCaseType,
    validateParticipantId,
} from '../domain/case/case-validation';
import type { CaseRecord } from '../domain/case/model';
import { EVENT_NAMES } from '../domain/events/model';
import { canonicalJson } from '../domain/shared/canonical-json';
import { LedgerError } from '../domain/shared/errors';
import { requireRole } from '../domain/shared/roles';
import { validateCaseId } from '../domain/shared/validation';
import { caseRecordKey, casePolicyKey, courtOf, findCase, txStamp } from './case-state';
import { CourtContext, CourtContract } from './court-context';
import * as schemas from './schemas/case-schemas';

/**
 * Cases and their participants (who may read a case's evidence and act in it) — README "Case participation".
 * Contract name `case`. State: `case`/[caseId], `casepolicy`/[court, caseType]. caseId and participant ids
 * are opaque tokens: the chaincode compares participant ids with `actor.sub` and nothing else.
 */
@Info({ title: 'CaseContract', description: 'Cases and their participants' })
export class CaseContract extends CourtContract {
    constructor() {
        super('case');
    }

    /**
     * Registers case `caseId` of type `caseType` for the caller's court (roles clerk, judge), keeping the clear
     * case number of the `caseNumber` transient in `courtPrivate` (`rememberCaseNumber`). Registering it again
     * with the same type and court returns the record without writing; otherwise `CONFLICT`. Emits
     * `CaseRegistered`; returns the record (canonical JSON).
     */
    @Transaction()
    @Returns(schemas.CaseRecord.name)
    async register(ctx: CourtContext, caseId: string, caseType: string): Promise<string> {
        const actor = ctx.actor();
        const id = validateCaseId(caseId);
        const type = validateCaseType(caseType);
        const record = newCaseRecord(id, type, actor, courtOf(ctx), txStamp(ctx));
        const existing = await findCase(ctx, id);
        if (existing !== undefined) {
            if (existing.court !== record.court || existing.caseType !== type) {
                throw new LedgerError(
                    'CONFLICT',
                    'the case is already registered with another type or court',
                    'caseId',
                );
            }
            return canonicalJson(existing);
        }
        await ctx.rememberCaseNumber(id);
        return ctx.write(caseRecordKey(ctx, id), record, EVENT_NAMES.caseRegistered);
    }

    /**
     * Records a participant (roles clerk, judge of the case's court): `side` plaintiff, defendant,
     * third-party, or agent-of with `agentOf` the participant it acts for (`''` otherwise). Recording a known
     * participant again sets its side. Emits `CaseParticipantsChanged`; returns the case (canonical JSON).
     */
    @Transaction()
    @Returns(schemas.CaseRecord.name)
    async addParticipant(
        ctx: CourtContext,
        caseId: string,
        participant: string,
        side: string,
        agentOf: string,
    ): Promise<string> {
        const kase = await this.manage(ctx, caseId);
        const updated = recordParticipant(kase, parseParticipantInput(participant, side, agentOf), txStamp(ctx));
        return ctx.write(caseRecordKey(ctx, kase.caseId), updated, EVENT_NAMES.caseParticipantsChanged);
    }

    /**
     * Removes a participant (roles clerk, judge of the case's court); `NOT_FOUND` when not recorded. Emits
     * `CaseParticipantsChanged`; returns the case (canonical JSON).
     */
    @Transaction()
    @Returns(schemas.CaseRecord.name)
    async removeParticipant(ctx: CourtContext, caseId: string, participant: string): Promise<string> {
        const kase = await this.manage(ctx, caseId);
        const updated = removeParticipant(kase, validateParticipantId(participant), txStamp(ctx));
        return ctx.write(caseRecordKey(ctx, kase.caseId), updated, EVENT_NAMES.caseParticipantsChanged);
    }

    /**
     * Sets whether a submitter of evidence in a case of `caseType` of the caller's court becomes a participant
     * (roles clerk, judge; `selfRegistration` `true` or `false`; without a policy: no). Emits `CasePolicySet`;
     * returns the policy (canonical JSON).
     */
    @Transaction()
    @Returns(schemas.CaseTypePolicy.name)
    async setPolicy(ctx: CourtContext, caseType: string, selfRegistration: string): Promise<string> {
        const type = validateCaseType(caseType);
        const policy = newCaseTypePolicy(
            type,
            parseSelfRegistration(selfRegistration),
            ctx.actor(),
            courtOf(ctx),
            txStamp(ctx),
        );
        return ctx.write(casePolicyKey(ctx, policy.court, type), policy, EVENT_NAMES.casePolicySet);
    }

    /**
     * The case with its participants (canonical JSON): court roles of its court and its participants;
     * `CASE_NOT_FOUND` when unregistered (court roles only: anyone else gets `NOT_A_PARTICIPANT` first).
     */
    @Transaction(false)
    @Returns(schemas.CaseRecord.name)
    async get(ctx: CourtContext, caseId: string): Promise<string> {
        const id = validateCaseId(caseId);
        const kase = await findCase(ctx, id);
        requireCaseAccess(kase, ctx.actor(), courtOf(ctx), 'the case');
        return canonicalJson(this.required(kase, id) satisfies CaseRecord);
    }

    private async manage(ctx: CourtContext, caseId: string): Promise<CaseRecord> {
        const actor = ctx.actor();
        requireRole(actor, CASE_MANAGER_ROLES, 'manage the participants of a case');
        const id = validateCaseId(caseId);
        const kase = this.required(await findCase(ctx, id), id);
        requireCaseManager(kase, actor, courtOf(ctx));
        return kase;
    }

    private required(kase: CaseRecord | undefined, caseId: string): CaseRecord {
        if (kase === undefined) {
            throw new LedgerError('CASE_NOT_FOUND', `case ${caseId} is not registered`, 'caseId');
        }
        return kase;
    }
}
