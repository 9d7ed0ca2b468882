import { expect } from 'chai';
import type { Actor } from '../../../src/domain/shared/actor';
import { STEP_KINDS, type EnforcementCase, type StepKind } from '../../../src/domain/enforcement/model';
import { STEP_RULES } from '../../../src/domain/enforcement/step-table';
import { PERFORMED_IN_FULL } from '../../../src/domain/enforcement/steps';
import { expectThrowsCode } from '../../helpers/codes';
import { actors, after, BUYER, control, CREDITOR, DIGEST, NOW, openCase, SERVICE_ID, step } from './fixtures';

const DAY = 86_400_000;
const days = (n: number, from = NOW) => new Date(Date.parse(from) + n * DAY).toISOString();

/** A request of each kind that parses (rules may still refuse it). */
const SAMPLE: Record<StepKind, Record<string, unknown>> = {
    notice: { step: 'notice', serviceId: SERVICE_ID },
    'property-inquiry': { step: 'property-inquiry', sources: ['bank'], resultsSha256: DIGEST },
    control: control(),
    'renew-control': { step: 'renew-control', controlNo: 1, termDays: 30 },
    release: { step: 'release', controlNo: 1, reason: 'officer-decision' },
    valuation: { step: 'valuation', controlNo: 1, method: 'appraisal', referencePrice: 800_000, reportSha256: DIGEST },
    'auction-listed': {
        step: 'auction-listed',
        controlNo: 1,
        round: 1,
        reserve: 560_000,
        deposit: 56_000,
        startAt: days(31),
        announcedAt: days(1),
    },
    'auction-result': { step: 'auction-result', controlNo: 1, outcome: 'withdrawn' },
    'sale-at-price': { step: 'sale-at-price', controlNo: 1, price: 100, buyerPseudonym: BUYER },
    'payment-in': { step: 'payment-in', amount: 100 },
    payout: { step: 'payout', amount: 1, payeePseudonym: CREDITOR },
    'trust-breaking-add': { step: 'trust-breaking-add', reason: 'able-but-refuses' },
    'trust-breaking-remove': { step: 'trust-breaking-remove', reason: 'settlement-performed' },
    'consumption-restriction-add': { step: 'consumption-restriction-add', orderSha256: DIGEST },
    'consumption-restriction-remove': { step: 'consumption-restriction-remove', reason: 'officer-decision' },
    conclude: { step: 'conclude', kind: 'terminated', documentSha256: DIGEST },
};

/** The error code `call` throws, or 'none'. */
function codeOf(call: () => unknown): string {
    try {
        call();
        return 'none';
    } catch (error) {
        return error instanceof Error ? (error.message.split(':')[0] ?? '') : 'non-error';
    }
}

/** A real-estate item under control, valued at 800 000 fen. */
function valued(): EnforcementCase {
    const seized = after(openCase(), control({ value: 700_000 }));
    return after(seized, SAMPLE.valuation);
}

