import { expect } from 'chai';
import type { ErrorCode } from '../../../src/domain/shared/errors';
import type { AuctionRound, PropertyKind } from '../../../src/domain/enforcement/model';
import {
    checkAnnouncement,
    checkAuctionDeposit,
    checkFirstRoundReserve,
    checkListingRemoval,
    checkPaymentIn,
    checkPayout,
    checkReAuctionReserve,
    checkSalePrice,
    listingUntil,
    nextAuctionRound,
    saleAtPriceAllowed,
} from '../../../src/domain/enforcement/rules';
import { expectThrowsCode } from '../../helpers/codes';
import { CREDITOR, DEBTOR } from './fixtures';

/** A rule table row: description, the call, and undefined (accepted) or the refusal code. */
type Row = [string, () => unknown, ErrorCode | undefined];

function table(rows: readonly Row[]): void {
    for (const [name, call, code] of rows) {
        it(`${name}: ${code ?? 'accepted'}`, () => {
            if (code === undefined) {
                expect(call).not.to.throw();
            } else {
                expectThrowsCode(call, code);
            }
        });
    }
}

const MAX = Number.MAX_SAFE_INTEGER;

describe('enforcement rules', () => {
    describe('first-round reserve ≥ 70 % of the reference price (Online Judicial Auctions 2016, Art. 10)', () => {
        table([
            [
                '69.99 % (6999 of 10000)',
                () => {
                    checkFirstRoundReserve(6999, 10_000);
                },
                'RESERVE_TOO_LOW',
            ],
            [
                '70 % exactly',
                () => {
                    checkFirstRoundReserve(7000, 10_000);
                },
                undefined,
            ],
            [
                'above the reference price',
                () => {
                    checkFirstRoundReserve(12_000, 10_000);
                },
                undefined,
            ],
            [
                '1 fen on a reference price of 1 fen',
                () => {
                    checkFirstRoundReserve(1, 1);
                },
                undefined,
            ],
            [
                '70 % of 3 fen is 2.1: 2 fen is too low',
                () => {
                    checkFirstRoundReserve(2, 3);
                },
                'RESERVE_TOO_LOW',
            ],
            [
                '70 % of 3 fen is 2.1: 3 fen is enough',
                () => {
                    checkFirstRoundReserve(3, 3);
                },
                undefined,
            ],
            // 70 % of 9007199254740991 is 6305039478318693.7: exact integer arithmetic, no floating point.
            [
                '6305039478318693 on the safe-integer limit',
                () => {
                    checkFirstRoundReserve(6_305_039_478_318_693, MAX);
                },
                'RESERVE_TOO_LOW',
            ],
            [
                '6305039478318694 on the safe-integer limit',
                () => {
                    checkFirstRoundReserve(6_305_039_478_318_694, MAX);
                },
                undefined,
            ],
        ]);
    });

    describe('re-auction reserve cut ≤ 20 % (Online Judicial Auctions 2016, Art. 26)', () => {
        table([
            [
                'cut 20 % (8000 of 10000)',
                () => {
                    checkReAuctionReserve(8000, 10_000);
                },
                undefined,
            ],
            [
                'cut 20.01 % (7999 of 10000)',
                () => {
                    checkReAuctionReserve(7999, 10_000);
                },
                'REDUCTION_TOO_LARGE',
            ],
            [
                'no cut',
                () => {
                    checkReAuctionReserve(10_000, 10_000);
                },
                undefined,
            ],
            [
                'cut 50 %',
                () => {
                    checkReAuctionReserve(5000, 10_000);
                },
                'REDUCTION_TOO_LARGE',
            ],
        ]);
    });

    describe('deposit 5 %–20 % of the reserve (Online Judicial Auctions 2016, Art. 17)', () => {
        table([
            [
                '4.99 %',
                () => {
                    checkAuctionDeposit(499, 10_000);
                },
                'DEPOSIT_OUT_OF_RANGE',
            ],
            [
                '5 %',
                () => {
                    checkAuctionDeposit(500, 10_000);
                },
                undefined,
            ],
            [
                '20 %',
                () => {
                    checkAuctionDeposit(2000, 10_000);
                },
                undefined,
            ],
            [
                '20.01 %',
                () => {
                    checkAuctionDeposit(2001, 10_000);
                },
                'DEPOSIT_OUT_OF_RANGE',
            ],
            [
                'equal to the reserve',
                () => {
                    checkAuctionDeposit(10_000, 10_000);
                },
                'DEPOSIT_OUT_OF_RANGE',
            ],
        ]);
    });

    describe('announcement period (Online Judicial Auctions 2016, Art. 12, 26)', () => {
        const start = '2025-06-30T02:00:00.000Z';
        const daysBefore = (days: number, extraMs = 0) =>
            new Date(Date.parse(start) - days * 86_400_000 + extraMs).toISOString();
        const rows: [PropertyKind, 1 | 2, number][] = [
            ['movable', 1, 15],
            ['vehicle', 1, 15],
            ['real-estate', 1, 30],
            ['equity', 1, 30],
            ['other', 1, 30],
            ['movable', 2, 7],
            ['vehicle', 2, 7],
            ['real-estate', 2, 15],
            ['equity', 2, 15],
        ];
        for (const [kind, round, days] of rows) {
            table([
                [
                    `${kind} round ${round}: ${days} days`,
                    () => {
                        checkAnnouncement(kind, round, daysBefore(days), start);
                    },
                    undefined,
                ],
                [
                    `${kind} round ${round}: ${days} days less 1 ms`,
                    () => {
                        checkAnnouncement(kind, round, daysBefore(days, 1), start);
                    },
                    'ANNOUNCEMENT_TOO_SHORT',
                ],
            ]);
        }
    });

    describe('round sequence: re-auction only after unsold, no third round (Online Judicial Auctions 2016, Art. 26)', () => {
        const round = (n: 1 | 2, outcome?: AuctionRound['outcome']): AuctionRound => ({
            round: n,
            reserve: 10_000,
            deposit: 1000,
            startAt: '2025-06-30T02:00:00.000Z',
            announcedAt: '2025-05-01T00:00:00.000Z',
            listedAt: '2025-05-01T00:00:00.000Z',
            ...(outcome === undefined ? {} : { outcome }),
        });
        const cases: [string, AuctionRound[], 1 | 2 | ErrorCode][] = [
            ['nothing listed yet', [], 1],
            ['after a withdrawn first round', [round(1, 'withdrawn')], 1],
            ['after an unsold first round', [round(1, 'unsold')], 2],
            ['after a withdrawn second round', [round(1, 'unsold'), round(2, 'withdrawn')], 2],
            ['after the second unsold round', [round(1, 'unsold'), round(2, 'unsold')], 'NO_FURTHER_AUCTION'],
            ['while a round awaits its result', [round(1)], 'INVALID_TRANSITION'],
            ['after a sale', [round(1, 'sold')], 'INVALID_TRANSITION'],
        ];
        for (const [name, auctions, expected] of cases) {
            it(`${name}: ${expected}`, () => {
                if (typeof expected === 'number') {
                    expect(nextAuctionRound(auctions)).to.equal(expected);
                } else {
                    expectThrowsCode(() => nextAuctionRound(auctions), expected);
                }
            });
        }
        it('allows sale at a price only after the second unsold round', () => {
            expect(saleAtPriceAllowed([round(1, 'unsold'), round(2, 'unsold')])).to.be.true;
            expect(saleAtPriceAllowed([round(1, 'unsold')])).to.be.false;
            expect(saleAtPriceAllowed([round(1, 'unsold'), round(2, 'withdrawn')])).to.be.false;
            expect(saleAtPriceAllowed([])).to.be.false;
        });
    });

    describe('sale price at or above the reserve (Online Judicial Auctions 2016, Art. 10)', () => {
        table([
            [
                'one fen below',
                () => {
                    checkSalePrice(9999, 10_000);
                },
                'PRICE_BELOW_RESERVE',
            ],
            [
                'at the reserve',
                () => {
                    checkSalePrice(10_000, 10_000);
                },
                undefined,
            ],
        ]);
    });

    describe('case account: one account per case, payouts only to the creditor', () => {
        const figures = { paidIn: 5000, paidOut: 1000, balance: 4000, outstanding: 995_000 };
        table([
            [
                'payout of the whole balance',
                () => {
                    checkPayout(figures, 4000, CREDITOR, CREDITOR);
                },
                undefined,
            ],
            [
                'payout 1 fen over the balance',
                () => {
                    checkPayout(figures, 4001, CREDITOR, CREDITOR);
                },
                'INSUFFICIENT_BALANCE',
            ],
            [
                'payout to the debtor',
                () => {
                    checkPayout(figures, 1, DEBTOR, CREDITOR);
                },
                'PAYEE_NOT_CREDITOR',
            ],
            [
                'payment-in of the whole outstanding amount',
                () => {
                    checkPaymentIn(figures, 995_000);
                },
                undefined,
            ],
            [
                'payment-in 1 fen over the outstanding amount',
                () => {
                    checkPaymentIn(figures, 995_001);
                },
                'OVERPAYMENT',
            ],
        ]);
    });

    describe('trust-breaking listing period and removal (Dishonest Debtors 2017, Art. 2, 10)', () => {
        const listedAt = '2025-03-20T00:00:00.000Z';
        const listing = { reason: 'able-but-refuses', listedAt, until: listingUntil(listedAt) } as const;
        it('lists for 2 years, extended by 1-3 years', () => {
            expect(listingUntil(listedAt)).to.equal('2027-03-20T00:00:00.000Z');
            expect(listingUntil(listedAt, 3)).to.equal('2030-03-20T00:00:00.000Z');
        });
        const open = { outstanding: 10, open: true, at: '2026-01-01T00:00:00.000Z' };
        table([
            [
                'performed-in-full with money outstanding',
                () => {
                    checkListingRemoval(listing, 'performed-in-full', open);
                },
                'INVALID_TRANSITION',
            ],
            [
                'performed-in-full when nothing is outstanding',
                () => {
                    checkListingRemoval(listing, 'performed-in-full', { ...open, outstanding: 0 });
                },
                undefined,
            ],
            [
                'case-concluded while open',
                () => {
                    checkListingRemoval(listing, 'case-concluded', open);
                },
                'INVALID_TRANSITION',
            ],
            [
                'case-concluded after conclusion',
                () => {
                    checkListingRemoval(listing, 'case-concluded', { ...open, open: false });
                },
                undefined,
            ],
            [
                'period-ended 1 ms early',
                () => {
                    checkListingRemoval(listing, 'period-ended', { ...open, at: '2027-03-19T23:59:59.999Z' });
                },
                'INVALID_TRANSITION',
            ],
            [
                'period-ended at its end',
                () => {
                    checkListingRemoval(listing, 'period-ended', { ...open, at: listing.until });
                },
                undefined,
            ],
            [
                'settlement-performed (judge finding)',
                () => {
                    checkListingRemoval(listing, 'settlement-performed', open);
                },
                undefined,
            ],
        ]);
    });
});
