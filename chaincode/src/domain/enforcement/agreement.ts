/**
 * Performance agreements: the smart contract the parties agree to (Online Operation Rules 2022, Art. 31).
 * Both parties consent by signing its terms; payments are recorded against its instalments; `checkDue`
 * decides, from the transaction time alone, whether a missed instalment opens an enforcement case.
 */
import { principalRef, type Actor } from '../actor';
import { parseActionParams, timeParam } from '../action-params';
import { canonicalJson } from '../canonical-json';
import { deriveTxScopedId } from '../digests';
import { LedgerError } from '../errors';
import type { RecipientKeyRecord } from '../records';
import { PARTY_ROLES, requireRole, type Role } from '../roles';
import { verifyAcknowledgement } from '../service-acknowledgement';
import { millisBetween } from '../time';
import { addDays } from './calendar';
import { newCase, parseBasis, parseParties } from './case';
import type { AgreementTrigger, EnforcementCase, Instalment, PerformanceAgreement } from './model';
import { parseFen, sumFen } from './money';

/** Court roles that record an agreement reached in mediation or enforcement. */
export const AGREEMENT_ROLES: readonly Role[] = ['clerk', 'judge', 'enforcement'];
/** Roles that record a payment against an agreement. */
export const AGREEMENT_PAYMENT_ROLES: readonly Role[] = ['enforcement'];
/** Roles that submit `checkDue`: the gateway's scheduler (a court subsystem) or an officer. */
export const CHECK_DUE_ROLES: readonly Role[] = ['subsystem', 'enforcement'];
/** Most instalments in one schedule. */
export const MAX_INSTALMENTS = 120;
/** Longest grace period, in days. */
export const MAX_GRACE_DAYS = 90;

/** A validated request for a new agreement. */
export type AgreementRequest = Pick<
    PerformanceAgreement,
    'basis' | 'creditorPseudonym' | 'debtorPseudonym' | 'amountDue' | 'instalments' | 'graceDays'
>;

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
 * Parses `{basis, creditorPseudonym, debtorPseudonym, instalments: [{dueAt, amount}], graceDays}`; the amount
 * due is the sum of the instalments (integer fen, exact).
 */
export function parseAgreementRequest(json: string): AgreementRequest {
    const p = parseActionParams(json, {
        required: ['basis', 'creditorPseudonym', 'debtorPseudonym', 'instalments', 'graceDays'],
    });
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

/** A new agreement, `proposed` until both parties consent; the first instalment must fall due after `at`. */
export function newAgreement(request: AgreementRequest, actor: Actor, at: string, txId: string): PerformanceAgreement {
    requireRole(actor, AGREEMENT_ROLES, 'record a performance agreement');
    const first = request.instalments[0];
    if (first === undefined || millisBetween(at, first.dueAt) <= 0) {
        throw new LedgerError('INVALID_ARGUMENT', 'the first instalment must fall due after the agreement', 'dueAt');
    }
    const base = { agreementId: deriveTxScopedId('ea_', txId), ...request, status: 'proposed' } as const;
    return { ...base, consents: {}, payments: [], paidTotal: 0, createdBy: principalRef(actor), createdAt: at, txId };
}

/** The text each party signs: canonical JSON of the agreement's terms (UTF-8 bytes are signed). */
export function agreementStatement(agreement: PerformanceAgreement): string {
    const { agreementId, basis, creditorPseudonym, debtorPseudonym, amountDue, instalments, graceDays } = agreement;
    return canonicalJson({ agreementId, basis, creditorPseudonym, debtorPseudonym, amountDue, instalments, graceDays });
}

/**
 * Records one party's consent: a party or agent (`FORBIDDEN_ROLE`) submits the side's signature over
 * {@link agreementStatement}, which must verify with the key registered for that side's pseudonym
 * (`KEY_NOT_FOUND` without one, `FORBIDDEN_ACTOR` for another pseudonym's key, `INVALID_SIGNATURE`). Only
 * while proposed and once per side (`INVALID_TRANSITION`). Both consents make the agreement `agreed`.
 */
export function consentToAgreement(
    agreement: PerformanceAgreement,
    side: 'creditor' | 'debtor',
    signature: string,
    key: RecipientKeyRecord | undefined,
    actor: Actor,
    at: string,
    txId: string,
): PerformanceAgreement {
    requireRole(actor, PARTY_ROLES, 'consent to a performance agreement');
    if (agreement.status !== 'proposed' || agreement.consents[side] !== undefined) {
        throw new LedgerError(
            'INVALID_TRANSITION',
            `the ${side} cannot consent to an agreement that is ${agreement.status}`,
        );
    }
    if (key === undefined) {
        throw new LedgerError('KEY_NOT_FOUND', `no signing key is registered for the ${side}`, 'signature');
    }
    const pseudonym = side === 'creditor' ? agreement.creditorPseudonym : agreement.debtorPseudonym;
    if (key.recipientPseudonym !== pseudonym) {
        throw new LedgerError('FORBIDDEN_ACTOR', `the key is not the ${side}'s`, 'signature');
    }
    if (!verifyAcknowledgement(key.publicKeyPem, agreementStatement(agreement), signature)) {
        throw new LedgerError('INVALID_SIGNATURE', `signature does not verify with the ${side}'s key`, 'signature');
    }
    const consents = { ...agreement.consents, [side]: { signature, keyFingerprint: key.fingerprint, at, txId } };
    const agreed = consents.creditor !== undefined && consents.debtor !== undefined;
    return { ...agreement, consents, status: agreed ? 'agreed' : 'proposed' };
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

/** The enforcement case number given to a case opened by an agreement's default. */
export function defaultCaseId(agreementId: string): string {
    return `${agreementId}-enf`;
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
): { readonly agreement: PerformanceAgreement; readonly opened?: EnforcementCase } {
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
