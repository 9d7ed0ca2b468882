import type { Actor } from '../../../src/domain/shared/actor';
import { actors } from '../../helpers/actors';
import { openEnforcementCase, parseOpenCase } from '../../../src/domain/enforcement/case';
import type { EnforcementCase, StepDetail, StepOutcome } from '../../../src/domain/enforcement/model';
import { parseStepRequest } from '../../../src/domain/enforcement/step-request';
import { applyStep } from '../../../src/domain/enforcement/steps';

/** Fixtures shared by the enforcement domain tests. */
export const CREDITOR = 'c1'.repeat(32);
export const DEBTOR = 'd2'.repeat(32);
export const BUYER = 'b3'.repeat(32);
export const DIGEST = 'e4'.repeat(32);
export const SERVICE_ID = `sv_${'f5'.repeat(16)}`;
export const OPENED_AT = '2025-03-01T00:00:00.000Z';
export const DEADLINE = '2025-03-11T00:00:00.000Z';
/** After the deadline for voluntary performance. */
export const NOW = '2025-03-20T00:00:00.000Z';

export { actors };

/** An open case for `amountDue` fen (costs `enforcementCosts`), opened by the officer. */
export function openCase(amountDue = 1_000_000, enforcementCosts = 0): EnforcementCase {
    const request = parseOpenCase(
        JSON.stringify({
            caseId: '(2025)京0491执1号',
            basis: { documentType: 'judgment', sha256: DIGEST },
            creditorPseudonym: CREDITOR,
            debtorPseudonym: DEBTOR,
            amountDue,
            enforcementCosts,
            deadline: DEADLINE,
        }),
    );
    return openEnforcementCase(request, actors.officer, OPENED_AT, 'tx-open');
}

let txCounter = 0;

/** Applies a step given as a plain object (parsed as the gateway would send it) in a fresh transaction. */
export function step(
    record: EnforcementCase,
    detail: Record<string, unknown>,
    actor: Actor = actors.officer,
    at = NOW,
): StepOutcome {
    txCounter += 1;
    return applyStep(record, parseStepRequest(JSON.stringify(detail)), actor, at, `tx-${txCounter}`);
}

/** Like {@link step}, returning only the updated case. */
export function after(
    record: EnforcementCase,
    detail: Record<string, unknown>,
    actor: Actor = actors.officer,
    at = NOW,
): EnforcementCase {
    return step(record, detail, actor, at).record;
}

/** A control request (a seizure of real estate by default). */
export function control(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        step: 'control',
        propertyKind: 'real-estate',
        itemSha256: DIGEST,
        value: 500_000,
        measure: 'seize',
        termDays: 365,
        ...overrides,
    };
}

/** A parsed step detail, for tests that call applyStep directly. */
export function detail(value: Record<string, unknown>): StepDetail {
    return parseStepRequest(JSON.stringify(value));
}
