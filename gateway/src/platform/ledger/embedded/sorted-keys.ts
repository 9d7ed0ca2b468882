/**
 * State key order for range checks at validation (Fabric's `GetStateByRange`, partial composite keys): the
 * order the state DB (LevelDB) keeps keys in, compared on JavaScript strings without encoding them.
 */

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
