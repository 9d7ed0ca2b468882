import type { PrincipalRef } from '../shared/actor';

/** An anchored batch (key: composite `anchor`/[batchId]). */
export interface AnchorRecord {
    readonly batchId: string;
    /** RFC 6962 Merkle tree head over the batch's items (lowercase hex). */
    readonly rootHash: string;
    readonly treeSize: number;
    /** Item kinds in the batch. */
    readonly kinds: readonly string[];
    /** Principals (`sub`) that queued the batch's items, e.g. court subsystems. */
    readonly sources: readonly string[];
    readonly recordedBy: PrincipalRef;
    /** Transaction timestamp (ISO 8601, UTC). */
    readonly recordedAt: string;
    readonly txId: string;
}
