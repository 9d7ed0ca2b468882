/**
 * Performance agreements: the smart contract the parties agree to (Online Operation Rules 2022, Art. 31).
 * Both parties consent by signing its terms; payments are recorded against its instalments; `checkDue`
 * decides, from the transaction time alone, whether a missed instalment opens an enforcement case.
 */
import { principalRef, type Actor } from '../shared/actor';
import { parseActionParams, timeParam } from '../shared/action-params';
import { canonicalJson } from '../shared/canonical-json';
import { LedgerError } from '../shared/errors';
import type { RecipientKeyRecord } from '../service/model';
import { requireRole, type Role } from '../shared/roles';
import { verifyAcknowledgement } from '../service/service-acknowledgement';
import { millisBetween } from '../shared/time';
import { MAX_CASE_ID_LENGTH, validateCaseId } from '../shared/validation';
import { addDays } from './calendar';
import { newCase, parseBasis, parseParties } from './case';
import type { AgreementConsent, AgreementTrigger, CheckDueOutcome, Instalment, PerformanceAgreement } from './model';
import { parseFen, sumFen } from './money';

/** Court roles that record an agreement reached in mediation or enforcement. */
export const AGREEMENT_ROLES: readonly Role[] = ['clerk', 'judge', 'enforcement'];
/** Roles that record a payment against an agreement. */
export const AGREEMENT_PAYMENT_ROLES: readonly Role[] = ['enforcement'];
/** Roles that submit `checkDue`: the gateway's scheduler (a court subsystem) or an officer. */
export const CHECK_DUE_ROLES: readonly Role[] = ['subsystem', 'enforcement'];
/** What {@link defaultCaseId} appends to the agreement id. */
export const DEFAULT_CASE_SUFFIX = '-enf';
/** Most instalments in one schedule. */
export const MAX_INSTALMENTS = 120;
/** Longest grace period, in days. */
export const MAX_GRACE_DAYS = 90;

/** A validated request for a new agreement: its terms, which both parties sign. */
export type AgreementRequest = Pick<
    PerformanceAgreement,
    'agreementId' | 'basis' | 'creditorPseudonym' | 'debtorPseudonym' | 'amountDue' | 'instalments' | 'graceDays'
>;

/** The two parties of an agreement. */
export type AgreementSide = 'creditor' | 'debtor';

/** Longest agreement id: room is left for the `-enf` of the case id its default opens ({@link defaultCaseId}). */
export const MAX_AGREEMENT_ID_LENGTH = MAX_CASE_ID_LENGTH - DEFAULT_CASE_SUFFIX.length;

/**
 * Returns `value` if it is a valid agreement id: the characters of a case number (`validateCaseId`), at most
 * {@link MAX_AGREEMENT_ID_LENGTH} of them. The id is chosen before the parties sign (it is part of what they
 * sign), so the court gives it, e.g. the mediation case number. Throws `INVALID_ARGUMENT` (field `agreementId`).
 */
export function validateAgreementId(value: string): string {
    try {
        validateCaseId(value);
    } catch {
        throw new LedgerError('INVALID_ARGUMENT', 'agreementId must be written like a case number', 'agreementId');
    }
    if (Array.from(value).length > MAX_AGREEMENT_ID_LENGTH) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            `agreementId must be at most ${MAX_AGREEMENT_ID_LENGTH} characters`,
            'agreementId',
        );
    }
    return value;
}

function parseInstalments(value: unknown): Instalment[] {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_INSTALMENTS) {
        throw new LedgerError('INVALID_ARGUMENT', `instalments must be 1-${MAX_INSTALMENTS} entries`, 'instalments');
    }
    const instalments = (value as unknown[]).map((entry, index): Instalment => {
        const p = parseActionParams(JSON.stringify(entry ?? null), { required: ['dueAt', 'amount'] });
        return { no: index + 1, dueAt: timeParam(p, 'dueAt'), amount: parseFen(p.amount, 'amount') };
    });
    instalments.reduce((previous, current) => {
        if (millisBetween(previous.dueAt, current.dueAt) <= 0) {
            throw new LedgerError('INVALID_ARGUMENT', 'instalments must fall due in strictly later order', 'dueAt');
        }
        return current;
    });
    return instalments;
}

/**
 * Parses `{agreementId, basis, creditorPseudonym, debtorPseudonym, instalments: [{dueAt, amount}], graceDays}`;
 * the amount due is the sum of the instalments (integer fen, exact).
 */
