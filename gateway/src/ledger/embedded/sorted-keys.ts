/**
 * An ordered set of state keys for range scans (Fabric's `GetStateByRange`, partial composite keys).
 *
 * Hand-written because the order must be LevelDB's (UTF-8 byte order) and inserts must stay cheap for a
 * write-heavy ledger: keys live in sorted chunks of at most {@link MAX_CHUNK} (a "sorted list of lists"),
 * so an insert or delete moves at most one chunk's worth of references, never the whole key set.
 */

const MAX_CHUNK = 1024;

/**
 * Compares strings in Unicode code point order, which equals the UTF-8 byte order LevelDB (and so Fabric)
 * sorts keys by. Plain `<` compares UTF-16 code units and would put U+E000..U+FFFF after astral characters
 * (surrogate pairs), e.g. after the U+10FFFF that ends a partial composite key range.
 */
export function compareKeys(a: string, b: string): number {
    if (a === b) {
        return 0;
    }
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
        const x = a.charCodeAt(i);
        const y = b.charCodeAt(i);
        if (x !== y) {
            if (x >= 0xd800 && y >= 0xd800) {
                return codePointRank(x) - codePointRank(y);
            }
            return x - y;
        }
    }
    return a.length - b.length;
}

/** Moves surrogates (0xD800..0xDFFF) above 0xE000..0xFFFF, so UTF-16 units sort like code points. */
function codePointRank(unit: number): number {
    return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** Index of the first element of the sorted `list` that is ≥ `key` (or > `key` when `strict`). */
function lowerBound(list: readonly string[], key: string, strict: boolean): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const c = compareKeys(list[mid] as string, key);
        if (c < 0 || (strict && c === 0)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/** A set of distinct strings kept in {@link compareKeys} order. */
export class SortedKeys {
    private readonly chunks: string[][] = [];
    /** Last (greatest) key of each chunk, for locating a key's chunk by binary search. */
    private readonly maxes: string[] = [];
    private count = 0;

    get size(): number {
        return this.count;
    }

    /** Adds `key`; a key already present is left as is. */
    add(key: string): void {
        if (this.chunks.length === 0) {
            this.chunks.push([key]);
            this.maxes.push(key);
            this.count = 1;
            return;
        }
        let c = lowerBound(this.maxes, key, false);
        if (c === this.chunks.length) {
            c -= 1;
        }
        const chunk = this.chunks[c] as string[];
        const i = lowerBound(chunk, key, false);
        if (i < chunk.length && chunk[i] === key) {
            return;
        }
        chunk.splice(i, 0, key);
        this.count += 1;
        this.maxes[c] = chunk[chunk.length - 1] as string;
        if (chunk.length > MAX_CHUNK) {
            const upper = chunk.splice(chunk.length >>> 1);
            this.chunks.splice(c + 1, 0, upper);
            this.maxes.splice(c, 1, chunk[chunk.length - 1] as string, upper[upper.length - 1] as string);
        }
    }

    /** Removes `key` if present. */
    delete(key: string): void {
        const c = lowerBound(this.maxes, key, false);
        const chunk = this.chunks[c];
        if (chunk === undefined) {
            return;
        }
        const i = lowerBound(chunk, key, false);
        if (chunk[i] !== key) {
            return;
        }
        chunk.splice(i, 1);
        this.count -= 1;
        if (chunk.length === 0) {
            this.chunks.splice(c, 1);
            this.maxes.splice(c, 1);
        } else {
            this.maxes[c] = chunk[chunk.length - 1] as string;
        }
    }

    /**
     * Keys `k` with `from ≤ k < end` in order (`from < k` when `exclusiveFrom`); `end === ''` means no upper
     * bound, as in Fabric range queries. Do not modify the set while iterating.
     */
    *range(from: string, end: string, exclusiveFrom = false): Generator<string, void, undefined> {
        let c = lowerBound(this.maxes, from, exclusiveFrom);
        if (c >= this.chunks.length) {
            return;
        }
        let i = lowerBound(this.chunks[c] as string[], from, exclusiveFrom);
        for (; c < this.chunks.length; c++, i = 0) {
            const chunk = this.chunks[c] as string[];
            for (; i < chunk.length; i++) {
                const key = chunk[i] as string;
                if (end !== '' && compareKeys(key, end) >= 0) {
                    return;
                }
                yield key;
            }
        }
    }
}
