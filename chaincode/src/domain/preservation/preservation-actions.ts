import { effectiveStatus } from '../guarantee/guarantee-lifecycle';
import { validateLetterId } from '../guarantee/guarantee-validation';
import type { GuaranteeRecord } from '../guarantee/model';
import {
    amountParam,
    choiceParam,
    digestParam,
    parseActionParams,
    timeParam,
    validatedParam,
    type ParamSpec,
} from '../shared/action-params';
import { principalRef, type Actor } from '../shared/actor';
import { LedgerError } from '../shared/errors';
import { COURT_PRESERVATION_ROLES, PARTY_ROLES, PERMISSIONS, requireRole, type Role } from '../shared/roles';
import { millisBetween } from '../shared/time';
import {
    PRESERVATION_ACTIONS,
    RULING_DECISIONS,
    type PreservationAction,
    type PreservationRecord,
    type PreservationStatus,
    type RulingDecision,
} from './model';
import { deriveApplicationId, type PreservationApplication } from './preservation-validation';

/** One row of the action rules: from these states these roles may act (`applicant`: only the applicant). */
export interface PreservationRule {
    readonly from: readonly PreservationStatus[];
    readonly roles: readonly Role[];
    readonly actor?: 'applicant';
    readonly to: PreservationStatus | 'same' | 'ruling';
}

const APPLICANT = PARTY_ROLES;
const COURT = COURT_PRESERVATION_ROLES;
const JUDGE: readonly Role[] = ['judge'];

/**
 * Who may take each action, from which status, and the next status (`same`: unchanged; `ruling`: the
 * decision, `granted` or `rejected`).
 *
 * | action         | from              | who                                      | next                 |
 * |----------------|-------------------|------------------------------------------|----------------------|
 * | supplement     | applied           | the applicant                            | same                 |
 * | pay-fee        | applied           | the applicant (once)                     | same                 |
 * | set-security   | applied           | clerk, judge (may be set again)          | same                 |
 * | bind-guarantee | applied, granted  | the applicant (letter issued/amended, not expired, for this application) | same |
 * | rule           | applied           | judge                                    | granted / rejected   |
 * | extend         | granted           | judge (until after the tx time and any earlier extension) | same |
 * | cancel         | applied           | the applicant                            | cancelled            |
 * | cancel         | granted           | clerk, judge (the court lifts it)        | cancelled            |
 * | request-review | granted, rejected | party, agent (either side)               | same                 |
 *
 * rejected and cancelled are terminal except for request-review after a rejection.
 */
export const PRESERVATION_RULES: Readonly<Record<PreservationAction, readonly PreservationRule[]>> = {
    supplement: [{ from: ['applied'], roles: APPLICANT, actor: 'applicant', to: 'same' }],
    'pay-fee': [{ from: ['applied'], roles: APPLICANT, actor: 'applicant', to: 'same' }],
    'set-security': [{ from: ['applied'], roles: COURT, to: 'same' }],
    'bind-guarantee': [{ from: ['applied', 'granted'], roles: APPLICANT, actor: 'applicant', to: 'same' }],
    rule: [{ from: ['applied'], roles: JUDGE, to: 'ruling' }],
    extend: [{ from: ['granted'], roles: JUDGE, to: 'same' }],
    cancel: [
        { from: ['applied'], roles: APPLICANT, actor: 'applicant', to: 'cancelled' },
        { from: ['granted'], roles: COURT, to: 'cancelled' },
    ],
    'request-review': [{ from: ['granted', 'rejected'], roles: PARTY_ROLES, to: 'same' }],
};

/** A validated `preservation:act` request: the action and its parameters. */
export type PreservationRequest =
    | { readonly action: 'supplement'; readonly documentDigest: string }
    | { readonly action: 'pay-fee' | 'set-security'; readonly amount: number }
    | { readonly action: 'bind-guarantee'; readonly letterId: string }
    | { readonly action: 'rule'; readonly decision: RulingDecision; readonly rulingDigest: string }
    | { readonly action: 'extend'; readonly until: string }
    | { readonly action: 'cancel' }
    | { readonly action: 'request-review'; readonly reasonDigest: string };

/** The `params` each action takes. */
export const PRESERVATION_ACTION_PARAMS: Readonly<Record<PreservationAction, ParamSpec>> = {
    supplement: { required: ['documentDigest'] },
    'pay-fee': { required: ['amount'] },
    'set-security': { required: ['amount'] },
    'bind-guarantee': { required: ['letterId'] },
    rule: { required: ['decision', 'rulingDigest'] },
    extend: { required: ['until'] },
    cancel: { required: [] },
    'request-review': { required: ['reasonDigest'] },
};

/** Returns `value` as a {@link PreservationAction}, else throws `INVALID_ARGUMENT` (field `action`). */
export function parsePreservationAction(value: string): PreservationAction {
    const action = PRESERVATION_ACTIONS.find((known) => known === value);
    if (action === undefined) {
        throw new LedgerError('INVALID_ARGUMENT', `action must be one of ${PRESERVATION_ACTIONS.join(', ')}`, 'action');
    }
    return action;
}

/**
 * Parses `preservation:act`'s `action` and `params` (JSON object, see {@link PRESERVATION_ACTION_PARAMS}).
 * Digests `INVALID_DIGEST`, everything else `INVALID_ARGUMENT` naming the field.
 */
