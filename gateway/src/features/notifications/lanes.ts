import type { AttemptResult, PendingMessage, QueueCursor, StreamPosition } from './store';

/** One subscription's queue as the delivery worker holds it. */
interface Lane {
    /** Its next messages in ledger order; the first may wait for a retry, or be in flight. */
    queue: PendingMessage[];
    /** The position of the last message taken in: the lane knows every message of its queue up to it. */
    last: StreamPosition;
    /** Its first message is in flight. */
    busy: boolean;
    /** Its last read filled the window: more messages may wait in the outbox. */
    full: boolean;
    /** A redelivery put an earlier message back: take the outbox's queue as it is, when nothing is in flight. */
    reset: boolean;
}

/** Before every message. */
const START: StreamPosition = { blockNumber: -1, txIndex: -1, idx: -1 };

/** Whether `a` comes after `b` in ledger order. */
function isAfter(a: StreamPosition, b: StreamPosition): boolean {
    if (a.blockNumber !== b.blockNumber) {
        return a.blockNumber > b.blockNumber;
    }
    return a.txIndex !== b.txIndex ? a.txIndex > b.txIndex : a.idx > b.idx;
}

/**
 * The subscriptions' queues in memory, so that the worker seldom reads the outbox: a queue's next message goes
 * out as soon as the one before it was delivered (or parked), and a failed one stays at its head until its retry
 * is due. New messages come from the projection as it commits them ({@link push}); the outbox is read only for
 * what a lane could not take in that way. A read asks only for the messages after those a lane holds (its
 * cursor), so the outbox's view of a message already taken in is never read back: the lane's own is newer (its
 * outcomes may not be recorded yet). A redelivery resets the lane: it is read again from its start.
 */
export class Lanes {
    private readonly lanes = new Map<string, Lane>();
    /** Subscriptions with an attempt settled since {@link beginFlush}. */
    private readonly touched = new Set<string>();
    /** Deleted subscriptions (ids are never reused). */
    private readonly gone = new Set<string>();
    private turn = 0;

    /** The outcomes settled so far are being recorded: a read after that record sees them. */
    beginFlush(): void {
        this.touched.clear();
    }

    /** Where each lane's knowledge ends, for the next read (a lane to reset has none: it is read from its start). */
    cursors(window: number): QueueCursor[] {
        return [...this.lanes]
            .filter(([, lane]) => !lane.reset)
            .map(([subscriptionId, lane]) => ({
                subscriptionId,
                after: lane.last,
                room: Math.max(0, window - lane.queue.length),
            }));
    }

    /**
     * Takes in a read of the outbox ({@link NotificationStore.pending} with `window` and `cursors`, made after the
     * outcomes settled before {@link beginFlush} were recorded). True when another read is needed.
     */
    merge(read: ReadonlyMap<string, PendingMessage[]>, cursors: readonly QueueCursor[], window: number): boolean {
        const rooms = new Map(cursors.map((cursor) => [cursor.subscriptionId, cursor.room]));
        for (const [id, lane] of this.lanes) {
            if (!read.has(id) && !lane.busy) {
                this.lanes.delete(id); // the subscription was deleted
            }
        }
        let again = false;
        for (const [id, queue] of read) {
            if (this.gone.has(id)) {
                continue;
            }
            const lane = this.lanes.get(id);
            const room = rooms.get(id);
            const last = queue.at(-1)?.position;
            if (lane === undefined) {
                // Even an empty one: it knows the whole queue, so the messages pushed from now on are all it lacks.
                this.lanes.set(id, {
                    queue,
                    last: last ?? START,
                    busy: false,
                    full: queue.length >= window,
                    reset: false,
                });
            } else if (lane.reset) {
                if (room !== undefined || lane.busy || this.touched.has(id)) {
                    again = true; // the read may predate the redelivery or an outcome of this lane: look again
                } else {
                    Object.assign(lane, { queue, last: last ?? START, full: queue.length >= window, reset: false });
                }
            } else if (room !== undefined) {
                lane.queue.push(...queue);
                lane.last = last ?? lane.last;
                lane.full = queue.length >= room;
            }
        }
        return again;
    }

