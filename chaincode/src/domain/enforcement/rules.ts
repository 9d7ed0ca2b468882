/**
 * Auction, case-account and listing rules of enforcement, each a named pure function that throws a
 * {@link LedgerError} with the rule's own code (answered as 409) when the rule is broken. Control rules
 * (terms, over-control) are in control-rules.ts.
 */
import { LedgerError } from '../shared/errors';
import { millisBetween } from '../shared/time';
import { addYears, DAY_MS } from './calendar';
import type { AuctionRound, CaseFigures, PropertyKind, TrustBreakingListing, TrustBreakingRemoval } from './model';
import { atLeastShare, atMostShare } from './money';

/**
 * First-round reserve (starting) price: at least 70 % of the valuation's reference price.
 * Source: SPC Provisions on Online Judicial Auctions (2016), Art. 10. Else `RESERVE_TOO_LOW`.
 */
export function checkFirstRoundReserve(reserve: number, referencePrice: number): void {
    if (!atLeastShare(reserve, referencePrice, 70, 100)) {
        throw new LedgerError(
            'RESERVE_TOO_LOW',
            `reserve ${reserve} is below 70 % of the reference price ${referencePrice}`,
            'reserve',
        );
    }
}

/**
 * Re-auction reserve: at least 80 % of the previous round's reserve (a cut of at most 20 %).
 * Source: SPC Provisions on Online Judicial Auctions (2016), Art. 26. Else `REDUCTION_TOO_LARGE`.
 */
export function checkReAuctionReserve(reserve: number, previousReserve: number): void {
    if (!atLeastShare(reserve, previousReserve, 80, 100)) {
        throw new LedgerError(
            'REDUCTION_TOO_LARGE',
            `reserve ${reserve} cuts the previous reserve ${previousReserve} by more than 20 %`,
            'reserve',
        );
    }
}

/**
 * The round the next listing of an item must be, from its earlier rounds: 1 until a round ends `unsold`;
 * 2 (re-auction) after one unsold round. A withdrawn round is listed again as the same round. Refuses a listing
 * while a round awaits its result or after a sale (`INVALID_TRANSITION`), and any listing after the second
 * unsold round: no third online round, only sale at a price (`NO_FURTHER_AUCTION`).
 * Source: SPC Provisions on Online Judicial Auctions (2016), Art. 26.
 */
export function nextAuctionRound(auctions: readonly AuctionRound[]): 1 | 2 {
    if (auctions.some((round) => round.outcome === undefined)) {
        throw new LedgerError('INVALID_TRANSITION', 'an auction round of this item is awaiting its result');
    }
    if (auctions.some((round) => round.outcome === 'sold')) {
        throw new LedgerError('INVALID_TRANSITION', 'this item is already sold');
    }
    const unsold = auctions.filter((round) => round.outcome === 'unsold').length;
    if (unsold >= 2) {
        throw new LedgerError(
            'NO_FURTHER_AUCTION',
            'two online rounds went unsold: no third round, only sale at a price',
            'round',
        );
    }
    return unsold === 0 ? 1 : 2;
}

/**
 * True when an item may be sold at a price (变卖): its second online round ended unsold and nothing is pending.
 * Source: SPC Provisions on Online Judicial Auctions (2016), Art. 26.
 */
export function saleAtPriceAllowed(auctions: readonly AuctionRound[]): boolean {
    const last = auctions.at(-1);
    return last?.round === 2 && last.outcome === 'unsold';
}

/**
 * Auction deposit (保证金): 5 % to 20 % of the reserve (starting) price, both ends included.
 * Source: SPC Provisions on Online Judicial Auctions (2016), Art. 17. Else `DEPOSIT_OUT_OF_RANGE`.
 */
export function checkAuctionDeposit(deposit: number, reserve: number): void {
    if (!atLeastShare(deposit, reserve, 5, 100) || !atMostShare(deposit, reserve, 20, 100)) {
        throw new LedgerError(
            'DEPOSIT_OUT_OF_RANGE',
            `deposit ${deposit} is not between 5 % and 20 % of the reserve ${reserve}`,
            'deposit',
        );
    }
}

/**
 * True for movables (动产): `movable` and `vehicle`. Real estate, equity and other property rights are not.
 * Deposits are never auctioned (they are transferred).
 */
export function isMovable(kind: PropertyKind): boolean {
    return kind === 'movable' || kind === 'vehicle';
}

/**
 * Minimum days between announcement and auction start: first round 15 (movables) / 30 (real estate and other
 * property rights); re-auction 7 / 15. Source: SPC Provisions on Online Judicial Auctions (2016), Art. 12, 26.
 */