export function parsePreservationRequest(action: string, params: string): PreservationRequest {
    const name = parsePreservationAction(action);
    const values = parseActionParams(params, PRESERVATION_ACTION_PARAMS[name]);
    switch (name) {
        case 'supplement':
            return { action: name, documentDigest: digestParam(values, 'documentDigest') };
        case 'pay-fee':
        case 'set-security':
            return { action: name, amount: amountParam(values, 'amount') };
        case 'bind-guarantee':
            return { action: name, letterId: validatedParam(values, 'letterId', validateLetterId) };
        case 'rule':
            return {
                action: name,
                decision: choiceParam(values, 'decision', RULING_DECISIONS),
                rulingDigest: digestParam(values, 'rulingDigest'),
            };
        case 'extend':
            return { action: name, until: timeParam(values, 'until') };
        case 'cancel':
            return { action: name };
        case 'request-review':
            return { action: name, reasonDigest: digestParam(values, 'reasonDigest') };
    }
}

/** A new application by `applicant` in transaction `txId` at `at` (role party/agent, else `FORBIDDEN_ROLE`). */
export function newPreservationRecord(
    application: PreservationApplication,
    applicant: Actor,
    at: string,
    txId: string,
): PreservationRecord {
    requireRole(applicant, PERMISSIONS.applyForPreservation, 'apply for preservation');
    return {
        applicationId: deriveApplicationId(txId),
        ...application,
        applicant: principalRef(applicant),
        status: 'applied',
        supplements: [],
        reviews: [],
        history: [],
        appliedAt: at,
        txId,
    };
}

/**
 * Picks the rule for `action` from `record`'s status and checks who acts. Checks in order: the role may take
 * the action at all (`FORBIDDEN_ROLE`), a rule exists from the status (`INVALID_TRANSITION`), the role fits
 * that rule (`FORBIDDEN_ROLE`; e.g. the applicant cancelling after a grant), the applicant (`FORBIDDEN_ACTOR`).
 */
export function preservationRuleFor(
    record: PreservationRecord,
    action: PreservationAction,
    actor: Actor,
): PreservationRule {
    const rules = PRESERVATION_RULES[action];
    requireRole(actor, [...new Set(rules.flatMap((rule) => rule.roles))], action);
    const candidates = rules.filter((rule) => rule.from.includes(record.status));
    if (candidates.length === 0) {
        throw new LedgerError('INVALID_TRANSITION', `cannot ${action} an application that is ${record.status}`);
    }
    const rule = candidates.find((candidate) => candidate.roles.includes(actor.role));
    if (rule === undefined) {
        const allowed = [...new Set(candidates.flatMap((candidate) => candidate.roles))];
        throw new LedgerError(
            'FORBIDDEN_ROLE',
            `role ${actor.role} may not ${action} an application that is ${record.status} (allowed: ${allowed.join(', ')})`,
        );
    }
    if (rule.actor === 'applicant' && actor.sub !== record.applicant.sub) {
        throw new LedgerError('FORBIDDEN_ACTOR', `only the applicant may ${action} this application`);
    }
    return rule;
}

function assertBindable(record: PreservationRecord, letter: GuaranteeRecord | undefined, at: string): void {
    if (letter === undefined) {
        throw new LedgerError('LETTER_NOT_FOUND', 'no such letter of guarantee', 'letterId');
    }
    if (letter.applicationId !== record.applicationId) {
        throw new LedgerError('INVALID_ARGUMENT', 'the letter is for another application', 'letterId');
    }
    const status = effectiveStatus(letter, at);
    if (status !== 'issued' && status !== 'amended') {
        throw new LedgerError('INVALID_TRANSITION', `a letter that is ${status} cannot be bound`);
    }
}

/**
 * Applies `request` to `record` by `actor` at `at` (transaction time); returns the updated record with one
 * history entry appended. After {@link preservationRuleFor}: `pay-fee` twice is `INVALID_TRANSITION`;
 * `bind-guarantee` needs `letter` (the letter named by `request.letterId`; `LETTER_NOT_FOUND` when undefined)
 * for this application (`INVALID_ARGUMENT`) and issued or amended, not expired (`INVALID_TRANSITION`);
 * `extend`'s `until` must be after the transaction time and any earlier extension (`INVALID_ARGUMENT`).
 */
export function applyPreservationAction(
    record: PreservationRecord,
    request: PreservationRequest,
    actor: Actor,
    at: string,
    txId: string,
    letter?: GuaranteeRecord,
): PreservationRecord {
    const rule = preservationRuleFor(record, request.action, actor);
    const history = [...record.history, { action: request.action, actor: principalRef(actor), at, txId }];
    const updated: PreservationRecord = {
        ...record,
        status: rule.to === 'same' || rule.to === 'ruling' ? record.status : rule.to,
        history,
    };
    switch (request.action) {
        case 'supplement':
            return {
                ...updated,
                supplements: [...record.supplements, { documentDigest: request.documentDigest, at, txId }],
            };
        case 'pay-fee':
            if (record.feePaid !== undefined) {
                throw new LedgerError('INVALID_TRANSITION', 'the application fee is already paid');
            }
            return { ...updated, feePaid: request.amount };
        case 'set-security':
            return { ...updated, securityRequired: request.amount };
        case 'bind-guarantee':
            assertBindable(record, letter, at);
            return { ...updated, guaranteeLetterId: request.letterId };
        case 'rule': {
            const { decision, rulingDigest } = request;
            return { ...updated, status: decision, ruling: { decision, rulingDigest, at, txId } };
        }
        case 'extend': {
            const after = record.extendedUntil ?? at;
            if (millisBetween(after, request.until) <= 0 || millisBetween(at, request.until) <= 0) {
                throw new LedgerError(
                    'INVALID_ARGUMENT',
                    'until must be after the current time and extension',
                    'until',
                );
            }
            return { ...updated, extendedUntil: request.until };
        }
        case 'cancel':
            return updated;
        case 'request-review': {
            const review = { reasonDigest: request.reasonDigest, actor: principalRef(actor), at, txId };
            return { ...updated, reviews: [...record.reviews, review] };
        }
    }
}
