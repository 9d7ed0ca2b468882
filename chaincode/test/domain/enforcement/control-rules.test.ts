import { expect } from 'chai';
import { addDays, addYears } from '../../../src/domain/enforcement/calendar';
import {
    checkControlTerm,
    checkMeasure,
    checkOverControl,
    controlInForce,
    controlledValue,
    excessDepositReleases,
    maxControlYears,
    renewedExpiry,
} from '../../../src/domain/enforcement/control-rules';
import type {
    ControlMeasure,
    ControlRecord,
    EnforcementCase,
    PropertyKind,
} from '../../../src/domain/enforcement/model';
import { expectThrowsCode } from '../../helpers/codes';
import { DIGEST, openCase } from './fixtures';

function controlOf(kind: PropertyKind, value: number, startedAt: string, expiresAt: string, no = 1): ControlRecord {
    return {
        controlNo: no,
        propertyKind: kind,
        itemSha256: DIGEST,
        measure: 'freeze',
        value,
        startedAt,
        expiresAt,
        state: 'in-force',
        auctions: [],
    };
}

function withControls(record: EnforcementCase, controls: ControlRecord[]): EnforcementCase {
    return { ...record, controls };
}

describe('enforcement control rules (Seizure provisions 2004/2020)', () => {
    describe('term per control (Art. 29 as amended 2020)', () => {
        const cases: [PropertyKind, 1 | 2 | 3][] = [
            ['deposit', 1],
            ['movable', 2],
            ['vehicle', 2],
            ['real-estate', 3],
            ['equity', 3],
            ['other', 3],
        ];
        for (const [kind, years] of cases) {
            it(`${kind}: at most ${years} year(s)`, () => {
                expect(maxControlYears(kind)).to.equal(years);
                const start = '2025-03-01T00:00:00.000Z';
                expect(() => {
                    checkControlTerm(kind, start, addYears(start, years));
                }).not.to.throw();
                expectThrowsCode(() => {
                    checkControlTerm(kind, start, addDays(addYears(start, years), 1));
                }, 'TERM_TOO_LONG');
            });
        }
        it('deposit freeze from 2025-03-01: day 365 allowed, day 366 refused', () => {
            const start = '2025-03-01T00:00:00.000Z';
            expect(() => {
                checkControlTerm('deposit', start, addDays(start, 365));
            }).not.to.throw();
            expectThrowsCode(() => {
                checkControlTerm('deposit', start, addDays(start, 366));
            }, 'TERM_TOO_LONG');
        });
        it('deposit freeze from 2023-03-01 spans 29 Feb 2024: day 366 allowed, day 367 refused', () => {
            const start = '2023-03-01T00:00:00.000Z';
            expect(() => {
                checkControlTerm('deposit', start, addDays(start, 366));
            }).not.to.throw();
            expectThrowsCode(() => {
                checkControlTerm('deposit', start, addDays(start, 367));
            }, 'TERM_TOO_LONG');
        });
        it('a control started on 29 February runs to 28 February', () => {
            expect(addYears('2024-02-29T08:00:00.000Z', 1)).to.equal('2025-02-28T08:00:00.000Z');
            expect(addYears('2024-02-29T08:00:00.000Z', 4)).to.equal('2028-02-29T08:00:00.000Z');
        });
    });

    describe('renewal before expiry for at most the same term (Art. 29)', () => {
        const control = controlOf('deposit', 100, '2025-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z');
        it('renews from the current expiry by up to one year for a deposit', () => {
            expect(renewedExpiry(control, '2026-02-01T00:00:00.000Z', 365)).to.equal('2027-03-01T00:00:00.000Z');
            expectThrowsCode(() => renewedExpiry(control, '2026-02-01T00:00:00.000Z', 366), 'TERM_TOO_LONG');
        });
        it('refuses renewal at or after expiry: an expired control counts as released', () => {
            expectThrowsCode(() => renewedExpiry(control, '2026-03-01T00:00:00.000Z', 30), 'INVALID_TRANSITION');
            expect(controlInForce(control, '2026-02-28T23:59:59.999Z')).to.be.true;
            expect(controlInForce(control, '2026-03-01T00:00:00.000Z')).to.be.false;
            expect(controlInForce({ ...control, state: 'released' }, '2025-04-01T00:00:00.000Z')).to.be.false;
        });
    });

    describe('measure by kind of property', () => {
        const rows: [PropertyKind, ControlMeasure, boolean][] = [
            ['deposit', 'freeze', true],
            ['deposit', 'seize', false],
            ['equity', 'freeze', true],
            ['equity', 'detain', false],
            ['real-estate', 'seize', true],
            ['real-estate', 'detain', false],
            ['vehicle', 'detain', true],
            ['movable', 'freeze', false],
            ['other', 'detain', true],
        ];
        for (const [kind, measure, fits] of rows) {
            it(`${kind} under ${measure}: ${fits ? 'accepted' : 'INVALID_ARGUMENT'}`, () => {
                if (fits) {
                    expect(() => {
                        checkMeasure(kind, measure);
                    }).not.to.throw();
                } else {
                    expectThrowsCode(() => {
                        checkMeasure(kind, measure);
                    }, 'INVALID_ARGUMENT');
                }
            });
        }
    });

    describe('no over-control (Art. 19)', () => {
        const at = '2025-03-20T00:00:00.000Z';
        const until = '2026-03-01T00:00:00.000Z';
        const record = openCase(1_000_000, 20_000); // cap 1 020 000
        it('deposits up to the outstanding amount plus costs, not 1 fen more', () => {
            expect(checkOverControl(record, 'deposit', 1_020_000, undefined, at)).to.equal(undefined);
            expectThrowsCode(() => checkOverControl(record, 'deposit', 1_020_001, undefined, at), 'OVER_CONTROL');
        });
        it('counts controls already in force, but not released or expired ones', () => {
            const held = withControls(record, [controlOf('deposit', 1_000_000, at, until)]);
            expectThrowsCode(() => checkOverControl(held, 'deposit', 20_001, undefined, at), 'OVER_CONTROL');
            expect(checkOverControl(held, 'deposit', 20_000, undefined, at)).to.equal(undefined);
            const expired = withControls(record, [controlOf('deposit', 1_000_000, at, until)]);
            expect(checkOverControl(expired, 'deposit', 1_020_000, undefined, until)).to.equal(undefined);
        });
        it('an indivisible item above the cap only with the stated reason, which is returned as its flag', () => {
            expectThrowsCode(() => checkOverControl(record, 'real-estate', 3_000_000, undefined, at), 'OVER_CONTROL');
            expect(checkOverControl(record, 'real-estate', 3_000_000, 'indivisible-no-other-property', at)).to.equal(
                'indivisible-no-other-property',
            );
            expectThrowsCode(
                () => checkOverControl(record, 'deposit', 3_000_000, 'indivisible-no-other-property', at),
                'OVER_CONTROL',
            );
        });
        it('releases the deposit excess newest first after the cap fell', () => {
            const paid = { ...record, paidIn: 900_000, balance: 900_000, outstanding: 100_000 }; // cap 120 000
            const held = withControls(paid, [
                controlOf('deposit', 100_000, at, until, 1),
                controlOf('real-estate', 500_000, at, until, 2),
                controlOf('deposit', 50_000, at, until, 3),
            ]);
            expect(controlledValue(held, at, true)).to.equal(150_000);
            expect(excessDepositReleases(held, at)).to.deep.equal([{ controlNo: 3, value: 30_000 }]);
            const deeper = { ...held, outstanding: 10_000, enforcementCosts: 0 };
            expect(excessDepositReleases(deeper, at)).to.deep.equal([
                { controlNo: 3, value: 50_000 },
                { controlNo: 1, value: 90_000 },
            ]);
        });
    });
});
