/**
 * Steps on controlled property: control, renewal, release, valuation, auction listing and result, sale at a
 * price. Each takes the case and a parsed step, applies the rules and returns the case with that control
 * updated. Who may act is checked before (step-table.ts).
 */
import { LedgerError } from '../shared/errors';
import { millisBetween } from '../shared/time';
import { addDays } from './calendar';
import { checkControlTerm, checkMeasure, checkOverControl, controlInForce, renewedExpiry } from './control-rules';
import type { AuctionRound, ControlRecord, EnforcementCase, StepDetail } from './model';
import {
    checkAnnouncement,
    checkAuctionDeposit,
    checkFirstRoundReserve,
    checkReAuctionReserve,
    checkSalePrice,
    nextAuctionRound,
    saleAtPriceAllowed,
} from './rules';

type Detail<K extends StepDetail['step']> = Extract<StepDetail, { step: K }>;

/** The control numbered `controlNo`, else `INVALID_ARGUMENT` (field `controlNo`). */
export function findControl(record: EnforcementCase, controlNo: number): ControlRecord {
    const control = record.controls.find((candidate) => candidate.controlNo === controlNo);
    if (control === undefined) {
        throw new LedgerError('INVALID_ARGUMENT', `the case has no control ${controlNo}`, 'controlNo');
    }
    return control;
}

/** `record` with control `updated` put in place of the one with its number. */
export function replaceControl(record: EnforcementCase, updated: ControlRecord): EnforcementCase {
    const controls = record.controls.map((c) => (c.controlNo === updated.controlNo ? updated : c));
    return { ...record, controls };
}

function inForce(control: ControlRecord, at: string): ControlRecord {
    if (!controlInForce(control, at)) {
        throw new LedgerError('INVALID_TRANSITION', `control ${control.controlNo} is not in force`);
    }
    return control;
}

function auctionable(record: EnforcementCase, controlNo: number, at: string): ControlRecord {
    const control = inForce(findControl(record, controlNo), at);
    if (control.propertyKind === 'deposit') {
        throw new LedgerError('INVALID_ARGUMENT', 'deposits are transferred, not valued or auctioned', 'controlNo');
    }
    return control;
}

function pendingRound(control: ControlRecord): AuctionRound | undefined {
    return control.auctions.find((round) => round.outcome === undefined);
}

/** A new control: measure fits the kind, term within the limit, no over-control (control-rules.ts). */
export function applyControl(record: EnforcementCase, step: Detail<'control'>, at: string): EnforcementCase {
    checkMeasure(step.propertyKind, step.measure);
    const expiresAt = addDays(at, step.termDays);
    checkControlTerm(step.propertyKind, at, expiresAt);
    const flag = checkOverControl(record, step.propertyKind, step.value, step.overControlReason, at);
    const control: ControlRecord = {
        controlNo: record.controls.length + 1,
        propertyKind: step.propertyKind,
        itemSha256: step.itemSha256,
        measure: step.measure,
        value: step.value,
        startedAt: at,
        expiresAt,
        state: 'in-force',
        ...(flag === undefined ? {} : { overControlReason: flag }),
        auctions: [],
    };
    return { ...record, controls: [...record.controls, control] };
}

/** Renewal before expiry for at most the same longest term. */
export function applyRenewal(record: EnforcementCase, step: Detail<'renew-control'>, at: string): EnforcementCase {
    const control = findControl(record, step.controlNo);
    return replaceControl(record, { ...control, expiresAt: renewedExpiry(control, at, step.termDays) });
}

/**
 * Release of a control in force, or of part of a deposit freeze (`value` below the frozen amount). Not while an
 * auction round of the item awaits its result (`INVALID_TRANSITION`).
 */
export function applyRelease(record: EnforcementCase, step: Detail<'release'>, at: string): EnforcementCase {
    const control = inForce(findControl(record, step.controlNo), at);
    if (pendingRound(control) !== undefined) {
        throw new LedgerError('INVALID_TRANSITION', 'an auction round of this item is awaiting its result');
    }
    const value = step.value ?? control.value;
    if (value > control.value || (value < control.value && control.propertyKind !== 'deposit')) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            'only part of a deposit freeze, up to its value, can be released',
            'value',
        );
    }
    const updated: ControlRecord =
        value === control.value ? { ...control, state: 'released' } : { ...control, value: control.value - value };
    return replaceControl(record, updated);
}