export function parseAgreementRequest(json: string): AgreementRequest {
    const p = parseActionParams(json, {
        required: ['agreementId', 'basis', 'creditorPseudonym', 'debtorPseudonym', 'instalments', 'graceDays'],
    });
    const agreementId = p.agreementId;
    if (typeof agreementId !== 'string') {
        throw new LedgerError('INVALID_ARGUMENT', 'agreementId must be a string', 'agreementId');
    }
    const instalments = parseInstalments(p.instalments);
    const graceDays = p.graceDays;
    if (
        typeof graceDays !== 'number' ||
        !Number.isSafeInteger(graceDays) ||
        graceDays < 0 ||
        graceDays > MAX_GRACE_DAYS
    ) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            `graceDays must be an integer from 0 to ${MAX_GRACE_DAYS}`,
            'graceDays',
        );
    }
    return {
        agreementId: validateAgreementId(agreementId),
        basis: parseBasis(p.basis),
        ...parseParties(p),
        amountDue: sumFen(
            instalments.map((i) => i.amount),
            'instalments',
        ),
        instalments,
        graceDays,
    };
}

/** The text each party signs: canonical JSON of the agreement's terms (UTF-8 bytes are signed). */
export function agreementStatement(terms: AgreementRequest): string {
    const { agreementId, basis, creditorPseudonym, debtorPseudonym, amountDue, instalments, graceDays } = terms;
    return canonicalJson({ agreementId, basis, creditorPseudonym, debtorPseudonym, amountDue, instalments, graceDays });
}

/**
 * One party's consent, verified as a service acknowledgement is: `signature` (base64 DER ECDSA P-256/SHA-256
 * over {@link agreementStatement}) must verify with the key registered for that side's pseudonym
 * (`KEY_NOT_FOUND` without one, `FORBIDDEN_ACTOR` for another pseudonym's key, `INVALID_SIGNATURE` otherwise).
 */
export function verifyConsent(
    terms: AgreementRequest,
    side: AgreementSide,
    signature: string,
    key: RecipientKeyRecord | undefined,
    at: string,
    txId: string,
): AgreementConsent {
    if (key === undefined) {
        throw new LedgerError('KEY_NOT_FOUND', `no signing key is registered for the ${side}`, `${side}Signature`);
    }
    const pseudonym = side === 'creditor' ? terms.creditorPseudonym : terms.debtorPseudonym;
    if (key.recipientPseudonym !== pseudonym) {
        throw new LedgerError('FORBIDDEN_ACTOR', `the key is not the ${side}'s`, `${side}Signature`);
    }
    if (!verifyAcknowledgement(key.publicKeyPem, agreementStatement(terms), signature)) {
        throw new LedgerError(
            'INVALID_SIGNATURE',
            `signature does not verify with the ${side}'s key`,
            `${side}Signature`,
        );
    }
    return { signature, keyFingerprint: key.fingerprint, at, txId };
}

/**
 * A new agreement, recorded by a court role (`FORBIDDEN_ROLE`) with both parties' consents
 * ({@link verifyConsent}, creditor first): `agreed` from the start. The first instalment must fall due after
 * `at` (`INVALID_ARGUMENT`).
 */
export function newAgreement(
    request: AgreementRequest,
    signatures: Readonly<Record<AgreementSide, string>>,
    keys: Readonly<Partial<Record<AgreementSide, RecipientKeyRecord>>>,
    actor: Actor,
    at: string,
    txId: string,
): PerformanceAgreement {
    requireRole(actor, AGREEMENT_ROLES, 'record a performance agreement');
    const first = request.instalments[0];
    if (first === undefined || millisBetween(at, first.dueAt) <= 0) {
        throw new LedgerError('INVALID_ARGUMENT', 'the first instalment must fall due after the agreement', 'dueAt');
    }
    const consents = {
        creditor: verifyConsent(request, 'creditor', signatures.creditor, keys.creditor, at, txId),
        debtor: verifyConsent(request, 'debtor', signatures.debtor, keys.debtor, at, txId),
    };
    const { agreementId, basis, creditorPseudonym, debtorPseudonym, amountDue, instalments, graceDays } = request;
    return {
        agreementId,
        basis,
        creditorPseudonym,
        debtorPseudonym,
        amountDue,
        instalments,
        graceDays,
        status: 'agreed',
        consents,
        payments: [],
        paidTotal: 0,
        createdBy: principalRef(actor),
        createdAt: at,
        txId,
    };
}

/**
 * A retry of `createAgreement` for an id already recorded: by a court role (`FORBIDDEN_ROLE`), with the same
 * terms (`CONFLICT` otherwise, {@link assertSameAgreement}) it is answered with the stored agreement. Nothing is
 * checked against the transaction time again: a retry that arrives after the first instalment fell due is
 * still the same agreement, not an invalid new one.
 */
