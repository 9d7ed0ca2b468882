/**
 * RFC 6962 / RFC 9162 Merkle trees over SHA-256: flat-buffer tree building, audit paths and their
 * verification. Leaves are 32-byte SHA-256 digests; leaf hash SHA-256(0x00 ‖ digest), node SHA-256(0x01 ‖ l ‖ r).
 */
export { emptyRoot } from './hash';
export { HASH_SIZE, leafHash, nodeHash, sameBytes } from './rfc6962';
export { InclusionProofError, rootFromInclusionProof, verifyInclusion } from './proof';
export { buildTree, buildTreeFromLeafHashes, type HashList, type MerkleTree } from './tree';