/** A valuation of an auctionable item, before its first round is listed or after a withdrawn first round. */
export function applyValuation(record: EnforcementCase, step: Detail<'valuation'>, at: string): EnforcementCase {
    const control = auctionable(record, step.controlNo, at);
    if (nextAuctionRound(control.auctions) !== 1) {
        throw new LedgerError('INVALID_TRANSITION', 'the item was already offered at auction on this valuation');
    }
    const { method, referencePrice, reportSha256 } = step;
    return replaceControl(record, { ...control, valuation: { method, referencePrice, reportSha256, at } });
}

/**
 * An auction round listed: the round is the next one due (`nextAuctionRound`; asking for a round 2 that is not
 * due is `INVALID_TRANSITION`, a third `NO_FURTHER_AUCTION`), the reserve, deposit and announcement rules hold,
 * and the auction starts after this transaction (`INVALID_ARGUMENT`).
 */
export function applyListing(record: EnforcementCase, step: Detail<'auction-listed'>, at: string): EnforcementCase {
    const control = auctionable(record, step.controlNo, at);
    const round = nextAuctionRound(control.auctions);
    if (step.round !== round) {
        if (step.round > 2) {
            throw new LedgerError('NO_FURTHER_AUCTION', 'there is no third online auction round', 'round');
        }
        throw new LedgerError('INVALID_TRANSITION', `the next round of this item is round ${round}`, 'round');
    }
    if (round === 1) {
        if (control.valuation === undefined) {
            throw new LedgerError('INVALID_TRANSITION', 'a first auction needs a valuation of the item');
        }
        checkFirstRoundReserve(step.reserve, control.valuation.referencePrice);
    } else {
        const previous = control.auctions.filter((r) => r.outcome === 'unsold').at(-1);
        checkReAuctionReserve(step.reserve, previous?.reserve ?? step.reserve);
    }
    checkAuctionDeposit(step.deposit, step.reserve);
    checkAnnouncement(control.propertyKind, round, step.announcedAt, step.startAt);
    if (millisBetween(at, step.startAt) <= 0) {
        throw new LedgerError('INVALID_ARGUMENT', 'the auction must start after it is listed', 'startAt');
    }
    const { reserve, deposit, startAt, announcedAt } = step;
    const listed: AuctionRound = { round, reserve, deposit, startAt, announcedAt, listedAt: at };
    return replaceControl(record, { ...control, auctions: [...control.auctions, listed] });
}

/** The result of the round awaiting one; `sold` or `unsold` only once the auction has started. */
export function applyResult(record: EnforcementCase, step: Detail<'auction-result'>, at: string): EnforcementCase {
    const control = findControl(record, step.controlNo);
    const pending = pendingRound(control);
    if (pending === undefined) {
        throw new LedgerError('INVALID_TRANSITION', 'no auction round of this item awaits a result');
    }
    if (step.outcome !== 'withdrawn' && millisBetween(pending.startAt, at) < 0) {
        throw new LedgerError('INVALID_TRANSITION', 'the auction has not started yet');
    }
    let closed: AuctionRound = { ...pending, outcome: step.outcome };
    if (step.outcome === 'sold' && step.price !== undefined && step.buyerPseudonym !== undefined) {
        checkSalePrice(step.price, pending.reserve);
        closed = { ...closed, price: step.price, buyerPseudonym: step.buyerPseudonym };
    }
    const auctions = control.auctions.map((round) => (round === pending ? closed : round));
    return replaceControl(record, { ...control, auctions, state: step.outcome === 'sold' ? 'sold' : control.state });
}

/** Sale at a price (变卖): only after the second online round went unsold. */
export function applySaleAtPrice(record: EnforcementCase, step: Detail<'sale-at-price'>, at: string): EnforcementCase {
    const control = auctionable(record, step.controlNo, at);
    if (!saleAtPriceAllowed(control.auctions)) {
        throw new LedgerError('INVALID_TRANSITION', 'sale at a price only after the second auction round went unsold');
    }
    return replaceControl(record, { ...control, state: 'sold' });
}
