import { expect } from 'chai';
import { validateCaseId, validatePseudonym } from '../../../src/domain/shared/validation';
import { expectThrowsCode } from '../../helpers/codes';

describe('validation', () => {
    it('accepts ASCII and Chinese case numbers', () => {
        for (const ok of [
            '(2024)京0491民初123号',
            'C-1',
            '2024/civil:17',
            'a.b_c',
            '〇',
            'x'.repeat(64),
            '京'.repeat(64),
        ]) {
            expect(validateCaseId(ok)).to.equal(ok);
        }
    });

    it('refuses bad case ids', () => {
        const bad = [
            '',
            'x'.repeat(65),
            '京'.repeat(65),
            'has space',
            'semi;colon',
            '（2024）京0491民初1号', // full-width parentheses
            'ｘ', // full-width latin
            'a\u0000b',
            'émile',
            '\uFA10', // CJK compatibility ideograph (not NFC)
            '😀',
        ];
        for (const value of bad) {
            expectThrowsCode(() => validateCaseId(value), 'INVALID_ARGUMENT');
        }
    });

    it('validates pseudonyms (64 lowercase hex), naming the field', () => {
        expect(validatePseudonym('0a'.repeat(32))).to.equal('0a'.repeat(32));
        expect(() => validatePseudonym('0A'.repeat(32))).to.throw(/^INVALID_ARGUMENT: field=recipientPseudonym; /);
        expect(() => validatePseudonym('0a', 'respondentPseudonym')).to.throw(
            /^INVALID_ARGUMENT: field=respondentPseudonym; /,
        );
    });
});
