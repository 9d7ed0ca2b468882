import { LRUCache } from 'lru-cache';
import type { MerkleTree } from '../../platform/merkle';

/** Recently built batch trees (a 1M-leaf tree is ~64 MB), so receipts need not rebuild them. */
export type TreeCache = LRUCache<string, MerkleTree>;

export function createTreeCache(maxLeaves = 4_000_000): TreeCache {
    return new LRUCache<string, MerkleTree>({
        maxSize: maxLeaves,
        sizeCalculation: (tree) => Math.max(1, tree.treeSize),
    });
}