export function minimumAnnouncementDays(kind: PropertyKind, round: 1 | 2): number {
    if (round === 1) {
        return isMovable(kind) ? 15 : 30;
    }
    return isMovable(kind) ? 7 : 15;
}

/**
 * The announcement precedes the start by at least {@link minimumAnnouncementDays} whole days (24 h each;
 * exactly that many days is enough, one millisecond less is not). Else `ANNOUNCEMENT_TOO_SHORT`.
 * Source: SPC Provisions on Online Judicial Auctions (2016), Art. 12, 26.
 */
export function checkAnnouncement(kind: PropertyKind, round: 1 | 2, announcedAt: string, startAt: string): void {
    const days = minimumAnnouncementDays(kind, round);
    if (millisBetween(announcedAt, startAt) < days * DAY_MS) {
        throw new LedgerError(
            'ANNOUNCEMENT_TOO_SHORT',
            `round ${round} of this item must be announced at least ${days} days before it starts`,
            'announcedAt',
        );
    }
}

/**
 * A sale in an online auction is at or above the starting price: bidding starts at the reserve.
 * Source: SPC Provisions on Online Judicial Auctions (2016), Art. 10 (the reserve is the starting price).
 * Else `PRICE_BELOW_RESERVE`.
 */
export function checkSalePrice(price: number, reserve: number): void {
    if (price < reserve) {
        throw new LedgerError('PRICE_BELOW_RESERVE', `price ${price} is below the reserve ${reserve}`, 'price');
    }
}

/**
 * A payment into the case account may not exceed what the debtor still owes (the account holds only this
 * case's money; a surplus is returned outside it). Else `OVERPAYMENT`.
 * Source: one account per enforcement case (legal-rules.md, Enforcement).
 */
export function checkPaymentIn(figures: CaseFigures, amount: number): void {
    if (amount > figures.outstanding) {
        throw new LedgerError(
            'OVERPAYMENT',
            `payment ${amount} exceeds the outstanding amount ${figures.outstanding}`,
            'amount',
        );
    }
}

/**
 * A payout goes only to the case's creditor (`PAYEE_NOT_CREDITOR`) and never takes the account below zero:
 * the balance itself may be paid out, one fen more may not (`INSUFFICIENT_BALANCE`).
 * Source: one account per enforcement case, payouts only to the entitled creditor (legal-rules.md, Enforcement).
 */
export function checkPayout(figures: CaseFigures, amount: number, payeePseudonym: string, creditor: string): void {
    if (payeePseudonym !== creditor) {
        throw new LedgerError('PAYEE_NOT_CREDITOR', "payouts go only to the case's creditor", 'payeePseudonym');
    }
    if (amount > figures.balance) {
        throw new LedgerError(
            'INSUFFICIENT_BALANCE',
            `payout ${amount} exceeds the case account balance ${figures.balance}`,
            'amount',
        );
    }
}

/** Listing period in years, before any extension. */
export const LISTING_YEARS = 2;

/**
 * End of a trust-breaking listing: 2 years after listing, extended by 1–3 years in serious cases
 * (`extensionYears`). Source: SPC Provisions on Publishing the List of Dishonest Judgment Debtors (2017), Art. 2.
 */
export function listingUntil(listedAt: string, extensionYears = 0): string {
    return addYears(listedAt, LISTING_YEARS + extensionYears);
}

/** What {@link checkListingRemoval} looks at. */
export interface RemovalContext {
    readonly outstanding: number;
    readonly open: boolean;
    readonly at: string;
}

/**
 * Removal from the list only on an Art. 10 ground that holds: `performed-in-full` when nothing is outstanding,
 * `case-concluded` once the case is no longer open, `period-ended` once the listing period has run,
 * `settlement-performed` on the judge's finding. Else `INVALID_TRANSITION`.
 * Source: SPC Provisions on Publishing the List of Dishonest Judgment Debtors (2017), Art. 10.
 */
export function checkListingRemoval(
    listing: TrustBreakingListing,
    reason: TrustBreakingRemoval,
    context: RemovalContext,
): void {
    const holds =
        reason === 'settlement-performed' ||
        (reason === 'performed-in-full' && context.outstanding === 0) ||
        (reason === 'case-concluded' && !context.open) ||
        (reason === 'period-ended' && millisBetween(listing.until, context.at) >= 0);
    if (!holds) {
        throw new LedgerError('INVALID_TRANSITION', `removal ground ${reason} does not hold`, 'reason');
    }
}
