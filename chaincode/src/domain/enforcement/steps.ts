/**
 * Applying a step to an enforcement case, including the smart-contract rules that emit further steps in the
 * same transaction: full performance concludes the case and winds it up; a payment that leaves deposits
 * over-controlled releases the excess.
 */
import { principalRef, type Actor } from '../shared/actor';
import { LedgerError } from '../shared/errors';
import { millisBetween } from '../shared/time';
import { figures } from './case';
import { controlInForce, excessDepositReleases } from './control-rules';
import type { EnforcementCase, EnforcementStep, StepDetail, StepOutcome } from './model';
import {
    applyControl,
    applyListing,
    applyRelease,
    applyRenewal,
    applyResult,
    applySaleAtPrice,
    applyValuation,
} from './property-steps';
import { checkListingRemoval, checkPaymentIn, checkPayout, listingUntil } from './rules';
import { authoriseStep } from './step-table';

/** Trigger text of the steps emitted when the case is performed in full. */
export const PERFORMED_IN_FULL = 'performed in full';
/** Trigger text of the steps emitted when a judge concludes a case. */
export const CASE_CONCLUDED = 'case concluded';
/** Trigger text of the releases emitted when a payment leaves deposit freezes above the cap. */
export const OVER_CONTROL_AFTER_PAYMENT = 'over-control after payment';

type Detail<K extends StepDetail['step']> = Extract<StepDetail, { step: K }>;

function applyMoney(record: EnforcementCase, step: Detail<'payment-in' | 'payout'>): EnforcementCase {
    if (step.step === 'payment-in') {
        checkPaymentIn(record, step.amount);
        return { ...record, ...figures(record.amountDue, record.paidIn + step.amount, record.paidOut) };
    }
    checkPayout(record, step.amount, step.payeePseudonym, record.creditorPseudonym);
    return { ...record, ...figures(record.amountDue, record.paidIn, record.paidOut + step.amount) };
}

function applyListingStep(
    record: EnforcementCase,
    step: Detail<'trust-breaking-add' | 'trust-breaking-remove'>,
    at: string,
): EnforcementCase {
    if (step.step === 'trust-breaking-add') {
        if (record.trustBreaking !== undefined) {
            throw new LedgerError('INVALID_TRANSITION', 'the debtor is already listed in this case');
        }
        if (step.reason === 'able-but-refuses' && millisBetween(record.deadline, at) <= 0) {
            throw new LedgerError('INVALID_TRANSITION', 'the period for voluntary performance has not ended', 'reason');
        }
        const until = listingUntil(at, step.extensionYears);
        return { ...record, trustBreaking: { reason: step.reason, listedAt: at, until } };
    }
    if (record.trustBreaking === undefined) {
        throw new LedgerError('INVALID_TRANSITION', 'the debtor is not listed in this case');
    }
    const context = { outstanding: record.outstanding, open: record.status === 'open', at };
    checkListingRemoval(record.trustBreaking, step.reason, context);
    return { ...record, trustBreaking: undefined };
}

function applyRestriction(
    record: EnforcementCase,
    step: Detail<'consumption-restriction-add' | 'consumption-restriction-remove'>,
    at: string,
): EnforcementCase {
    if (step.step === 'consumption-restriction-add') {
        if (record.consumptionRestriction !== undefined) {
            throw new LedgerError('INVALID_TRANSITION', 'a consumption restriction is already in force');
        }
        return { ...record, consumptionRestriction: { orderSha256: step.orderSha256, at } };
    }
    if (record.consumptionRestriction === undefined) {
        throw new LedgerError('INVALID_TRANSITION', 'no consumption restriction is in force');
    }
    if (
        (step.reason === 'performed-in-full' && record.outstanding > 0) ||
        (step.reason === 'case-concluded' && record.status === 'open')
    ) {
        throw new LedgerError('INVALID_TRANSITION', `ground ${step.reason} does not hold`, 'reason');
    }
    return { ...record, consumptionRestriction: undefined };
}

/** Applies the effect of one requested step (rules included), without the automatic follow-ups. */
function applyDetail(record: EnforcementCase, step: StepDetail, at: string): EnforcementCase {
    switch (step.step) {
        case 'notice':
        case 'property-inquiry':
            return record;
        case 'control':
            return applyControl(record, step, at);
        case 'renew-control':
            return applyRenewal(record, step, at);
        case 'release':
            return applyRelease(record, step, at);
        case 'valuation':
            return applyValuation(record, step, at);
        case 'auction-listed':
            return applyListing(record, step, at);
        case 'auction-result':
            return applyResult(record, step, at);
        case 'sale-at-price':
            return applySaleAtPrice(record, step, at);
        case 'payment-in':
        case 'payout':
            return applyMoney(record, step);
        case 'trust-breaking-add':
        case 'trust-breaking-remove':
            return applyListingStep(record, step, at);
        case 'consumption-restriction-add':
        case 'consumption-restriction-remove':
            return applyRestriction(record, step, at);
        case 'conclude': {
            const conclusion = {
                kind: step.kind,
                at,
                ...(step.documentSha256 ? { documentSha256: step.documentSha256 } : {}),
            };
            return { ...record, status: step.kind, conclusion };
        }
    }
}

