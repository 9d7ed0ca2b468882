import { requireCaseAccess } from '../domain/case/case-access';
import type { CaseRecord, CaseTypePolicy } from '../domain/case/model';
import type { TxStamp } from '../domain/case/case-participants';
import type { CourtContext } from './court-context';

/**
 * Composite-key object types of cases (`case`/[caseId]) and case-type policies (`casepolicy`/[court,
 * caseType]). Every contract that checks participation reads cases through this module (one chaincode, one
 * namespace).
 */
export const CASE_KEYS = {
    case: 'case',
    policy: 'casepolicy',
} as const;

/** The state key of case `caseId`. */
export function caseRecordKey(ctx: CourtContext, caseId: string): string {
    return ctx.key(CASE_KEYS.case, [caseId]);
}

/** The state key of court `court`'s policy for `caseType`. */
export function casePolicyKey(ctx: CourtContext, court: string, caseType: string): string {
    return ctx.key(CASE_KEYS.policy, [court, caseType]);
}

/** Case `caseId`, undefined when the court has not registered it. */
export async function findCase(ctx: CourtContext, caseId: string): Promise<CaseRecord | undefined> {
    return ctx.getJson<CaseRecord>(caseRecordKey(ctx, caseId));
}

/** The policy of `kase`'s court for `kase`'s type, undefined when none was set. */
export async function findPolicyOf(ctx: CourtContext, kase: CaseRecord): Promise<CaseTypePolicy | undefined> {
    return ctx.getJson<CaseTypePolicy>(casePolicyKey(ctx, kase.court, kase.caseType));
}

/** The `court` certificate attribute of the submitting identity. */
export function courtOf(ctx: CourtContext): string | undefined {
    return ctx.identity().attrs.court;
}

/** This transaction's time and id. */
export function txStamp(ctx: CourtContext): TxStamp {
    return { at: ctx.txTimestamp(), txId: ctx.txId() };
}

/**
 * Throws unless the transaction's actor may read and act on case `caseId` (`requireCaseAccess`: court roles
 * of its court, recorded participants). Every evidence and preservation function calls this.
 */
export async function requireCaseParticipation(ctx: CourtContext, caseId: string, what = 'this case'): Promise<void> {
    requireCaseAccess(await findCase(ctx, caseId), ctx.actor(), courtOf(ctx), what);
}
