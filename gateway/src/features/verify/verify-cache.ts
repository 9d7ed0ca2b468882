import { EVENT_NAMES } from '@court-ledger/chaincode/domain';
import { LRUCache } from 'lru-cache';
import type { IndexChange } from '../../platform/store/projection';

/** A public verification answer, as cached. */
export interface VerifyRecord {
    readonly kind: string;
    readonly time: string;
    readonly txId: string;
    readonly blockNumber: number;
    readonly batchId?: string;
}

/** What changed in the index, so cached answers about those digests are dropped. */
export interface IndexChanges {
    readonly digests: readonly string[];
    readonly batchIds: readonly string[];
}

const EVIDENCE_EVENTS: readonly string[] = [EVENT_NAMES.evidenceSubmitted, EVENT_NAMES.evidenceCustody];

/**
 * What a projected change means for verification answers: the digests of evidence records it wrote (their
 * answers change) and the anchor batches it recorded (pending items of those batches became anchored).
 */
export function verifyChanges(change: IndexChange): IndexChanges {
    const digests = new Set<string>();
    const batchIds = new Set<string>();
    for (const { event, record } of change.projected) {
        if (EVIDENCE_EVENTS.includes(event.name)) {
            const { sha256, sm3 } = (record.digests ?? {}) as { sha256?: unknown; sm3?: unknown };
            for (const digest of [sha256, sm3]) {
                if (typeof digest === 'string') {
                    digests.add(digest.toLowerCase());
                }
            }
        } else if (event.name === EVENT_NAMES.anchorRecorded && typeof record.batchId === 'string') {
            batchIds.add(record.batchId);
        }
    }
    return { digests: [...digests], batchIds: [...batchIds] };
}

/**
 * Caches public verification answers (positive and negative) by `algorithm:digest`. The projector reports
 * every digest it touches, so a cached answer never outlives a change; a newly recorded batch may turn many
 * pending items into anchored ones at once, so it clears the cache.
 */
export class VerifyCache {
    private readonly cache = new LRUCache<string, readonly VerifyRecord[]>({ max: 100_000 });
    private generationCounter = 0;

    /** Take this before reading the index; {@link set} ignores an answer read before a later change. */
    get generation(): number {
        return this.generationCounter;
    }

    get(algorithm: string, digest: string): readonly VerifyRecord[] | undefined {
        return this.cache.get(`${algorithm}:${digest}`);
    }

    set(algorithm: string, digest: string, records: readonly VerifyRecord[], readAtGeneration: number): void {
        if (readAtGeneration !== this.generationCounter) {
            return;
        }
        this.cache.set(`${algorithm}:${digest}`, records);
    }

    invalidate(changes: IndexChanges): void {
        this.generationCounter++;
        if (changes.batchIds.length > 0) {
            this.cache.clear();
            return;
        }
        for (const digest of changes.digests) {
            this.cache.delete(`sha256:${digest}`);
            this.cache.delete(`sm3:${digest}`);
        }
    }
}
