import { expect } from 'chai';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
    deriveEvidenceId,
    EVIDENCE_ID_PATTERN,
    parseOptionalMediaType,
    parseOptionalSize,
    validateEvidenceId,
} from '../../../src/domain/evidence/evidence-validation';
import { expectThrowsCode } from '../../helpers/codes';

const SHA = 'a'.repeat(64);

describe('evidence validation', () => {
    describe('deriveEvidenceId', () => {
        it('is ev_ + first 32 hex of SHA-256(caseId 0x00 sha256 0x00 sub)', () => {
            const caseId = '(2024)京0491民初123号';
            const expected = createHash('sha256')
                .update(
                    Buffer.concat([
                        Buffer.from(caseId),
                        Buffer.of(0),
                        Buffer.from(SHA),
                        Buffer.of(0),
                        Buffer.from('u1'),
                    ]),
                )
                .digest('hex')
                .slice(0, 32);
            expect(deriveEvidenceId(caseId, SHA, 'u1')).to.equal(`ev_${expected}`);
        });

        it('is deterministic, well-formed and separates its inputs', () => {
            fc.assert(
                fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
                    const id = deriveEvidenceId(a, SHA, b);
                    expect(id).to.match(EVIDENCE_ID_PATTERN);
                    expect(deriveEvidenceId(a, SHA, b)).to.equal(id);
                    expect(validateEvidenceId(id)).to.equal(id);
                }),
            );
            expect(deriveEvidenceId('ab', SHA, 'c')).to.not.equal(deriveEvidenceId('a', SHA, 'bc'));
            expect(deriveEvidenceId('c1', SHA, 'u1')).to.not.equal(deriveEvidenceId('c1', SHA, 'u2'));
        });

        it('refuses malformed evidence ids', () => {
            for (const bad of ['', 'ev_', `ev_${'A'.repeat(32)}`, `ev_${'a'.repeat(31)}`, `xx_${'a'.repeat(32)}`]) {
                expectThrowsCode(() => validateEvidenceId(bad), 'INVALID_ARGUMENT');
            }
        });
    });

    it('parses sizes', () => {
        expect(parseOptionalSize('')).to.equal(undefined);
        expect(parseOptionalSize('0')).to.equal(0);
        expect(parseOptionalSize('1048576')).to.equal(1048576);
        expect(parseOptionalSize(String(Number.MAX_SAFE_INTEGER))).to.equal(Number.MAX_SAFE_INTEGER);
        for (const bad of ['-1', '1.5', '1e3', '01', ' 1', '0x10', String(Number.MAX_SAFE_INTEGER + 1), 'abc']) {
            expectThrowsCode(() => parseOptionalSize(bad), 'INVALID_ARGUMENT');
        }
    });

    it('parses media types (RFC 6838), lowercased', () => {
        expect(parseOptionalMediaType('')).to.equal(undefined);
        expect(parseOptionalMediaType('application/pdf')).to.equal('application/pdf');
        expect(parseOptionalMediaType('Video/MP4')).to.equal('video/mp4');
        expect(
            parseOptionalMediaType('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
        ).to.equal('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
        expect(parseOptionalMediaType('image/svg+xml')).to.equal('image/svg+xml');
        for (const bad of ['pdf', 'text/plain; charset=utf-8', '/pdf', 'application/', 'a/b/c', '-x/y', 'a b/c']) {
            expectThrowsCode(() => parseOptionalMediaType(bad), 'INVALID_ARGUMENT');
        }
    });
});
