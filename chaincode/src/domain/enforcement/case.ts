/** Opening an enforcement case, its money figures, and who may read it. */
import { principalRef, type Actor } from '../shared/actor';
import { parseActionParams, timeParam, type ActionParams } from '../shared/action-params';
import { canonicalJson } from '../shared/canonical-json';
import { parseDigests } from '../shared/digests';
import { LedgerError } from '../shared/errors';
import { COURT_ROLES, PARTY_ROLES, requireRole, type Role } from '../shared/roles';
import { validatePseudonym } from '../shared/validation';
import { validateCaseId } from '../shared/validation';
import {
    BASIS_DOCUMENT_TYPES,
    type AgreementTrigger,
    type CaseFigures,
    type EnforcementBasis,
    type EnforcementCase,
} from './model';
import { parseFen } from './money';

/** Roles that open an enforcement case by hand: the filing clerk and enforcement officers. */
export const OPEN_CASE_ROLES: readonly Role[] = ['clerk', 'enforcement'];

/** A validated request to open a case. */
export interface OpenCaseRequest {
    readonly caseId: string;
    readonly basis: EnforcementBasis;
    readonly creditorPseudonym: string;
    readonly debtorPseudonym: string;
    readonly amountDue: number;
    readonly enforcementCosts: number;
    readonly deadline: string;
}

function text(params: ActionParams, name: string): string {
    const value = params[name];
    if (typeof value !== 'string') {
        throw new LedgerError('INVALID_ARGUMENT', `${name} must be a string`, name);
    }
    return value;
}

/** Validates a basis object `{documentType, sha256, sm3?}` (`INVALID_ARGUMENT` / `INVALID_DIGEST`). */
export function parseBasis(value: unknown): EnforcementBasis {
    const p = parseActionParams(JSON.stringify(value ?? null), {
        required: ['documentType', 'sha256'],
        optional: ['sm3'],
    });
    const documentType = BASIS_DOCUMENT_TYPES.find((known) => known === p.documentType);
    if (documentType === undefined) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            `basis.documentType must be one of ${BASIS_DOCUMENT_TYPES.join(', ')}`,
            'documentType',
        );
    }
    return { documentType, ...parseDigests(text(p, 'sha256'), p.sm3 === undefined ? '' : text(p, 'sm3')) };
}

/** Validates two distinct party pseudonyms (64 lowercase hex each; the same one twice is `INVALID_ARGUMENT`). */
export function parseParties(p: ActionParams): { creditorPseudonym: string; debtorPseudonym: string } {
    const creditorPseudonym = validatePseudonym(text(p, 'creditorPseudonym'), 'creditorPseudonym');
    const debtorPseudonym = validatePseudonym(text(p, 'debtorPseudonym'), 'debtorPseudonym');
    if (creditorPseudonym === debtorPseudonym) {
        throw new LedgerError('INVALID_ARGUMENT', 'creditor and debtor must differ', 'debtorPseudonym');
    }
    return { creditorPseudonym, debtorPseudonym };
}

/**
 * Parses the JSON request to open a case: `caseId`, `basis`, `creditorPseudonym`, `debtorPseudonym`,
 * `amountDue` (fen ≥ 1), `deadline` (ISO time), optional `enforcementCosts` (fen ≥ 0, default 0).
 */
export function parseOpenCase(json: string): OpenCaseRequest {
    const p = parseActionParams(json, {
        required: ['caseId', 'basis', 'creditorPseudonym', 'debtorPseudonym', 'amountDue', 'deadline'],
        optional: ['enforcementCosts'],
    });
    return {
        caseId: validateCaseId(text(p, 'caseId')),
        basis: parseBasis(p.basis),
        ...parseParties(p),
        amountDue: parseFen(p.amountDue, 'amountDue'),
        enforcementCosts: p.enforcementCosts === undefined ? 0 : parseFen(p.enforcementCosts, 'enforcementCosts', 0),
        deadline: timeParam(p, 'deadline'),
    };
}

/** The figures after `paidIn` and `paidOut` against `amountDue` (balance and outstanding derived). */
export function figures(amountDue: number, paidIn: number, paidOut: number): CaseFigures {
    return { paidIn, paidOut, balance: paidIn - paidOut, outstanding: amountDue - paidIn };
}

/** A new open case with no steps and no money (used by {@link openEnforcementCase} and agreements). */
export function newCase(
    request: OpenCaseRequest,
    actor: Actor,
    at: string,
    txId: string,
    trigger?: AgreementTrigger,
): EnforcementCase {
    return {
        ...request,
        ...figures(request.amountDue, 0, 0),
        status: 'open',
        controls: [],
        stepCount: 0,
        openedBy: principalRef(actor),
        openedAt: at,
        txId,
        ...(trigger === undefined ? {} : { trigger }),
    };
}

/** Opens a case by hand: role clerk or enforcement, else `FORBIDDEN_ROLE`. */
export function openEnforcementCase(request: OpenCaseRequest, actor: Actor, at: string, txId: string): EnforcementCase {
    requireRole(actor, OPEN_CASE_ROLES, 'open an enforcement case');
    return newCase(request, actor, at, txId);
}

/**
 * For an idempotent retry of `openCase`: throws `CONFLICT` when `existing` (same case number) was opened with
 * other terms than `request` (basis, parties, amounts or deadline).
 */
export function assertSameOpening(existing: EnforcementCase, request: OpenCaseRequest): void {
    const terms = (value: OpenCaseRequest): string => {
        const { caseId, basis, creditorPseudonym, debtorPseudonym, amountDue, enforcementCosts, deadline } = value;
        return canonicalJson({
            caseId,
            basis,
            creditorPseudonym,
            debtorPseudonym,
            amountDue,
            enforcementCosts,
            deadline,
        });
    };
    if (terms(existing) !== terms(request)) {
        throw new LedgerError(
            'CONFLICT',
            `enforcement case ${existing.caseId} was already opened with other terms`,
            'caseId',
        );
    }
}

/** The two parties of a case or agreement, by pseudonym. */
export interface EnforcementParties {
    readonly creditorPseudonym: string;
    readonly debtorPseudonym: string;
}

/**
 * Who may read enforcement records at all: court roles, court subsystems, parties and agents (`FORBIDDEN_ROLE`
 * otherwise). Checked before the record is read, so the answer never depends on whether it exists.
 */
export function authoriseEnforcementReader(actor: Actor, what = 'an enforcement case'): void {
    requireRole(actor, [...COURT_ROLES, 'subsystem', ...PARTY_ROLES], `read ${what}`);
}

/**
 * Whether a reader (past {@link authoriseEnforcementReader}) sees this case or agreement: court roles and court
 * subsystems any; a party or agent only one it is the creditor or debtor of. The chaincode never sees the
 * court's pepper: `viewerPseudonym` is the reader's pseudonym as the gateway computes it (HMAC of its sub, the
 * same scheme as service recipients). The contract answers an outsider exactly as it answers an unknown id
 * (`CASE_NOT_FOUND` / `AGREEMENT_NOT_FOUND`), so a party cannot probe which case numbers exist.
 */
export function mayReadEnforcement(
    parties: EnforcementParties,
    actor: Actor,
    viewerPseudonym: string | undefined,
): boolean {
    if (!PARTY_ROLES.includes(actor.role)) {
        return true;
    }
    return viewerPseudonym === parties.creditorPseudonym || viewerPseudonym === parties.debtorPseudonym;
}
