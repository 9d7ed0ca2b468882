/**
 * Rules on controls (freeze, seizure, detention): terms, renewal, over-control, measure per property kind.
 * Source: SPC Provisions on Seizure, Detention and Freezing of Property in Civil Enforcement (2004, amended
 * 2020), "the seizure provisions" below.
 */
import { LedgerError } from '../shared/errors';
import { millisBetween } from '../shared/time';
import { addDays, addYears } from './calendar';
import type { ControlMeasure, ControlRecord, EnforcementCase, OverControlReason, PropertyKind } from './model';

/**
 * Longest term of one control, in years: bank deposits 1, movables (`movable`, `vehicle`) 2, real estate and
 * other property rights (`real-estate`, `equity`, `other`) 3. Source: the seizure provisions, Art. 29 (2020).
 */
export function maxControlYears(kind: PropertyKind): 1 | 2 | 3 {
    switch (kind) {
        case 'deposit':
            return 1;
        case 'movable':
        case 'vehicle':
            return 2;
        case 'real-estate':
        case 'equity':
        case 'other':
            return 3;
    }
}

/**
 * A control's term, from `startAt` to `expiresAt`, is at most {@link maxControlYears} calendar years (to the
 * same instant that many years later, UTC): a deposit frozen on 2025-03-01 may run 365 days, not 366; one
 * frozen on 2023-03-01 may run 366 days (2024 is a leap year). Else `TERM_TOO_LONG`.
 * Source: the seizure provisions, Art. 29 (2020).
 */
export function checkControlTerm(kind: PropertyKind, startAt: string, expiresAt: string): void {
    const years = maxControlYears(kind);
    if (millisBetween(addYears(startAt, years), expiresAt) > 0) {
        throw new LedgerError(
            'TERM_TOO_LONG',
            `a control of ${kind} may run at most ${years} year${years === 1 ? '' : 's'} per term`,
            'termDays',
        );
    }
}

/**
 * True while a control is in force at `at`: not released or sold, and not past its expiry. An expired control
 * counts as released. Source: the seizure provisions, Art. 29 (2020).
 */
export function controlInForce(control: ControlRecord, at: string): boolean {
    return control.state === 'in-force' && millisBetween(at, control.expiresAt) > 0;
}

/**
 * Renewal (续行) of `control` at `at` for `termDays` more days from its current expiry: only while it is in
 * force (`INVALID_TRANSITION`: an expired control counts as released and cannot be renewed), for at most the
 * same longest term (`TERM_TOO_LONG`). Returns the new expiry.
 * Source: the seizure provisions, Art. 29 (2020).
 */
export function renewedExpiry(control: ControlRecord, at: string, termDays: number): string {
    if (!controlInForce(control, at)) {
        throw new LedgerError(
            'INVALID_TRANSITION',
            `control ${control.controlNo} is not in force: it cannot be renewed`,
        );
    }
    const expiresAt = addDays(control.expiresAt, termDays);
    checkControlTerm(control.propertyKind, control.expiresAt, expiresAt);
    return expiresAt;
}

const MEASURES: Readonly<Record<PropertyKind, readonly ControlMeasure[]>> = {
    deposit: ['freeze'],
    equity: ['freeze'],
    'real-estate': ['seize', 'freeze'],
    vehicle: ['seize', 'detain'],
    movable: ['seize', 'detain'],
    other: ['freeze', 'seize', 'detain'],
};

/**
 * The measure fits the property: deposits and equity are frozen; real estate seized (or its rights frozen);
 * vehicles and movables seized or detained; other property any. Else `INVALID_ARGUMENT` (field `measure`).
 * Source: the seizure provisions (measures by kind of property).
 */
export function checkMeasure(kind: PropertyKind, measure: ControlMeasure): void {
    if (!MEASURES[kind].includes(measure)) {
        throw new LedgerError('INVALID_ARGUMENT', `${kind} cannot be put under ${measure}`, 'measure');
    }
}

/** What controls may cover: the outstanding amount plus enforcement costs (seizure provisions, Art. 19). */
export function overControlCap(record: EnforcementCase): number {
    return record.outstanding + record.enforcementCosts;
}

/** Total value of the controls in force at `at`, optionally only those on deposits. */
export function controlledValue(record: EnforcementCase, at: string, depositsOnly = false): number {
    return record.controls
        .filter((control) => controlInForce(control, at) && (!depositsOnly || control.propertyKind === 'deposit'))
        .reduce((sum, control) => sum + control.value, 0);
}

/**
 * No over-control: a new control's value must fit within the cap ({@link overControlCap}) less the value of
 * controls already in force. Above it, a deposit (divisible) is always refused, and an indivisible item only
 * with the stated reason that the debtor has nothing else (`OVER_CONTROL` otherwise). Returns the reason to
 * record as the control's flag when the exception was used, else undefined.
 * Source: the seizure provisions, Art. 19.
 */
export function checkOverControl(
    record: EnforcementCase,
    kind: PropertyKind,
    value: number,
    reason: OverControlReason | undefined,
    at: string,
): OverControlReason | undefined {
    const remaining = overControlCap(record) - controlledValue(record, at);
    if (value <= remaining) {
        return undefined;
    }
    if (kind === 'deposit' || reason === undefined) {
        throw new LedgerError(
            'OVER_CONTROL',
            `controls would exceed the outstanding amount and costs by ${value - Math.max(remaining, 0)}`,
            'value',
        );
    }
    return reason;
}

/**
 * Deposit freezes to release, newest first, so that deposits in force no longer exceed the cap after a
 * payment lowered it: each `{controlNo, value}` releases `value` of that control (all of it, or the excess).
 * Source: the seizure provisions, Art. 19 (an excess must be released).
 */
export function excessDepositReleases(
    record: EnforcementCase,
    at: string,
): readonly { readonly controlNo: number; readonly value: number }[] {
    let excess = controlledValue(record, at, true) - overControlCap(record);
    const releases: { controlNo: number; value: number }[] = [];
    const deposits = record.controls.filter((c) => c.propertyKind === 'deposit' && controlInForce(c, at));
    for (const control of [...deposits].reverse()) {
        if (excess <= 0) {
            break;
        }
        const value = Math.min(excess, control.value);
        releases.push({ controlNo: control.controlNo, value });
        excess -= value;
    }
    return releases;
}
