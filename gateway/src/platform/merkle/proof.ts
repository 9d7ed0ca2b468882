import { HASH_SIZE, nodeHash, sameBytes } from './rfc6962';

/** An inclusion proof that cannot be evaluated (bad index, size, length or element). */
export class InclusionProofError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'InclusionProofError';
    }
}

function checkHash(value: Uint8Array, what: string): void {
    if (value.length !== HASH_SIZE) {
        throw new InclusionProofError(`${what} has ${value.length} bytes, expected ${HASH_SIZE}`);
    }
}

/**
 * Recomputes the root hash from a leaf hash and its audit path, exactly as RFC 9162 §2.1.3.2 specifies
 * (the algorithm transparency-dev/merkle's `RootFromInclusionProof` implements). Index and size are plain
 * numbers, exact up to 2^53. Throws {@link InclusionProofError} if the index is not below the size, an
 * element is not 32 bytes, or the path is too long or too short for the position.
 */
export function rootFromInclusionProof(
    leafHash: Uint8Array,
    leafIndex: number,
    treeSize: number,
    proof: readonly Uint8Array[],
): Uint8Array {
    if (!Number.isSafeInteger(treeSize) || treeSize < 1) {
        throw new InclusionProofError(`tree size ${treeSize} is not a positive integer`);
    }
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) {
        throw new InclusionProofError(`leaf index ${leafIndex} is not in [0, ${treeSize})`);
    }
    checkHash(leafHash, 'leaf hash');
    // fn: the index of the current node at its level; sn: the index of the last node at that level.
    let fn = leafIndex;
    let sn = treeSize - 1;
    let r: Uint8Array = leafHash.slice();
    proof.forEach((p, i) => {
        checkHash(p, `proof[${i}]`);
        if (sn === 0) {
            throw new InclusionProofError(`proof has ${proof.length} elements, more than the path length`);
        }
        if (fn % 2 === 1 || fn === sn) {
            r = nodeHash(p, r);
            // fn is the last node of its level with no right sibling: climb the promoted levels.
            while (fn % 2 === 0 && fn !== 0) {
                fn = Math.floor(fn / 2);
                sn = Math.floor(sn / 2);
            }
        } else {
            r = nodeHash(r, p);
        }
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
    });
    if (sn !== 0) {
        throw new InclusionProofError(`proof has ${proof.length} elements, fewer than the path length`);
    }
    return r;
}

/**
 * True iff `proof` proves that `leafHash` is leaf `leafIndex` of the tree of size `treeSize` whose root is
 * `rootHash` (RFC 9162 §2.1.3.2). Malformed input (wrong lengths, index ≥ size, …) is simply false.
 */
export function verifyInclusion(
    leafHash: Uint8Array,
    leafIndex: number,
    treeSize: number,
    proof: readonly Uint8Array[],
    rootHash: Uint8Array,
): boolean {
    try {
        return (
            rootHash.length === HASH_SIZE &&
            sameBytes(rootFromInclusionProof(leafHash, leafIndex, treeSize, proof), rootHash)
        );
    } catch (error) {
        if (error instanceof InclusionProofError) {
            return false;
        }
        throw error;
    }
}
