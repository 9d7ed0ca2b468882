import { newSecret } from '../../../src/features/notifications/signing';
import type { PendingMessage } from '../../../src/features/notifications/store';

/** The n-th pending message of `subscriptionId` (its event at block n), due at `due` (ms since the epoch). */
export function pendingMessage(url: string, subscriptionId: string, n: number, due = 0): PendingMessage {
    return {
        messageId: `msg_${subscriptionId}_${n}`,
        subscriptionId,
        url,
        secret: newSecret(),
        attempts: 0,
        nextAttemptAt: new Date(due),
        position: { blockNumber: n, txIndex: 0, idx: 0 },
        event: {
            id: `evt_${n}_0_0`,
            type: 'anchor.batch-sealed',
            timestamp: '2026-01-01T00:00:00.000Z',
            data: {
                batchId: `b-${n}`,
                rootHash: 'a'.repeat(64),
                treeSize: 1,
                kinds: ['file'],
                recordedAt: '2026-01-01T00:00:00.000Z',
                txId: 'tx',
                blockNumber: n,
            },
        },
    };
}
