import type { PreservationRecord } from '../preservation/model';
import {
    digestParam,
    optionalAmountParam,
    optionalTimeParam,
    parseActionParams,
    type ParamSpec,
} from '../shared/action-params';
import { principalRef, type Actor } from '../shared/actor';
import { LedgerError } from '../shared/errors';
import { PERMISSIONS, requireRole } from '../shared/roles';
import { effectiveStatus, guaranteeRuleFor, parseGuaranteeAction, type GuaranteeRule } from './guarantee-lifecycle';
import { assertValidityWindow, deriveLetterId, type GuaranteeApplication } from './guarantee-validation';
import type { GuaranteeAction, GuaranteeRecord } from './model';

/** A validated `guarantee:act` request: the action and its parameters. */
export type GuaranteeRequest =
    | { readonly action: 'pay'; readonly amount?: number }
    | { readonly action: 'issue'; readonly documentDigest: string }
    | { readonly action: 'amend'; readonly documentDigest: string; readonly amount?: number; readonly validTo?: string }
    | { readonly action: Exclude<GuaranteeAction, 'pay' | 'issue' | 'amend'> };

/** The `params` each action takes (every other action takes `{}`). */
export const GUARANTEE_ACTION_PARAMS: Readonly<Record<GuaranteeAction, ParamSpec>> = {
    approve: { required: [] },
    reject: { required: [] },
    pay: { required: [], optional: ['amount'] },
    issue: { required: ['documentDigest'] },
    amend: { required: ['documentDigest'], optional: ['amount', 'validTo'] },
    release: { required: [] },
    claim: { required: [] },
    settle: { required: [] },
    'consent-cancel': { required: [] },
    cancel: { required: [] },
};

/**
 * Parses `guarantee:act`'s `action` and `params` (JSON object): `pay` {amount?}, `issue` {documentDigest},
 * `amend` {documentDigest, amount?, validTo?}, the others `{}`. Amounts are JSON integers in fen ≥ 1, digests
 * SHA-256 hex (`INVALID_DIGEST`), times ISO 8601 UTC with milliseconds. Other refusals `INVALID_ARGUMENT`.
 */
export function parseGuaranteeRequest(action: string, params: string): GuaranteeRequest {
    const name = parseGuaranteeAction(action);
    const values = parseActionParams(params, GUARANTEE_ACTION_PARAMS[name]);
    switch (name) {
        case 'pay': {
            const amount = optionalAmountParam(values, 'amount');
            return amount === undefined ? { action: name } : { action: name, amount };
        }
        case 'issue':
            return { action: name, documentDigest: digestParam(values, 'documentDigest') };
        case 'amend': {
            const amount = optionalAmountParam(values, 'amount');
            const validTo = optionalTimeParam(values, 'validTo');
            return {
                action: name,
                documentDigest: digestParam(values, 'documentDigest'),
                ...(amount === undefined ? {} : { amount }),
                ...(validTo === undefined ? {} : { validTo }),
            };
        }
        default:
            return { action: name };
    }
}

/** Application statuses a letter may be applied for: before the ruling, or after a grant. */
const OPEN_APPLICATION_STATUSES: readonly string[] = ['applied', 'granted'];

/**
 * A new letter for `application`, applied for by `actor` in transaction `txId` at `at`. Checks in order: role
 * party/agent (`FORBIDDEN_ROLE`), the application's applicant (`FORBIDDEN_ACTOR`), the application is
 * `applied` or `granted` (`INVALID_TRANSITION`), `validTo` after the transaction time (`INVALID_ARGUMENT`).
 * The beneficiary is the application's respondent.
 */