    /**
     * Takes in messages the projection committed (ledger order; pushed in commit order, none left out, and
     * not while a read is under way: those wait until it was merged). A lane appends those after what it knows
     * up to `window` messages; one it already holds (a read saw it) is skipped. A lane that holds a full window
     * takes none (the outbox holds more before them: it reads them once drained). True when a message came for a
     * subscription without a lane or with a lane to reset: only a read can tell what comes before it.
     */
    push(messages: readonly PendingMessage[], window: number): boolean {
        let read = false;
        for (const message of messages) {
            if (this.gone.has(message.subscriptionId)) {
                continue;
            }
            const lane = this.lanes.get(message.subscriptionId);
            if (lane === undefined || lane.reset) {
                read = true;
            } else if (!isAfter(message.position, lane.last) || lane.full) {
                continue;
            } else if (lane.queue.length >= window) {
                lane.full = true;
            } else {
                lane.queue.push(message);
                lane.last = message.position;
            }
        }
        return read;
    }

    /** Up to `limit` due messages, each the first of an idle lane, taking lanes in turn; their lanes are busy. */
    take(now: number, limit: number): PendingMessage[] {
        const lanes = [...this.lanes.values()];
        const taken: PendingMessage[] = [];
        const start = this.turn;
        for (let i = 0; i < lanes.length && taken.length < limit; i++) {
            const index = (start + i) % lanes.length;
            const lane = lanes[index];
            const head = lane?.queue[0];
            if (lane !== undefined && head !== undefined && !lane.busy && head.nextAttemptAt.getTime() <= now) {
                lane.busy = true;
                taken.push(head);
                this.turn = index + 1;
            }
        }
        return taken;
    }

    /** When the earliest first message of an idle lane is due (undefined: none waits). */
    nextDue(): number | undefined {
        let due: number | undefined;
        for (const lane of this.lanes.values()) {
            const head = lane.queue[0];
            if (head !== undefined && !lane.busy) {
                due = Math.min(due ?? Infinity, head.nextAttemptAt.getTime());
            }
        }
        return due;
    }

    /**
     * The attempt at a taken message ended: delivered or parked, the lane moves on; failed, the message stays
     * first with its retry time. True when the lane drained a full window (the outbox holds more).
     */
    settle(message: PendingMessage, result: AttemptResult): boolean {
        const lane = this.lanes.get(message.subscriptionId);
        if (lane === undefined) {
            return false;
        }
        lane.busy = false;
        this.touched.add(message.subscriptionId);
        if (lane.queue[0]?.messageId === message.messageId) {
            if (result.outcome === 'failed') {
                lane.queue[0] = {
                    ...message,
                    attempts: result.attempt,
                    nextAttemptAt: result.nextAttemptAt ?? message.nextAttemptAt,
                };
            } else {
                lane.queue.shift();
            }
        }
        return lane.queue.length === 0 && lane.full;
    }

    /** A taken message was not attempted to the end (the worker stops): it stays first, pending. */
    release(message: PendingMessage): void {
        const lane = this.lanes.get(message.subscriptionId);
        if (lane !== undefined) {
            lane.busy = false;
        }
    }

    /** The subscription was deleted: its lane goes, and a read that began before the deletion cannot bring it back. */
    forget(subscriptionId: string): void {
        this.gone.add(subscriptionId);
        this.lanes.delete(subscriptionId);
    }

    /** A delivery of the subscription was put back in its queue: the next read replaces the lane's queue. */
    reset(subscriptionId: string): void {
        const lane = this.lanes.get(subscriptionId);
        if (lane !== undefined) {
            lane.reset = true;
        }
    }
}
