import { AGENCY_MSP, type Actor } from '../shared/actor';
import { LedgerError } from '../shared/errors';
import { COURT_PRESERVATION_ROLES, PARTY_ROLES, requireRole, type Role } from '../shared/roles';
import { millisBetween } from '../shared/time';
import { GUARANTEE_ACTIONS, type GuaranteeAction, type GuaranteeStatus } from './model';

/**
 * Who must take an action, besides the role: `agency` — role `agency` in `AgencyMSP` and `sub` equal to the
 * letter's agency; `applicant` — the letter's applicant (`sub`).
 */
export type GuaranteeActorCondition = 'agency' | 'applicant';

/** One row of the state machine: from these states, these roles (and condition) may act; the next state. */
export interface GuaranteeRule {
    readonly from: readonly GuaranteeStatus[];
    readonly roles: readonly Role[];
    readonly actor?: GuaranteeActorCondition;
    /** Next state; `same` keeps the current one (the action only records something). */
    readonly to: GuaranteeStatus | 'same';
    /** Extra condition checked by the action itself (documented here, enforced in guarantee-actions.ts). */
    readonly requires?: 'court-consent' | 'preservation-lifted' | 'no-consent-yet';
}

const AGENCY: readonly Role[] = ['agency'];
const COURT = COURT_PRESERVATION_ROLES;
const IN_FORCE: readonly GuaranteeStatus[] = ['issued', 'amended'];

/**
 * The letter state machine; rows are the effective status ({@link effectiveStatus}), so an issued or amended
 * letter past `validTo` is `expired`.
 *
 * | status \ action | approve  | reject   | pay  | issue  | amend   | release  | claim   | settle  | consent-cancel | cancel         |
 * |-----------------|----------|----------|------|--------|---------|----------|---------|---------|----------------|----------------|
 * | applied         | approved | rejected |      |        |         |          |         |         |                | cancelled      |
 * | approved        |          |          | paid |        |         |          |         |         |                | cancelled      |
 * | paid            |          |          |      | issued |         |          |         |         |                | cancelled      |
 * | issued          |          |          |      |        | amended | released | claimed |         | (same)¹        | cancelled²     |
 * | amended         |          |          |      |        | amended | released | claimed |         | (same)¹        | cancelled²     |
 * | expired         |          |          |      |        |         | released |         |         |                |                |
 * | claimed         |          |          |      |        |         |          |         | settled |                |                |
 * | rejected, released, settled, cancelled: terminal, every action is INVALID_TRANSITION                                     |
 *
 * Who: approve, reject, pay, issue, amend, settle — the letter's agency (role `agency`, org `AgencyMSP`,
 * `sub` = the letter's `agency`); release — the court (clerk, judge), or the letter's agency once the court
 * has lifted the preservation (the bound application is `cancelled` or `rejected`); claim (on behalf of the
 * beneficiary) and consent-cancel — the court (clerk, judge); cancel — the applicant (party/agent, same `sub`).
 * ¹ records `courtConsentToCancel`; only once. ² only after the court's consent.
 */
export const GUARANTEE_RULES: Readonly<Record<GuaranteeAction, readonly GuaranteeRule[]>> = {
    approve: [{ from: ['applied'], roles: AGENCY, actor: 'agency', to: 'approved' }],
    reject: [{ from: ['applied'], roles: AGENCY, actor: 'agency', to: 'rejected' }],
    pay: [{ from: ['approved'], roles: AGENCY, actor: 'agency', to: 'paid' }],
    issue: [{ from: ['paid'], roles: AGENCY, actor: 'agency', to: 'issued' }],
    amend: [{ from: IN_FORCE, roles: AGENCY, actor: 'agency', to: 'amended' }],
    release: [
        { from: [...IN_FORCE, 'expired'], roles: COURT, to: 'released' },
        {
            from: [...IN_FORCE, 'expired'],
            roles: AGENCY,
            actor: 'agency',
            to: 'released',
            requires: 'preservation-lifted',
        },
    ],
    claim: [{ from: IN_FORCE, roles: COURT, to: 'claimed' }],
    settle: [{ from: ['claimed'], roles: AGENCY, actor: 'agency', to: 'settled' }],
    'consent-cancel': [{ from: IN_FORCE, roles: COURT, to: 'same', requires: 'no-consent-yet' }],
    cancel: [
        { from: ['applied', 'approved', 'paid'], roles: PARTY_ROLES, actor: 'applicant', to: 'cancelled' },
        { from: IN_FORCE, roles: PARTY_ROLES, actor: 'applicant', to: 'cancelled', requires: 'court-consent' },
    ],
};

