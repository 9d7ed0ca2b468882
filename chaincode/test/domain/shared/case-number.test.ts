import { expect } from 'chai';
import { parseCaseNumberEntry } from '../../../src/domain/shared/case-number';
import { expectThrowsCode } from '../../helpers/codes';

const CLEAR = '(2026)京0491民初123号';
const SALT = '0f'.repeat(16);

/** The `caseNumber` transient field: a clear number and the salt of its key, kept only in courtPrivate. */
describe('parseCaseNumberEntry', () => {
    const table: [string, unknown, string | undefined][] = [
        ['a clear number and salt', { caseNumber: CLEAR, salt: SALT }, undefined],
        ['no salt', { caseNumber: CLEAR }, 'caseNumber'],
        ['an extra field', { caseNumber: CLEAR, salt: SALT, sub: 'x' }, 'caseNumber'],
        ['a number with a space', { caseNumber: 'C 1', salt: SALT }, 'caseNumber.caseNumber'],
        ['a number of 65 characters', { caseNumber: 'C'.repeat(65), salt: SALT }, 'caseNumber.caseNumber'],
        ['an upper-case salt', { caseNumber: CLEAR, salt: SALT.toUpperCase() }, 'caseNumber.salt'],
        ['an array', [CLEAR, SALT], 'caseNumber'],
    ];
    for (const [name, value, field] of table) {
        it(`${field === undefined ? 'accepts' : 'refuses'} ${name}`, () => {
            if (field === undefined) {
                expect(parseCaseNumberEntry(value)).to.deep.equal(value);
                return;
            }
            expectThrowsCode(() => parseCaseNumberEntry(value), 'INVALID_ARGUMENT');
            expect(() => parseCaseNumberEntry(value)).to.throw(`field=${field};`);
        });
    }
});