/**
 * Winds a concluded case up: every control in force released, the debtor removed from the list, the
 * consumption restriction lifted — each its own step, with `reason` as its ground. Returns the case and the
 * emitted step details, in that order.
 */
function windUp(
    record: EnforcementCase,
    reason: 'performed-in-full' | 'case-concluded',
    at: string,
): { record: EnforcementCase; details: StepDetail[] } {
    const details: StepDetail[] = record.controls
        .filter((control) => controlInForce(control, at))
        .map((control) => ({ step: 'release', controlNo: control.controlNo, reason }));
    if (record.trustBreaking !== undefined) {
        details.push({ step: 'trust-breaking-remove', reason });
    }
    if (record.consumptionRestriction !== undefined) {
        details.push({ step: 'consumption-restriction-remove', reason });
    }
    const controls = record.controls.map((c) => (controlInForce(c, at) ? { ...c, state: 'released' as const } : c));
    return { record: { ...record, controls, trustBreaking: undefined, consumptionRestriction: undefined }, details };
}

/** The automatic steps `step` triggers on `record` (already updated by it), with the case after them. */
function followUps(
    record: EnforcementCase,
    step: StepDetail,
    at: string,
): { record: EnforcementCase; details: StepDetail[]; trigger: string } {
    if (step.step === 'payment-in' && record.outstanding === 0) {
        const performed: EnforcementCase = { ...record, status: 'performed', conclusion: { kind: 'performed', at } };
        const wound = windUp(performed, 'performed-in-full', at);
        return {
            ...wound,
            details: [{ step: 'conclude', kind: 'performed' }, ...wound.details],
            trigger: PERFORMED_IN_FULL,
        };
    }
    if (step.step === 'payment-in') {
        let updated = record;
        const details: StepDetail[] = [];
        for (const { controlNo, value } of excessDepositReleases(record, at)) {
            const release: StepDetail = { step: 'release', controlNo, reason: 'over-control', value };
            updated = applyRelease(updated, release, at);
            details.push(release);
        }
        return { record: updated, details, trigger: OVER_CONTROL_AFTER_PAYMENT };
    }
    if (step.step === 'conclude' && step.kind !== 'terminated-this-round') {
        const reason = step.kind === 'performed' ? 'performed-in-full' : 'case-concluded';
        return {
            ...windUp(record, reason, at),
            trigger: step.kind === 'performed' ? PERFORMED_IN_FULL : CASE_CONCLUDED,
        };
    }
    return { record, details: [], trigger: '' };
}

/**
 * Applies `step` to `record` by `actor` in transaction `txId` at `at` (the transaction time). Checks the role
 * and status (step-table.ts), then the step's rules (rules.ts, control-rules.ts, property-steps.ts), and
 * derives the figures. Smart-contract rules run in the same call, so their steps share the transaction:
 * - a `payment-in` that brings the outstanding amount to zero concludes the case `performed` and releases
 *   every control in force, removes the debtor from the trust-breaking list and lifts the consumption
 *   restriction, each as an automatic step with the trigger "performed in full";
 * - a `payment-in` that leaves deposit freezes above the outstanding amount plus costs releases the excess;
 * - a `conclude` other than `terminated-this-round` winds the case up the same way (controls stay in force
 *   after 终结本次执行).
 * Returns the updated case (its `stepCount` advanced) and the step records, the requested step first.
 */
export function applyStep(
    record: EnforcementCase,
    step: StepDetail,
    actor: Actor,
    at: string,
    txId: string,
): StepOutcome {
    authoriseStep(record.status, step.step, actor);
    const applied = applyDetail(record, step, at);
    const follow = followUps(applied, step, at);
    const base = { caseId: record.caseId, actor: principalRef(actor), at, txId };
    const steps: EnforcementStep[] = [
        { ...step, ...base, seq: record.stepCount + 1, automatic: false },
        ...follow.details.map((detail, index) => ({
            ...detail,
            ...base,
            seq: record.stepCount + 2 + index,
            automatic: true,
            trigger: follow.trigger,
        })),
    ];
    return { record: { ...follow.record, stepCount: record.stepCount + steps.length }, steps };
}
