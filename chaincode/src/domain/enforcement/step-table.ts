/** Who may record each enforcement step, and in which case statuses. */
import type { Actor } from '../shared/actor';
import { LedgerError } from '../shared/errors';
import { requireRole, type Role } from '../shared/roles';
import { ENFORCEMENT_STATUSES, type EnforcementStatus, type StepKind } from './model';

/** One row of the step table. */
export interface StepRule {
    readonly roles: readonly Role[];
    readonly from: readonly EnforcementStatus[];
}

const OFFICER: readonly Role[] = ['enforcement'];
const JUDGE: readonly Role[] = ['judge'];
/** The auction platform (a court subsystem) records results; so may an officer (e.g. a withdrawal). */
const AUCTION_RESULT: readonly Role[] = ['enforcement', 'subsystem'];
const OPEN: readonly EnforcementStatus[] = ['open'];
/** After 终结本次执行 controls stay in force: they are renewed, released and property inquired into again. */
const OPEN_OR_PARKED: readonly EnforcementStatus[] = ['open', 'terminated-this-round'];
const ANY: readonly EnforcementStatus[] = ENFORCEMENT_STATUSES;

/**
 * The step table. Parties, agents, clerks and agencies record no step (they read only).
 *
 * | step                            | who                     | case status                      |
 * |---------------------------------|-------------------------|----------------------------------|
 * | notice, control, valuation, auction-listed, sale-at-price, payment-in, consumption-restriction-add | enforcement | open |
 * | auction-result                  | enforcement, subsystem  | open                             |
 * | property-inquiry, renew-control, release | enforcement    | open, terminated-this-round      |
 * | payout, consumption-restriction-remove | enforcement      | any (money and restrictions outlive the case) |
 * | trust-breaking-add, conclude    | judge                   | open                             |
 * | trust-breaking-remove           | judge                   | any                              |
 */
export const STEP_RULES: Readonly<Record<StepKind, StepRule>> = {
    notice: { roles: OFFICER, from: OPEN },
    'property-inquiry': { roles: OFFICER, from: OPEN_OR_PARKED },
    control: { roles: OFFICER, from: OPEN },
    'renew-control': { roles: OFFICER, from: OPEN_OR_PARKED },
    release: { roles: OFFICER, from: OPEN_OR_PARKED },
    valuation: { roles: OFFICER, from: OPEN },
    'auction-listed': { roles: OFFICER, from: OPEN },
    'auction-result': { roles: AUCTION_RESULT, from: OPEN },
    'sale-at-price': { roles: OFFICER, from: OPEN },
    'payment-in': { roles: OFFICER, from: OPEN },
    payout: { roles: OFFICER, from: ANY },
    'trust-breaking-add': { roles: JUDGE, from: OPEN },
    'trust-breaking-remove': { roles: JUDGE, from: ANY },
    'consumption-restriction-add': { roles: OFFICER, from: OPEN },
    'consumption-restriction-remove': { roles: OFFICER, from: ANY },
    conclude: { roles: JUDGE, from: OPEN },
};

/**
 * Checks that `actor` may record `step` on a case in `status`: the role first (`FORBIDDEN_ROLE`, a 403), then
 * the status (`INVALID_TRANSITION`, a 409).
 */
export function authoriseStep(status: EnforcementStatus, step: StepKind, actor: Actor): void {
    const rule = STEP_RULES[step];
    authoriseStepRole(step, actor);
    if (!rule.from.includes(status)) {
        throw new LedgerError('INVALID_TRANSITION', `cannot record ${step} on a case that is ${status}`);
    }
}

/**
 * The role half of {@link authoriseStep} (`FORBIDDEN_ROLE`): the contract checks it before it reads the case, so
 * a party's step is refused alike whether or not the case number exists.
 */
export function authoriseStepRole(step: StepKind, actor: Actor): void {
    requireRole(actor, STEP_RULES[step].roles, `record ${step}`);
}