export function newGuaranteeRecord(
    application: PreservationRecord,
    request: GuaranteeApplication,
    actor: Actor,
    at: string,
    txId: string,
): GuaranteeRecord {
    requireRole(actor, PERMISSIONS.applyForGuarantee, 'apply for a letter of guarantee');
    if (actor.sub !== application.applicant.sub) {
        throw new LedgerError('FORBIDDEN_ACTOR', 'only the preservation applicant may apply for its guarantee');
    }
    if (!OPEN_APPLICATION_STATUSES.includes(application.status)) {
        throw new LedgerError('INVALID_TRANSITION', `the preservation application is ${application.status}`);
    }
    assertValidityWindow(request.validFrom, request.validTo, at);
    return {
        letterId: deriveLetterId(txId),
        applicationId: application.applicationId,
        caseId: application.caseId,
        agency: request.agency,
        applicant: principalRef(actor),
        beneficiaryPseudonym: application.respondentPseudonym,
        amount: request.amount,
        validFrom: request.validFrom,
        validTo: request.validTo,
        status: 'applied',
        versions: [],
        history: [],
        appliedAt: at,
        txId,
    };
}

/** Application statuses after which the court has lifted (or never ordered) the preservation. */
const LIFTED_APPLICATION_STATUSES: readonly string[] = ['cancelled', 'rejected'];

function checkRequirement(rule: GuaranteeRule, letter: GuaranteeRecord, application?: PreservationRecord): void {
    switch (rule.requires) {
        case 'court-consent':
            if (letter.courtConsentToCancel === undefined) {
                throw new LedgerError('INVALID_TRANSITION', 'an issued letter is cancelled only with court consent');
            }
            break;
        case 'no-consent-yet':
            if (letter.courtConsentToCancel !== undefined) {
                throw new LedgerError('INVALID_TRANSITION', 'the court has already consented to cancel this letter');
            }
            break;
        case 'preservation-lifted':
            if (application === undefined || !LIFTED_APPLICATION_STATUSES.includes(application.status)) {
                throw new LedgerError(
                    'INVALID_TRANSITION',
                    'the agency releases a letter only after the court has lifted the preservation',
                );
            }
            break;
        case undefined:
            break;
    }
}

/**
 * Applies `request` to `letter` by `actor` at `at` (transaction time) and returns the updated letter with one
 * history entry appended. Rule and actor checks: {@link guaranteeRuleFor} on the effective status; then the
 * rule's requirement (`INVALID_TRANSITION`), then the values: an amended `validTo` must be after `validFrom`
 * and the transaction time (`INVALID_ARGUMENT`).
 *
 * @param application - the letter's preservation application; needed for an agency's `release`
 */
export function applyGuaranteeAction(
    letter: GuaranteeRecord,
    request: GuaranteeRequest,
    actor: Actor,
    at: string,
    txId: string,
    application?: PreservationRecord,
): GuaranteeRecord {
    const rule = guaranteeRuleFor(effectiveStatus(letter, at), request.action, actor, letter);
    checkRequirement(rule, letter, application);
    const history = [...letter.history, { action: request.action, actor: principalRef(actor), at, txId }];
    const status = rule.to === 'same' ? letter.status : rule.to;
    const updated: GuaranteeRecord = { ...letter, status, history };
    switch (request.action) {
        case 'pay':
            return request.amount === undefined ? updated : { ...updated, premiumPaid: request.amount };
        case 'issue':
        case 'amend': {
            const amount = request.action === 'amend' ? (request.amount ?? letter.amount) : letter.amount;
            const validTo = request.action === 'amend' ? (request.validTo ?? letter.validTo) : letter.validTo;
            assertValidityWindow(letter.validFrom, validTo, at);
            const version = letter.versions.length + 1;
            const entry = { version, documentDigest: request.documentDigest, amount, validTo, at, txId };
            return {
                ...updated,
                amount,
                validTo,
                document: { sha256: request.documentDigest, version },
                versions: [...letter.versions, entry],
            };
        }
        case 'consent-cancel':
            return { ...updated, courtConsentToCancel: { actor: principalRef(actor), at, txId } };
        default:
            return updated;
    }
}
