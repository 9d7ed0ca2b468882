import type { EnforcementCase, EnforcementStep, PerformanceAgreement } from '../domain/enforcement/model';
import { LedgerError } from '../domain/shared/errors';
import { validatePseudonym } from '../domain/shared/validation';
import type { CourtContext } from './court-context';
import type { Stored } from './preservation-state';

/**
 * Composite-key object types of enforcement: the case `enforcement`/[caseId], each step
 * `enfstep`/[caseId, seq] (seq in decimal, 1, 2, …), the performance agreement `enfagreement`/[agreementId].
 */
export const ENFORCEMENT_KEYS = {
    case: 'enforcement',
    step: 'enfstep',
    agreement: 'enfagreement',
} as const;

/** The state key of case `caseId`. */
export function caseKey(ctx: CourtContext, caseId: string): string {
    return ctx.key(ENFORCEMENT_KEYS.case, [caseId]);
}

/** The state key of step `seq` of case `caseId`. */
export function stepKey(ctx: CourtContext, caseId: string, seq: number): string {
    return ctx.key(ENFORCEMENT_KEYS.step, [caseId, String(seq)]);
}

/** The state key of agreement `agreementId`. */
export function agreementKey(ctx: CourtContext, agreementId: string): string {
    return ctx.key(ENFORCEMENT_KEYS.agreement, [agreementId]);
}

/**
 * Reads case `caseId`; `CASE_NOT_FOUND` when absent, and also when `visible` says the reader may not see it
 * (the same words: an outsider cannot tell the two apart).
 */
export async function loadCase(
    ctx: CourtContext,
    caseId: string,
    visible: (record: EnforcementCase) => boolean = () => true,
): Promise<Stored<EnforcementCase>> {
    const key = caseKey(ctx, caseId);
    const record = await ctx.getJson<EnforcementCase>(key);
    if (record === undefined || !visible(record)) {
        throw new LedgerError('CASE_NOT_FOUND', `no enforcement case ${caseId}`, 'caseId');
    }
    return { key, record };
}

/** Every step of `record`, in seq order (read key by key: 1 … `stepCount`). */
export async function loadSteps(ctx: CourtContext, record: EnforcementCase): Promise<EnforcementStep[]> {
    const steps: EnforcementStep[] = [];
    for (let seq = 1; seq <= record.stepCount; seq += 1) {
        const step = await ctx.getJson<EnforcementStep>(stepKey(ctx, record.caseId, seq));
        if (step === undefined) {
            throw new LedgerError('NOT_FOUND', `step ${seq} of ${record.caseId} is missing`, 'caseId');
        }
        steps.push(step);
    }
    return steps;
}

/** Reads agreement `agreementId`; `AGREEMENT_NOT_FOUND` when absent or not `visible` (as {@link loadCase}). */
export async function loadAgreement(
    ctx: CourtContext,
    agreementId: string,
    visible: (record: PerformanceAgreement) => boolean = () => true,
): Promise<Stored<PerformanceAgreement>> {
    const key = agreementKey(ctx, agreementId);
    const record = await ctx.getJson<PerformanceAgreement>(key);
    if (record === undefined || !visible(record)) {
        throw new LedgerError('AGREEMENT_NOT_FOUND', `no performance agreement ${agreementId}`, 'agreementId');
    }
    return { key, record };
}

/** The `viewerPseudonym` argument of the reads: `''` (a court role or subsystem reads) or 64 lowercase hex. */
export function parseViewerPseudonym(value: string): string | undefined {
    return value === '' ? undefined : validatePseudonym(value, 'viewerPseudonym');
}
