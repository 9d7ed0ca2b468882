import { expect } from 'chai';
import { parseOpenCase } from '../../../src/domain/enforcement/case';
import { parseStepRequest } from '../../../src/domain/enforcement/step-request';
import type { ErrorCode } from '../../../src/domain/shared/errors';
import { expectThrowsCode } from '../../helpers/codes';
import { BUYER, CREDITOR, DEBTOR, DIGEST } from './fixtures';

const parse = (value: Record<string, unknown>) => parseStepRequest(JSON.stringify(value));

describe('enforcement step requests', () => {
    describe('money is integer fen, 1 to Number.MAX_SAFE_INTEGER', () => {
        const amounts: [unknown, boolean][] = [
            [1, true],
            [Number.MAX_SAFE_INTEGER, true],
            [0, false],
            [-1, false],
            [1.5, false],
            [0.01, false],
            [Number.MAX_SAFE_INTEGER + 1, false],
            ['100', false],
            [null, false],
            [1e21, false],
        ];
        for (const [amount, ok] of amounts) {
            it(`payment-in of ${JSON.stringify(amount)}: ${ok ? 'accepted' : 'INVALID_ARGUMENT'}`, () => {
                const call = () => parse({ step: 'payment-in', amount });
                if (ok) {
                    expect(call()).to.deep.equal({ step: 'payment-in', amount, source: 'debtor' });
                } else {
                    expectThrowsCode(call, 'INVALID_ARGUMENT');
                }
            });
        }
        it('applies the same check to every amount field', () => {
            expectThrowsCode(
                () => parse({ step: 'payout', amount: 2.5, payeePseudonym: CREDITOR }),
                'INVALID_ARGUMENT',
            );
            const valuation = { step: 'valuation', controlNo: 1, method: 'appraisal', reportSha256: DIGEST };
            expectThrowsCode(() => parse({ ...valuation, referencePrice: -100 }), 'INVALID_ARGUMENT');
        });
    });

    const refused: [string, Record<string, unknown>, ErrorCode][] = [
        ['an unknown step', { step: 'confiscate' }, 'INVALID_ARGUMENT'],
        ['an unknown field', { step: 'notice', serviceId: `sv_${'a'.repeat(32)}`, note: 'x' }, 'INVALID_ARGUMENT'],
        ['a missing field', { step: 'notice' }, 'INVALID_ARGUMENT'],
        ['a bad digest', { step: 'consumption-restriction-add', orderSha256: 'ABC' }, 'INVALID_DIGEST'],
        [
            'an unknown property kind',
            { step: 'control', propertyKind: 'crypto', itemSha256: DIGEST, value: 1, measure: 'freeze', termDays: 1 },
            'INVALID_ARGUMENT',
        ],
        ['a zero term', { step: 'renew-control', controlNo: 1, termDays: 0 }, 'INVALID_ARGUMENT'],
        ['a listing without a reason code', { step: 'trust-breaking-add', reason: 'rude' }, 'INVALID_ARGUMENT'],
        [
            'a fourth extension year',
            { step: 'trust-breaking-add', reason: 'able-but-refuses', extensionYears: 4 },
            'INVALID_ARGUMENT',
        ],
        [
            'a sold result without a price',
            { step: 'auction-result', controlNo: 1, outcome: 'sold', buyerPseudonym: BUYER },
            'INVALID_ARGUMENT',
        ],
        [
            'an unsold result with a price',
            { step: 'auction-result', controlNo: 1, outcome: 'unsold', price: 1 },
            'INVALID_ARGUMENT',
        ],
        [
            'a release reason kept for automatic steps',
            { step: 'release', controlNo: 1, reason: 'performed-in-full' },
            'INVALID_ARGUMENT',
        ],
        [
            'a start time with an offset',
            {
                step: 'auction-listed',
                controlNo: 1,
                round: 1,
                reserve: 1,
                deposit: 1,
                startAt: '2025-06-01T08:00:00+08:00',
                announcedAt: '2025-05-01T00:00:00.000Z',
            },
            'INVALID_ARGUMENT',
        ],
        ['a payee that is not a pseudonym', { step: 'payout', amount: 1, payeePseudonym: 'alice' }, 'INVALID_ARGUMENT'],
        [
            'duplicate inquiry sources',
            { step: 'property-inquiry', sources: ['bank', 'bank'], resultsSha256: DIGEST },
            'INVALID_ARGUMENT',
        ],
    ];
    for (const [name, value, code] of refused) {
        it(`refuses ${name}: ${code}`, () => {
            expectThrowsCode(() => parse(value), code);
        });
    }

    it('keeps optional fields only when given', () => {
        expect(parse({ step: 'release', controlNo: 2, reason: 'over-control', value: 10 })).to.deep.equal({
            step: 'release',
            controlNo: 2,
            reason: 'over-control',
            value: 10,
        });
        expect(parse({ step: 'trust-breaking-add', reason: 'refuses-settlement' })).to.deep.equal({
            step: 'trust-breaking-add',
            reason: 'refuses-settlement',
        });
    });

    describe('opening a case', () => {
        const base = {
            caseId: '(2025)京0491执1号',
            basis: { documentType: 'mediation-document', sha256: DIGEST, sm3: DIGEST },
            creditorPseudonym: CREDITOR,
            debtorPseudonym: DEBTOR,
            amountDue: 100,
            deadline: '2025-03-11T00:00:00.000Z',
        };
        it('parses the request with costs defaulting to 0', () => {
            expect(parseOpenCase(JSON.stringify(base))).to.deep.include({ amountDue: 100, enforcementCosts: 0 });
        });
        const bad: [string, Record<string, unknown>, ErrorCode][] = [
            ['the same pseudonym twice', { ...base, debtorPseudonym: CREDITOR }, 'INVALID_ARGUMENT'],
            ['a fractional amount', { ...base, amountDue: 99.9 }, 'INVALID_ARGUMENT'],
            ['negative costs', { ...base, enforcementCosts: -1 }, 'INVALID_ARGUMENT'],
            [
                'an unknown basis type',
                { ...base, basis: { documentType: 'letter', sha256: DIGEST } },
                'INVALID_ARGUMENT',
            ],
            ['a bad basis digest', { ...base, basis: { documentType: 'judgment', sha256: 'x' } }, 'INVALID_DIGEST'],
        ];
        for (const [name, value, code] of bad) {
            it(`refuses ${name}: ${code}`, () => {
                expectThrowsCode(() => parseOpenCase(JSON.stringify(value)), code);
            });
        }
    });
});
