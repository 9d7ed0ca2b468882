import { expect } from 'chai';
import {
    MAX_TAGS,
    parseOptionalMediaType,
    parseOptionalSize,
    parseKinds,
    parseSources,
    parseTreeSize,
    validateBatchId,
    validateCaseId,
} from '../../src/domain/validation';
import { expectThrowsCode } from '../helpers/fake-ledger';

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

    it('parses sizes', () => {
        expect(parseOptionalSize('')).to.equal(undefined);
        expect(parseOptionalSize('0')).to.equal(0);
        expect(parseOptionalSize('1048576')).to.equal(1048576);
        expect(parseOptionalSize(String(Number.MAX_SAFE_INTEGER))).to.equal(Number.MAX_SAFE_INTEGER);
        for (const bad of ['-1', '1.5', '1e3', '01', ' 1', '0x10', String(Number.MAX_SAFE_INTEGER + 1), 'abc']) {
            expectThrowsCode(() => parseOptionalSize(bad), 'INVALID_ARGUMENT');
        }
    });

    it('parses tree sizes (positive)', () => {
        expect(parseTreeSize('1')).to.equal(1);
        expect(parseTreeSize('4096')).to.equal(4096);
        for (const bad of ['0', '', '-3', '2.0']) {
            expectThrowsCode(() => parseTreeSize(bad), 'INVALID_ARGUMENT');
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

    it('validates batch ids', () => {
        expect(validateBatchId('b_2024-06-01T00:00:00.000Z')).to.equal('b_2024-06-01T00:00:00.000Z');
        for (const bad of ['', 'x'.repeat(65), 'a/b', 'a b', '京']) {
            expectThrowsCode(() => validateBatchId(bad), 'INVALID_ARGUMENT');
        }
    });

    it('parses kinds', () => {
        expect(parseKinds('[]')).to.deep.equal([]);
        expect(parseKinds('["case-file","audio.v1","x_y"]')).to.deep.equal(['case-file', 'audio.v1', 'x_y']);
        const max = JSON.stringify(Array.from({ length: MAX_TAGS }, (_, i) => `k${i}`));
        expect(parseKinds(max)).to.have.length(MAX_TAGS);
        const tooMany = JSON.stringify(Array.from({ length: MAX_TAGS + 1 }, (_, i) => `k${i}`));
        for (const bad of ['', 'not json', '{}', '"a"', '[1]', '["A"]', '[""]', '["a b"]', '["a","a"]', tooMany]) {
            expectThrowsCode(() => parseKinds(bad), 'INVALID_ARGUMENT');
        }
    });

    it('parses sources as principal ids', () => {
        expect(parseSources('["trial.subsystem","Lawyer@firm:7"]')).to.deep.equal(['trial.subsystem', 'Lawyer@firm:7']);
        for (const bad of ['[null]', '["a/b"]', `["${'a'.repeat(129)}"]`, '["x","x"]', '"x"']) {
            expectThrowsCode(() => parseSources(bad), 'INVALID_ARGUMENT');
        }
    });
});
