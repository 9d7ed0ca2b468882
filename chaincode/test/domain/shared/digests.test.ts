import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { parseDigestAlgorithm, validateDigest, validateOptionalDigest } from '../../../src/domain/shared/digests';
import { LedgerError } from '../../../src/domain/shared/errors';
import { expectThrowsCode } from '../../helpers/codes';

const SHA = 'a'.repeat(64);

function thrown(fn: () => unknown): Error {
    try {
        fn();
    } catch (error) {
        return error as Error;
    }
    return expect.fail('expected an error');
}

describe('digests', () => {
    describe('validateDigest', () => {
        it('accepts 64 lowercase hex characters', () => {
            const digest = createHash('sha256').update('x').digest('hex');
            expect(validateDigest(digest, 'sha256')).to.equal(digest);
            expect(validateDigest('0123456789abcdef'.repeat(4), 'sm3')).to.have.length(64);
        });

        const bad: [string, string][] = [
            ['uppercase', 'A'.repeat(64)],
            ['63 characters', 'a'.repeat(63)],
            ['65 characters', 'a'.repeat(65)],
            ['non-hex', 'g'.repeat(64)],
            ['empty', ''],
            ['0x prefix', `0x${'a'.repeat(62)}`],
            ['trailing newline', `${'a'.repeat(64)}\n`],
        ];
        for (const [name, value] of bad) {
            it(`refuses ${name} with INVALID_DIGEST naming the field`, () => {
                const error = thrown(() => validateDigest(value, 'rootHash'));
                expect(error).to.be.instanceOf(LedgerError);
                expect(error).to.include({ code: 'INVALID_DIGEST', field: 'rootHash' });
                expect(error.message).to.match(/^INVALID_DIGEST: field=rootHash; rootHash /);
            });
        }

        it('treats empty as none only in the optional form', () => {
            expect(validateOptionalDigest('', 'sm3')).to.equal(undefined);
            expect(validateOptionalDigest(SHA, 'sm3')).to.equal(SHA);
            expectThrowsCode(() => validateOptionalDigest('abc', 'sm3'), 'INVALID_DIGEST');
        });
    });

    it('parses digest algorithms', () => {
        expect(parseDigestAlgorithm('sha256')).to.equal('sha256');
        expect(parseDigestAlgorithm('sm3')).to.equal('sm3');
        for (const bad of ['SHA256', 'md5', '', 'sha-256']) {
            expectThrowsCode(() => parseDigestAlgorithm(bad), 'INVALID_ARGUMENT');
        }
    });
});
