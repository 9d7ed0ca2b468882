import { randomBytes } from 'node:crypto';
import type { LedgerEvent } from '@court-ledger/ledger-api';
import type { PendingItemInput } from '../../../src/platform/anchor-queue/queue-store.js';
import { ledgerEvent } from '../../platform/store/events.js';

/** `count` items with random digests, refs `r0`, `r1`, … */
export function pendingItems(count: number, kind = 'document', source = 'trial.subsystem'): PendingItemInput[] {
    return Array.from({ length: count }, (_, i) => ({ digest: randomBytes(32), kind, ref: `r${i}`, source }));
}

/** The `AnchorRecorded` event of batch `batchId` in block `block` (transaction `tx-anchor-<block>`). */
export function anchorEvent(block: number, batchId: string, rootHash: string, treeSize: number): LedgerEvent {
    return ledgerEvent(block, 0, 'AnchorRecorded', {
        batchId,
        rootHash,
        treeSize,
        kinds: ['document'],
        sources: ['trial.subsystem'],
        recordedBy: { sub: 'gateway-batcher', role: 'subsystem' },
        recordedAt: '2026-03-01T10:00:00.000Z',
        txId: `tx-anchor-${block}`,
    });
}