describe('enforcement steps', () => {
    describe('roles: every step by every role (a 403 code, never a rule code)', () => {
        const all: Actor[] = Object.values(actors);
        for (const kind of STEP_KINDS) {
            for (const actor of all) {
                const allowed = STEP_RULES[kind].roles.includes(actor.role);
                it(`${kind} by ${actor.role}: ${allowed ? 'passes the role check' : 'FORBIDDEN_ROLE'}`, () => {
                    const call = () => step(valued(), SAMPLE[kind], actor);
                    if (allowed) {
                        expect(codeOf(call)).not.to.match(/^FORBIDDEN_/);
                    } else {
                        expectThrowsCode(call, 'FORBIDDEN_ROLE');
                    }
                });
            }
        }
        it('parties and agents record no step at all; the platform only auction results', () => {
            for (const kind of STEP_KINDS) {
                expect(STEP_RULES[kind].roles).not.to.include('party');
                expect(STEP_RULES[kind].roles).not.to.include('agent');
                expect(STEP_RULES[kind].roles.includes('subsystem')).to.equal(kind === 'auction-result');
            }
        });
    });

    it('open → notice → inquiry → control ×2 → valuation → unsold → re-auction sold → paid: performed in one transaction', () => {
        let record = openCase(1_000_000);
        record = after(record, SAMPLE.notice);
        record = after(record, SAMPLE['property-inquiry']);
        record = after(record, control({ propertyKind: 'deposit', measure: 'freeze', value: 300_000 }));
        record = after(record, control({ value: 700_000, termDays: 1095 }));
        record = after(record, { ...SAMPLE.valuation, controlNo: 2 });
        record = after(record, SAMPLE['consumption-restriction-add']);
        record = after(record, SAMPLE['trust-breaking-add'], actors.judge);
        record = after(record, { ...SAMPLE['auction-listed'], controlNo: 2 });
        record = after(record, { step: 'auction-result', controlNo: 2, outcome: 'unsold' }, actors.platform, days(32));
        const relist = { step: 'auction-listed', controlNo: 2, round: 2, reserve: 448_000, deposit: 44_800 };
        record = after(record, { ...relist, announcedAt: days(33), startAt: days(48) }, actors.officer, days(33));
        const sold = { step: 'auction-result', controlNo: 2, outcome: 'sold', price: 700_000, buyerPseudonym: BUYER };
        record = after(record, sold, actors.platform, days(49));
        record = after(
            record,
            { step: 'payment-in', amount: 700_000, source: 'auction-proceeds' },
            actors.officer,
            days(50),
        );
        expect(record).to.include({ status: 'open', paidIn: 700_000, outstanding: 300_000, balance: 700_000 });
        expect(record.controls.map((c) => c.state)).to.deep.equal(['in-force', 'sold']);

        const final = step(record, { step: 'payment-in', amount: 300_000 }, actors.officer, days(51));
        expect(final.record).to.include({ status: 'performed', paidIn: 1_000_000, outstanding: 0, balance: 1_000_000 });
        expect(final.record.controls.map((c) => c.state)).to.deep.equal(['released', 'sold']);
        expect(final.record.trustBreaking).to.equal(undefined);
        expect(final.record.consumptionRestriction).to.equal(undefined);
        expect(final.steps.map((s) => [s.step, s.automatic])).to.deep.equal([
            ['payment-in', false],
            ['conclude', true],
            ['release', true],
            ['trust-breaking-remove', true],
            ['consumption-restriction-remove', true],
        ]);
        expect(new Set(final.steps.map((s) => s.txId)).size).to.equal(1);
        expect(final.steps.slice(1).every((s) => s.trigger === PERFORMED_IN_FULL)).to.be.true;
        expect(final.steps.map((s) => s.seq)).to.deep.equal([13, 14, 15, 16, 17]);
        expect(final.record.stepCount).to.equal(17);

        const paidOut = after(final.record, { step: 'payout', amount: 1_000_000, payeePseudonym: CREDITOR });
        expect(paidOut).to.include({ balance: 0, paidOut: 1_000_000 });
        expectThrowsCode(() => step(paidOut, SAMPLE['payment-in']), 'INVALID_TRANSITION');
    });

    it('refuses a second deposit freeze that would over-control, and accepts one at the cap', () => {
        const first = after(
            openCase(1_000_000),
            control({ propertyKind: 'deposit', measure: 'freeze', value: 600_000 }),
        );
        expectThrowsCode(
            () => step(first, control({ propertyKind: 'deposit', measure: 'freeze', value: 400_001 })),
            'OVER_CONTROL',
        );
        const second = after(first, control({ propertyKind: 'deposit', measure: 'freeze', value: 400_000 }));
        expect(second.controls).to.have.length(2);
    });

    it('flags an indivisible item above the cap controlled with the stated reason', () => {
        const record = after(
            openCase(100_000),
            control({ value: 5_000_000, overControlReason: 'indivisible-no-other-property' }),
        );
        expect(record.controls[0]?.overControlReason).to.equal('indivisible-no-other-property');
        expectThrowsCode(() => step(openCase(100_000), control({ value: 5_000_000 })), 'OVER_CONTROL');
    });

    it('releases the deposit excess automatically when a payment lowers the cap', () => {
        const frozen = after(
            openCase(1_000_000),
            control({ propertyKind: 'deposit', measure: 'freeze', value: 1_000_000 }),
        );
        const paid = step(frozen, { step: 'payment-in', amount: 400_000 });
        expect(paid.steps.map((s) => s.step)).to.deep.equal(['payment-in', 'release']);
        expect(paid.steps[1]).to.include({ automatic: true, controlNo: 1, value: 400_000, reason: 'over-control' });
        expect(paid.record.controls[0]).to.include({ value: 600_000, state: 'in-force' });
    });

    it('refuses a payout 1 fen over the balance and a payout to anyone but the creditor', () => {
        const paid = after(openCase(), { step: 'payment-in', amount: 5000 });
        expectThrowsCode(
            () => step(paid, { step: 'payout', amount: 5001, payeePseudonym: CREDITOR }),
            'INSUFFICIENT_BALANCE',
        );
        expectThrowsCode(() => step(paid, { step: 'payout', amount: 1, payeePseudonym: BUYER }), 'PAYEE_NOT_CREDITOR');
        expect(after(paid, { step: 'payout', amount: 5000, payeePseudonym: CREDITOR }).balance).to.equal(0);
        expectThrowsCode(() => step(paid, { step: 'payment-in', amount: 995_001 }), 'OVERPAYMENT');
    });

    describe('auctions through steps', () => {
        it('refuses a first reserve at 69.99 % of the valuation and a first round without one', () => {
            expectThrowsCode(
                () => step(valued(), { ...SAMPLE['auction-listed'], reserve: 559_920, deposit: 55_992 }),
                'RESERVE_TOO_LOW',
            );
            const unvalued = after(openCase(), control());
            expectThrowsCode(() => step(unvalued, SAMPLE['auction-listed']), 'INVALID_TRANSITION');
        });
        it('refuses a re-auction before an unsold round, a 20.01 % cut, a third round; then allows only sale at a price', () => {
            expectThrowsCode(() => step(valued(), { ...SAMPLE['auction-listed'], round: 2 }), 'INVALID_TRANSITION');
            let record = after(valued(), SAMPLE['auction-listed']);
            expectThrowsCode(() => step(record, SAMPLE['sale-at-price']), 'INVALID_TRANSITION');
            record = after(
                record,
                { step: 'auction-result', controlNo: 1, outcome: 'unsold' },
                actors.platform,
                days(31),
            );
            const second = { step: 'auction-listed', controlNo: 1, round: 2, announcedAt: days(32), startAt: days(47) };
            expectThrowsCode(
                () => step(record, { ...second, reserve: 447_999, deposit: 44_800 }, actors.officer, days(32)),
                'REDUCTION_TOO_LARGE',
            );
            expectThrowsCode(
                () =>
                    step(
                        record,
                        {
                            ...second,
                            reserve: 448_000,
                            deposit: 44_800,
                            announcedAt: days(32, '2025-03-20T00:00:00.001Z'),
                        },
                        actors.officer,
                        days(32),
                    ),
                'ANNOUNCEMENT_TOO_SHORT',
            );
            record = after(record, { ...second, reserve: 448_000, deposit: 44_800 }, actors.officer, days(32));
            record = after(
                record,
                { step: 'auction-result', controlNo: 1, outcome: 'unsold' },
                actors.platform,
                days(47),
            );
            expectThrowsCode(
                () => step(record, { ...second, round: 3, reserve: 400_000, deposit: 40_000 }),
                'NO_FURTHER_AUCTION',
            );
            expectThrowsCode(
                () => step(record, { ...second, reserve: 400_000, deposit: 40_000 }),
                'NO_FURTHER_AUCTION',
            );
            const sale = after(record, SAMPLE['sale-at-price'], actors.officer, days(48));
            expect(sale.controls[0]?.state).to.equal('sold');
        });
        it('refuses a deposit of 20.01 % and a sale below the reserve', () => {
            expectThrowsCode(
                () => step(valued(), { ...SAMPLE['auction-listed'], deposit: 112_001 }),
                'DEPOSIT_OUT_OF_RANGE',
            );
            const listed = after(valued(), SAMPLE['auction-listed']);
            const low = {
                step: 'auction-result',
                controlNo: 1,
                outcome: 'sold',
                price: 559_999,
                buyerPseudonym: BUYER,
            };
            expectThrowsCode(() => step(listed, low, actors.platform, days(31)), 'PRICE_BELOW_RESERVE');
            expectThrowsCode(
                () => step(listed, { ...low, price: 560_000 }, actors.platform, days(30)),
                'INVALID_TRANSITION',
            );
        });
    });

    describe('conclusion and status', () => {
        const listed = () =>
            after(after(valued(), SAMPLE['trust-breaking-add'], actors.judge), SAMPLE['consumption-restriction-add']);
        it('terminated-this-round keeps controls, listing and restriction; later steps limited to the table', () => {
            const parked = after(listed(), { ...SAMPLE.conclude, kind: 'terminated-this-round' }, actors.judge);
            expect(parked.status).to.equal('terminated-this-round');
            expect(parked.controls[0]?.state).to.equal('in-force');
            expect(parked.trustBreaking).not.to.equal(undefined);
            expect(after(parked, SAMPLE['renew-control']).controls[0]?.expiresAt).to.equal(days(395));
            expectThrowsCode(() => step(parked, SAMPLE['payment-in']), 'INVALID_TRANSITION');
            expectThrowsCode(() => step(parked, SAMPLE.conclude, actors.judge), 'INVALID_TRANSITION');
        });
        it('terminated releases every control, removes the listing and lifts the restriction in the same transaction', () => {
            const done = step(listed(), SAMPLE.conclude, actors.judge);
            expect(done.record.status).to.equal('terminated');
            expect(done.steps.map((s) => s.step)).to.deep.equal([
                'conclude',
                'release',
                'trust-breaking-remove',
                'consumption-restriction-remove',
            ]);
            expect(done.record.controls[0]?.state).to.equal('released');
        });
        it('lists for able-but-refuses only after the voluntary period, once', () => {
            expectThrowsCode(
                () => step(openCase(), SAMPLE['trust-breaking-add'], actors.judge, '2025-03-05T00:00:00.000Z'),
                'INVALID_TRANSITION',
            );
            const once = after(openCase(), SAMPLE['trust-breaking-add'], actors.judge);
            expectThrowsCode(() => step(once, SAMPLE['trust-breaking-add'], actors.judge), 'INVALID_TRANSITION');
            expectThrowsCode(
                () => step(once, { step: 'trust-breaking-remove', reason: 'performed-in-full' }, actors.judge),
                'INVALID_TRANSITION',
            );
        });
        it('refuses to release part of an indivisible item or an expired control', () => {
            expectThrowsCode(() => step(valued(), { ...SAMPLE.release, value: 1 }), 'INVALID_ARGUMENT');
            expectThrowsCode(() => step(valued(), SAMPLE.release, actors.officer, days(366)), 'INVALID_TRANSITION');
            expectThrowsCode(
                () => step(valued(), SAMPLE['renew-control'], actors.officer, days(365)),
                'INVALID_TRANSITION',
            );
        });
    });
});
