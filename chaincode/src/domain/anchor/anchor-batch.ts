import { principalRef, type Actor } from '../shared/actor';
import { validateDigest } from '../shared/digests';
import { parseKinds, parseSources, parseTreeSize, validateBatchId } from './anchor-validation';
import type { AnchorRecord } from './model';

/** The raw string arguments of `anchor:record` (`kinds`, `sources`: JSON arrays of strings). */
export interface AnchorArgs {
    readonly batchId: string;
    readonly rootHash: string;
    readonly treeSize: string;
    readonly kinds: string;
    readonly sources: string;
}

/** A validated `anchor:record` request. */
export interface AnchorBatch {
    readonly batchId: string;
    readonly rootHash: string;
    readonly treeSize: number;
    readonly kinds: readonly string[];
    readonly sources: readonly string[];
}

/** Validates `anchor:record` arguments (INVALID_ARGUMENT / INVALID_DIGEST naming the field). */
export function parseAnchorBatch(args: AnchorArgs): AnchorBatch {
    return {
        batchId: validateBatchId(args.batchId),
        rootHash: validateDigest(args.rootHash, 'rootHash'),
        treeSize: parseTreeSize(args.treeSize),
        kinds: parseKinds(args.kinds),
        sources: parseSources(args.sources),
    };
}

/** The record `recordedBy` writes for `batch` at transaction time `at`. */
export function newAnchorRecord(batch: AnchorBatch, recordedBy: Actor, at: string, txId: string): AnchorRecord {
    return { ...batch, recordedBy: principalRef(recordedBy), recordedAt: at, txId };
}
