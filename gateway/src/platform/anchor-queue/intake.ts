import type { SqlDatabase, SqlExecutor } from '../store/db';
import { addPendingItems, queueItems, type AddedItem, type PendingItemInput } from './queue-store';

/** Told how many items were queued (after their transaction committed). */
export type QueuedListener = (count: number) => void;

/**
 * The one way into the anchoring queue for every feature: the anchoring routes, and features that anchor what
 * they record (recordings). The anchoring feature listens ({@link AnchorIntake.onQueued}) to close a full batch
 * early and to count queued items; a feature never needs the batcher itself.
 */
export class AnchorIntake {
    private readonly listeners = new Set<QueuedListener>();

    constructor(private readonly db: SqlDatabase) {}

    /** Queues digests (idempotent per digest), committed before it resolves; see {@link addPendingItems}. */
    async add(items: readonly PendingItemInput[]): Promise<AddedItem[]> {
        const added = await addPendingItems(this.db, items);
        this.queued(items.length);
        return added;
    }

    /**
     * Queues digests inside the caller's transaction (so they commit, or not, with the caller's own rows).
     * Call {@link AnchorIntake.queued} once the transaction committed.
     */
    addIn(tx: SqlExecutor, items: readonly PendingItemInput[]): Promise<AddedItem[]> {
        return queueItems(tx, items);
    }

    /** Reports `count` items committed to the queue to every listener. */
    queued(count: number): void {
        for (const listener of this.listeners) {
            listener(count);
        }
    }

    /** Registers a listener; returns its removal. */
    onQueued(listener: QueuedListener): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
}
