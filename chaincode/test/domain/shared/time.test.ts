import { expect } from 'chai';
import { isoTimestamp, millisBetween, parseIsoTimestamp } from '../../../src/domain/shared/time';

describe('isoTimestamp', () => {
    it('formats seconds and nanos as ISO 8601 UTC, truncating below milliseconds', () => {
        expect(isoTimestamp(0, 0)).to.equal('1970-01-01T00:00:00.000Z');
        expect(isoTimestamp(1_700_000_000, 999_999_999)).to.equal('2023-11-14T22:13:20.999Z');
        expect(isoTimestamp(1_700_000_000, 1_500_000)).to.equal('2023-11-14T22:13:20.001Z');
    });

    it('refuses malformed timestamps', () => {
        expect(() => isoTimestamp(1.5, 0)).to.throw(RangeError);
        expect(() => isoTimestamp(0, -1)).to.throw(RangeError);
        expect(() => isoTimestamp(0, 1e9)).to.throw(RangeError);
        expect(() => isoTimestamp(Number.MAX_SAFE_INTEGER, 0)).to.throw(RangeError);
    });
});

describe('parseIsoTimestamp', () => {
    it('accepts exactly the isoTimestamp spelling', () => {
        expect(parseIsoTimestamp('2024-06-10T06:13:20.250Z', 'at')).to.equal('2024-06-10T06:13:20.250Z');
        expect(parseIsoTimestamp(isoTimestamp(1_700_000_000, 1), 'at')).to.equal('2023-11-14T22:13:20.000Z');
    });

    for (const bad of [
        '',
        '2024-06-10T06:13:20Z',
        '2024-06-10T06:13:20.25Z',
        '2024-06-10T06:13:20.250+08:00',
        '2024-06-10 06:13:20.250Z',
        '2024-02-30T00:00:00.000Z',
        '2024-13-01T00:00:00.000Z',
        '2024-06-10T24:00:00.000Z',
        ' 2024-06-10T06:13:20.250Z',
    ]) {
        it(`refuses ${JSON.stringify(bad)} with INVALID_ARGUMENT naming the field`, () => {
            expect(() => parseIsoTimestamp(bad, 'acknowledgedAt')).to.throw(
                /^INVALID_ARGUMENT: field=acknowledgedAt; /,
            );
        });
    }

    it('measures milliseconds between two times', () => {
        expect(millisBetween('2024-06-10T06:13:20.250Z', '2024-06-10T06:23:20.250Z')).to.equal(600_000);
        expect(millisBetween('2024-06-10T06:13:20.250Z', '2024-06-10T06:13:20.000Z')).to.equal(-250);
    });
});
