import { expect } from 'chai';
import fc from 'fast-check';
import { controlInForce, controlledValue } from '../../../src/domain/enforcement/control-rules';
import type { EnforcementCase } from '../../../src/domain/enforcement/model';
import { applyStep } from '../../../src/domain/enforcement/steps';
import { LedgerError } from '../../../src/domain/shared/errors';
import { actors, CREDITOR, detail, DIGEST, NOW, openCase } from './fixtures';

const DAY = 86_400_000;
const fen = fc.integer({ min: 1, max: 600_000 });
const controlNo = fc.integer({ min: 1, max: 6 });

/** Step requests of the kinds that move money or controls (officer steps unless noted). */
const request = fc.oneof(
    fc
        .record({
            step: fc.constant('control'),
            propertyKind: fc.constantFrom('deposit', 'deposit', 'real-estate'),
            value: fen,
            termDays: fc.integer({ min: 1, max: 400 }),
        })
        .map((r) => ({ ...r, itemSha256: DIGEST, measure: r.propertyKind === 'deposit' ? 'freeze' : 'seize' })),
    fc.record({ step: fc.constant('payment-in'), amount: fen }),
    fc.record({ step: fc.constant('payout'), amount: fen, payeePseudonym: fc.constant(CREDITOR) }),
    fc.record({ step: fc.constant('release'), controlNo, reason: fc.constant('officer-decision') }),
    fc.record({ step: fc.constant('release'), controlNo, reason: fc.constant('over-control'), value: fen }),
    fc.record({ step: fc.constant('renew-control'), controlNo, termDays: fc.integer({ min: 1, max: 400 }) }),
    fc.record({
        step: fc.constant('conclude'),
        kind: fc.constantFrom('terminated-this-round', 'terminated'),
        documentSha256: fc.constant(DIGEST),
    }),
);

/**
 * Requests sized from the case when they are applied, so the sequences hit the boundaries: a payout of the
 * balance ± 2 fen, a payment of the outstanding amount ± 2 fen, a deposit freeze of what the cap leaves ± 2 fen.
 */
const relative = fc.record({
    relativeTo: fc.constantFrom('balance', 'outstanding', 'cap'),
    delta: fc.integer({ min: -2, max: 2 }),
});

function resolve(intent: Record<string, unknown>, record: EnforcementCase, at: string): Record<string, unknown> {
    const delta = typeof intent.delta === 'number' ? intent.delta : 0;
    switch (intent.relativeTo) {
        case 'balance':
            return { step: 'payout', amount: Math.max(1, record.balance + delta), payeePseudonym: CREDITOR };
        case 'outstanding':
            return { step: 'payment-in', amount: Math.max(1, record.outstanding + delta) };
        case 'cap': {
            const left = record.outstanding + record.enforcementCosts - controlledValue(record, at);
            const value = Math.max(1, left + delta);
            return {
                step: 'control',
                propertyKind: 'deposit',
                measure: 'freeze',
                itemSha256: DIGEST,
                value,
                termDays: 365,
            };
        }
        default:
            return intent;
    }
}

/** A step after `gapDays` more days. */
const timed = fc.tuple(fc.oneof(request, relative), fc.integer({ min: 0, max: 120 }));

function checkInvariants(record: EnforcementCase, at: string): void {
    expect(record.balance).to.be.at.least(0);
    expect(record.outstanding).to.be.at.least(0);
    expect(record.balance).to.equal(record.paidIn - record.paidOut);
    expect(record.outstanding).to.equal(record.amountDue - record.paidIn);
    expect(controlledValue(record, at, true)).to.be.at.most(record.outstanding + record.enforcementCosts);
    if (record.outstanding === 0) {
        expect(record.status).to.equal('performed');
        expect(record.controls.some((control) => controlInForce(control, at))).to.be.false;
    }
}

describe('enforcement invariants (property-based)', () => {
    it('any sequence of steps keeps balance ≥ 0 and deposit controls ≤ outstanding (+ costs)', () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 2_000_000 }),
                fc.constantFrom(0, 0, 5_000),
                fc.array(timed, { maxLength: 40 }),
                (amountDue, costs, steps) => {
                    let record = openCase(amountDue, costs);
                    let time = Date.parse(NOW);
                    let recorded = 0;
                    for (const [index, [intent, gap]] of steps.entries()) {
                        time += gap * DAY;
                        const at = new Date(time).toISOString();
                        const value = resolve(intent, record, at);
                        const actor = value.step === 'conclude' ? actors.judge : actors.officer;
                        try {
                            const outcome = applyStep(record, detail(value), actor, at, `tx-${index}`);
                            record = outcome.record;
                            recorded += outcome.steps.length;
                        } catch (error) {
                            if (!(error instanceof LedgerError)) {
                                throw error;
                            }
                        }
                        checkInvariants(record, at);
                        expect(record.stepCount).to.equal(recorded);
                    }
                },
            ),
            { numRuns: 400 },
        );
    });
});
