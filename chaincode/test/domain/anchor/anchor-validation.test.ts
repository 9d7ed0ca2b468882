import { expect } from 'chai';
import {
    MAX_TAGS,
    parseKinds,
    parseSources,
    parseTreeSize,
    validateBatchId,
} from '../../../src/domain/anchor/anchor-validation';
import { expectThrowsCode } from '../../helpers/codes';

describe('anchor validation', () => {
    it('parses tree sizes (positive)', () => {
        expect(parseTreeSize('1')).to.equal(1);
        expect(parseTreeSize('4096')).to.equal(4096);
        for (const bad of ['0', '', '-3', '2.0']) {
            expectThrowsCode(() => parseTreeSize(bad), 'INVALID_ARGUMENT');
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