/** Returns `value` as a {@link GuaranteeAction}, else throws `INVALID_ARGUMENT` (field `action`). */
export function parseGuaranteeAction(value: string): GuaranteeAction {
    const action = GUARANTEE_ACTIONS.find((known) => known === value);
    if (action === undefined) {
        throw new LedgerError('INVALID_ARGUMENT', `action must be one of ${GUARANTEE_ACTIONS.join(', ')}`, 'action');
    }
    return action;
}

/** What {@link effectiveStatus} looks at. */
export interface GuaranteeTiming {
    readonly status: GuaranteeStatus;
    readonly validTo: string;
}

/**
 * The status of a letter at `at` (ISO time): `expired` when it is issued or amended and `at` is past
 * `validTo`, else the stored status. Transitions (at the transaction time) and queries (at the query's
 * proposal time) both use this one function.
 */
export function effectiveStatus(record: GuaranteeTiming, at: string): GuaranteeStatus {
    if (IN_FORCE.includes(record.status) && millisBetween(record.validTo, at) > 0) {
        return 'expired';
    }
    return record.status;
}

/** The parts of a letter the actor conditions look at. */
export interface GuaranteeParties {
    readonly agency: string;
    readonly applicant: { readonly sub: string };
}

/**
 * Picks the rule for `action` from `status` and checks who acts. Checks in order: the role may take this
 * action at all (`FORBIDDEN_ROLE`), a rule exists from `status` (`INVALID_TRANSITION`), the role fits that
 * rule (`FORBIDDEN_ROLE`; e.g. an agency releasing), then the actor condition: agency org and `sub`, or the
 * applicant's `sub` (`FORBIDDEN_ACTOR`; an agency outside `AgencyMSP` is `FORBIDDEN_ROLE`).
 * The rule's `requires` is left to the caller.
 *
 * @param status - the effective status ({@link effectiveStatus})
 */
export function guaranteeRuleFor(
    status: GuaranteeStatus,
    action: GuaranteeAction,
    actor: Actor,
    letter: GuaranteeParties,
): GuaranteeRule {
    const rules = GUARANTEE_RULES[action];
    requireRole(actor, [...new Set(rules.flatMap((rule) => rule.roles))], action);
    const candidates = rules.filter((rule) => rule.from.includes(status));
    if (candidates.length === 0) {
        throw new LedgerError('INVALID_TRANSITION', `cannot ${action} a letter that is ${status}`);
    }
    const rule = candidates.find((candidate) => candidate.roles.includes(actor.role));
    if (rule === undefined) {
        const allowed = [...new Set(candidates.flatMap((candidate) => candidate.roles))];
        throw new LedgerError(
            'FORBIDDEN_ROLE',
            `role ${actor.role} may not ${action} a letter that is ${status} (allowed: ${allowed.join(', ')})`,
        );
    }
    if (rule.actor === 'agency') {
        if (actor.org !== AGENCY_MSP) {
            throw new LedgerError('FORBIDDEN_ROLE', `${action} needs an agency of ${AGENCY_MSP}`);
        }
        if (actor.sub !== letter.agency) {
            throw new LedgerError('FORBIDDEN_ACTOR', `only the letter's agency may ${action} it`);
        }
    }
    if (rule.actor === 'applicant' && actor.sub !== letter.applicant.sub) {
        throw new LedgerError('FORBIDDEN_ACTOR', `only the letter's applicant may ${action} it`);
    }
    return rule;
}