export function retriedAgreement(
    existing: PerformanceAgreement,
    request: AgreementRequest,
    actor: Actor,
): PerformanceAgreement {
    requireRole(actor, AGREEMENT_ROLES, 'record a performance agreement');
    assertSameAgreement(existing, request);
    return existing;
}

/**
 * For an idempotent retry of `createAgreement`: throws `CONFLICT` when `existing` (same id) has other terms
 * than `request`. The signatures are not compared (ECDSA signatures of the same terms differ).
 */
export function assertSameAgreement(existing: PerformanceAgreement, request: AgreementRequest): void {
    if (agreementStatement(existing) !== agreementStatement(request)) {
        throw new LedgerError(
            'CONFLICT',
            `agreement ${existing.agreementId} was already recorded with other terms`,
            'agreementId',
        );
    }
}

/**
 * Records a payment against an agreed agreement (`INVALID_TRANSITION` otherwise) by an officer
 * (`FORBIDDEN_ROLE`), at most what remains (`OVERPAYMENT`); paying the whole makes it `performed`.
 */
export function recordAgreementPayment(
    agreement: PerformanceAgreement,
    amount: number,
    actor: Actor,
    at: string,
    txId: string,
): PerformanceAgreement {
    requireRole(actor, AGREEMENT_PAYMENT_ROLES, 'record a payment against an agreement');
    if (agreement.status !== 'agreed') {
        throw new LedgerError('INVALID_TRANSITION', `no payment against an agreement that is ${agreement.status}`);
    }
    const fen = parseFen(amount, 'amount');
    if (fen > agreement.amountDue - agreement.paidTotal) {
        throw new LedgerError('OVERPAYMENT', 'the payment exceeds what remains under the agreement', 'amount');
    }
    const paidTotal = agreement.paidTotal + fen;
    const payments = [...agreement.payments, { amount: fen, at, txId }];
    return { ...agreement, payments, paidTotal, status: paidTotal === agreement.amountDue ? 'performed' : 'agreed' };
}

/**
 * Decides, from `txTime` alone (never the wall clock), whether an agreed agreement is in default: the first
 * instalment whose due time plus the grace days is before `txTime` and which the payments made by then (at or
 * before due + grace) do not cover. A payment made later does not cure that default. Returns the trigger, or
 * undefined when nothing is in default or the agreement is not `agreed`.
 */
export function checkDue(agreement: PerformanceAgreement, txTime: string): AgreementTrigger | undefined {
    if (agreement.status !== 'agreed') {
        return undefined;
    }
    let cumulative = 0;
    for (const instalment of agreement.instalments) {
        cumulative += instalment.amount;
        const lastDay = addDays(instalment.dueAt, agreement.graceDays);
        if (millisBetween(lastDay, txTime) <= 0) {
            return undefined;
        }
        const paid = agreement.payments
            .filter((payment) => millisBetween(payment.at, lastDay) >= 0)
            .reduce((sum, payment) => sum + payment.amount, 0);
        if (paid < cumulative) {
            const { agreementId, graceDays } = agreement;
            const outstanding = agreement.amountDue - agreement.paidTotal;
            return { agreementId, instalmentNo: instalment.no, dueAt: instalment.dueAt, graceDays, outstanding };
        }
    }
    return undefined;
}

/** The enforcement case number given to a case opened by an agreement's default: `<agreementId>-enf`. */
export function defaultCaseId(agreementId: string): string {
    return `${agreementId}${DEFAULT_CASE_SUFFIX}`;
}

/**
 * The `checkDue` transaction (role subsystem or enforcement, else `FORBIDDEN_ROLE`): when {@link checkDue}
 * finds a default at `at`, opens an enforcement case for the outstanding amount with the trigger recorded,
 * and marks the agreement `defaulted` with the same trigger. Otherwise returns the agreement unchanged.
 */
export function applyCheckDue(
    agreement: PerformanceAgreement,
    actor: Actor,
    at: string,
    txId: string,
): CheckDueOutcome {
    requireRole(actor, CHECK_DUE_ROLES, 'check a performance agreement');
    const trigger = checkDue(agreement, at);
    if (trigger === undefined) {
        return { agreement };
    }
    const caseId = defaultCaseId(agreement.agreementId);
    const { basis, creditorPseudonym, debtorPseudonym } = agreement;
    const request = {
        caseId,
        basis,
        creditorPseudonym,
        debtorPseudonym,
        amountDue: trigger.outstanding,
        enforcementCosts: 0,
        deadline: at,
    };
    const opened = newCase(request, actor, at, txId, trigger);
    return { agreement: { ...agreement, status: 'defaulted', trigger: { ...trigger, caseId, at, txId } }, opened };
}
