/**
 * Commit-time validation of a block's transactions, in order (Fabric's MVCC validator): a transaction is
 * valid only if everything it read is still what it saw, against the committed state and against the
 * writes of the valid transactions before it in the same block.
 */
import type { ValidationCode } from './envelope';
import type { CollectionRwSet, RangeRead, TxRwSet } from './rwset';
import { compareKeys } from './sorted-keys';
import { sameVersion, type WorldState } from './state-db';

/** Validates the transactions of one block, in block order. */
export class BlockValidator {
    /** Keys written by the valid transactions validated so far, by collection ('' = public). */
    private readonly written = new Map<string, Set<string>>();

    constructor(private readonly state: WorldState) {}

    /** Validates the next transaction; when valid, its writes count against the ones after it. */
    validate(rw: TxRwSet): ValidationCode {
        const sets: [string, CollectionRwSet][] = [['', rw.public], ...rw.collections];
        for (const [collection, set] of sets) {
            const code = this.check(collection, set);
            if (code !== 'VALID') {
                return code;
            }
        }
        for (const [collection, set] of sets) {
            let keys = this.written.get(collection);
            if (keys === undefined) {
                keys = new Set();
                this.written.set(collection, keys);
            }
            for (const key of set.writes.keys()) {
                keys.add(key);
            }
        }
        return 'VALID';
    }

    private check(collection: string, set: CollectionRwSet): ValidationCode {
        const written = this.written.get(collection);
        const space = this.state.space(collection);
        for (const [key, version] of set.reads) {
            if (written?.has(key) === true || !sameVersion(space?.get(key)?.version, version)) {
                return 'MVCC_READ_CONFLICT';
            }
        }
        for (const range of set.ranges) {
            if (!this.rangeUnchanged(collection, range, written)) {
                return 'PHANTOM_READ_CONFLICT';
            }
        }
        return 'VALID';
    }

    /** Would the scan still return the same keys and versions (up to where the chaincode stopped)? */
    private rangeUnchanged(collection: string, range: RangeRead, written: ReadonlySet<string> | undefined): boolean {
        const last = range.results[range.results.length - 1];
        if (!range.exhausted && last === undefined) {
            return true;
        }
        const covers = (key: string): boolean =>
            compareKeys(key, range.startKey) >= 0 &&
            (range.exhausted
                ? range.endKey === '' || compareKeys(key, range.endKey) < 0
                : compareKeys(key, (last as { key: string }).key) <= 0);
        for (const key of written ?? []) {
            if (covers(key)) {
                return false;
            }
        }
        if (this.state.height === range.heightAtStart) {
            return true;
        }
        // Blocks were committed since the scan: run it again on the committed state and compare.
        let i = 0;
        for (const [key, entry] of this.state.space(collection)?.range(range.startKey, range.endKey) ?? []) {
            const seen = range.results[i];
            if (seen === undefined) {
                return !range.exhausted;
            }
            if (seen.key !== key || !sameVersion(seen.version, entry.version)) {
                return false;
            }
            i += 1;
        }
        return i === range.results.length;
    }
}
