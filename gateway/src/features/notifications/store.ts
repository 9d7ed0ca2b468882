import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from '../../platform/store/db';
import type { Delivery, EventEnvelope, EventType, Subscription } from './schemas';

/** A new subscription, as the routes checked it. */
export interface NewSubscription {
    readonly ownerSub: string;
    readonly ownerRole: string;
    readonly url: string;
    readonly events: readonly EventType[];
    readonly caseIds: readonly string[] | undefined;
    readonly secret: string;
}

interface SubscriptionRow {
    subscription_id: string;
    url: string;
    events: EventType[];
    case_ids: string[] | null;
    created_at: Date;
    pending: number;
    parked: number;
}

const SUBSCRIPTION_COLUMNS = `
    s.subscription_id, s.url, s.events, s.case_ids, s.created_at,
    (SELECT count(*) FROM notification_outbox o
      WHERE o.subscription_id = s.subscription_id AND o.status = 'pending')::integer AS pending,
    (SELECT count(*) FROM notification_outbox o
      WHERE o.subscription_id = s.subscription_id AND o.status = 'parked')::integer AS parked`;

function toSubscription(row: SubscriptionRow): Subscription {
    return {
        subscriptionId: row.subscription_id,
        url: row.url,
        events: row.events,
        ...(row.case_ids === null ? {} : { caseIds: row.case_ids }),
        createdAt: row.created_at.toISOString(),
        pending: row.pending,
        parked: row.parked,
    };
}

/** A pending message of a subscription's queue, as the delivery worker holds it. */
export interface PendingMessage {
    readonly messageId: string;
    readonly subscriptionId: string;
    readonly url: string;
    readonly secret: string;
    /** Attempts made so far. */
    readonly attempts: number;
    readonly nextAttemptAt: Date;
    /** Its event's ledger position: a queue's messages go out in this order. */
    readonly position: StreamPosition;
    readonly event: EventEnvelope;
}

interface EventRow {
    event_id: string;
    type: EventType;
    occurred_at: string;
    data: EventEnvelope['data'];
}

function toEnvelope(row: EventRow): EventEnvelope {
    return { id: row.event_id, type: row.type, timestamp: row.occurred_at, data: row.data };
}

/** A pending outbox message with its subscription's address and its event, as SQL gives it. */
export interface PendingMessageRow extends EventRow {
    subscription_id: string;
    url: string;
    secret: string;
    message_id: string;
    attempts: number;
    next_attempt_at: Date;
    block_number: number;
    tx_index: number;
    idx: number;
}

/** The worker's view of a {@link PendingMessageRow}. */
export function toPendingMessage(row: PendingMessageRow): PendingMessage {
    return {
        messageId: row.message_id,
        subscriptionId: row.subscription_id,
        url: row.url,
        secret: row.secret,
        attempts: row.attempts,
        nextAttemptAt: row.next_attempt_at,
        position: { blockNumber: row.block_number, txIndex: row.tx_index, idx: row.idx },
        event: toEnvelope(row),
    };
}

/** How much of a subscription's queue the worker holds: up to `after`; it takes at most `room` more. */
export interface QueueCursor {
    readonly subscriptionId: string;
    readonly after: StreamPosition;
    readonly room: number;
}

/** What one attempt gave. */
export interface AttemptResult {
    readonly messageId: string;
    /** The attempt's number (1 for the first). */
    readonly attempt: number;
    readonly startedAt: Date;
    readonly durationMs: number;
    readonly statusCode?: number;
    readonly error?: string;
    readonly outcome: 'delivered' | 'failed' | 'parked';
    /** Failed: when to try again. */
    readonly nextAttemptAt?: Date;
}

/** A stream position: events strictly after it. */
export interface StreamPosition {
    readonly blockNumber: number;
    readonly txIndex: number;
    readonly idx: number;
}

/** Which events a reader (a stream) may see: the same rules as a subscription's. */
export interface StreamFilter {
    readonly ownerSub: string;
    readonly events: readonly EventType[];
    readonly caseIds: readonly string[] | undefined;
}

/** Subscriptions, the outbox and the event log in the index database. */
export class NotificationStore {
    constructor(private readonly db: SqlDatabase) {}

    /**
     * Stores a subscription; it receives the events projected after this moment. The checkpoint row is locked
     * (as the projector locks it), so no projection transaction can commit between reading it and the insert.
     */
    async create(input: NewSubscription): Promise<Subscription> {
        const id = `sub_${randomBytes(16).toString('hex')}`;
        await this.db.transaction(async (tx) => {
            const [checkpoint] = await tx.query<{ block_number: number | null; tx_index: number | null }>(
                'SELECT block_number, tx_index FROM ledger_checkpoint FOR UPDATE',
            );
            await tx.query(
                `INSERT INTO notification_subscriptions (subscription_id, owner_sub, owner_role, url, events, case_ids,
                                                         secret, after_block, after_tx)
                 VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $7, $8, $9)`,
                [
                    id,
                    input.ownerSub,
                    input.ownerRole,
                    input.url,
                    [...input.events],
                    input.caseIds === undefined ? null : [...input.caseIds],
                    input.secret,
                    checkpoint?.block_number ?? -1,
                    checkpoint?.tx_index ?? -1,
                ],
            );
        });
        const created = await this.get(input.ownerSub, id);
        if (created === undefined) {
            throw new Error(`subscription ${id} vanished after its creation`);
        }
        return created;
    }

    /** The owner's live subscriptions, oldest first. */
    async list(ownerSub: string): Promise<Subscription[]> {
        const rows = await this.db.query<SubscriptionRow>(
            `SELECT ${SUBSCRIPTION_COLUMNS} FROM notification_subscriptions s
             WHERE s.owner_sub = $1 AND s.deleted_at IS NULL ORDER BY s.created_at, s.subscription_id`,
            [ownerSub],
        );
        return rows.map(toSubscription);
    }

    /** One live subscription of the owner; undefined for another's, a deleted or an unknown one. */
    async get(ownerSub: string, id: string): Promise<Subscription | undefined> {
        const [row] = await this.db.query<SubscriptionRow>(
            `SELECT ${SUBSCRIPTION_COLUMNS} FROM notification_subscriptions s
             WHERE s.subscription_id = $1 AND s.owner_sub = $2 AND s.deleted_at IS NULL`,
            [id, ownerSub],
        );
        return row === undefined ? undefined : toSubscription(row);
    }

    /** Deletes (deactivates) a subscription: no new messages, no more attempts. False when not the owner's. */
    async delete(ownerSub: string, id: string): Promise<boolean> {
        const rows = await this.db.query(
            `UPDATE notification_subscriptions SET deleted_at = now()
             WHERE subscription_id = $1 AND owner_sub = $2 AND deleted_at IS NULL RETURNING subscription_id`,
            [id, ownerSub],
        );
        return rows.length > 0;
    }

    /** The subscription's latest deliveries (newest event first), each with every attempt. */
    async deliveries(id: string, status: Delivery['status'] | undefined, limit: number): Promise<Delivery[]> {
        const rows = await this.db.query<{
            message_id: string;
            event_id: string;
            type: EventType;
            status: Delivery['status'];
            next_attempt_at: Date;
            delivered_at: Date | null;
            attempts: {
                attempt: number;
                started_at: string;
                duration_ms: number;
                status_code: number | null;
                error: string | null;
                outcome: 'delivered' | 'failed' | 'parked';
            }[];
        }>(
            `SELECT o.message_id, o.event_id, e.type, o.status, o.next_attempt_at, o.delivered_at,
                    COALESCE((SELECT jsonb_agg(jsonb_build_object(
                                  'attempt', a.attempt, 'started_at', a.started_at, 'duration_ms', a.duration_ms,
                                  'status_code', a.status_code, 'error', a.error, 'outcome', a.outcome)
                                  ORDER BY a.attempt_id)
                              FROM notification_attempts a WHERE a.message_id = o.message_id), '[]'::jsonb)
                        AS attempts
             FROM notification_outbox o JOIN notification_events e USING (event_id)
             WHERE o.subscription_id = $1 AND ($2::text IS NULL OR o.status = $2)
             ORDER BY o.block_number DESC, o.tx_index DESC, o.idx DESC LIMIT $3`,
            [id, status ?? null, limit],
        );
        return rows.map((row) => ({
            deliveryId: row.message_id,
            eventId: row.event_id,
            type: row.type,
            status: row.status,
            ...(row.status === 'pending' ? { nextAttemptAt: row.next_attempt_at.toISOString() } : {}),
            ...(row.delivered_at === null ? {} : { deliveredAt: row.delivered_at.toISOString() }),
            attempts: row.attempts.map((a) => ({
                attempt: a.attempt,
                startedAt: new Date(a.started_at).toISOString(),
                durationMs: a.duration_ms,
                ...(a.status_code === null ? {} : { statusCode: a.status_code }),
                ...(a.error === null ? {} : { error: a.error }),
                outcome: a.outcome,
            })),
        }));
    }

    /** Puts a delivery back in the queue, due now (a parked or delivered one too). False when unknown. */
    async redeliver(id: string, messageId: string): Promise<boolean> {
        const rows = await this.db.query(
            `UPDATE notification_outbox SET status = 'pending', next_attempt_at = now()
             WHERE subscription_id = $1 AND message_id = $2 RETURNING message_id`,
            [id, messageId],
        );
        return rows.length > 0;
    }

    /**
     * Every live subscription's pending messages that its `known` cursor does not cover, in ledger order (parked
     * ones are skipped): after the cursor's position and at most its `room` of them, or the first `window` when
     * the subscription has no cursor. One statement, however many subscriptions; a live subscription with
     * nothing new maps to an empty list, a deleted or unknown one is absent.
     */
    async pending(window: number, known: readonly QueueCursor[]): Promise<Map<string, PendingMessage[]>> {
        // The message and event columns are null in a live subscription's row with nothing new.
        const rows = await this.db.query<
            PendingMessageRow | (Pick<PendingMessageRow, 'subscription_id'> & { message_id: null })
        >(
            `WITH known AS (
                 SELECT * FROM unnest($2::text[], $3::bigint[], $4::integer[], $5::integer[], $6::integer[])
                     AS k(subscription_id, block_number, tx_index, idx, room)
             )
             SELECT s.subscription_id, s.url, s.secret, h.message_id, h.attempts, h.next_attempt_at,
                    h.block_number, h.tx_index, h.idx, e.event_id, e.type, e.occurred_at, e.data
             FROM notification_subscriptions s
             LEFT JOIN known k ON k.subscription_id = s.subscription_id
             LEFT JOIN LATERAL (
                 SELECT o.message_id, o.event_id, o.attempts, o.next_attempt_at, o.block_number, o.tx_index, o.idx
                 FROM notification_outbox o
                 WHERE o.subscription_id = s.subscription_id AND o.status = 'pending'
                   AND (o.block_number, o.tx_index, o.idx)
                       > (COALESCE(k.block_number, -1), COALESCE(k.tx_index, -1), COALESCE(k.idx, -1))
                 ORDER BY o.block_number, o.tx_index, o.idx LIMIT COALESCE(k.room, $1)
             ) h ON true
             LEFT JOIN notification_events e ON e.event_id = h.event_id
             WHERE s.deleted_at IS NULL
             ORDER BY s.subscription_id, h.block_number, h.tx_index, h.idx`,
            [
                window,
                known.map((c) => c.subscriptionId),
                known.map((c) => c.after.blockNumber),
                known.map((c) => c.after.txIndex),
                known.map((c) => c.after.idx),
                known.map((c) => c.room),
            ],
        );
        const queues = new Map<string, PendingMessage[]>();
        for (const row of rows) {
            const queue = queues.get(row.subscription_id) ?? [];
            queues.set(row.subscription_id, queue);
            if (row.message_id !== null) {
                queue.push(toPendingMessage(row));
            }
        }
        return queues;
    }

    /**
     * Records attempts (in the order given) and moves each message on to its latest attempt's outcome
     * (delivered, retry later, or parked): one statement, however many attempts.
     */
    async recordAttempts(results: readonly AttemptResult[]): Promise<void> {
        if (results.length === 0) {
            return;
        }
        await this.db.query(
            `WITH input AS (
                 SELECT * FROM unnest($1::text[], $2::integer[], $3::timestamptz[], $4::integer[], $5::integer[],
                                      $6::text[], $7::text[], $8::timestamptz[]) WITH ORDINALITY
                     AS u(message_id, attempt, started_at, duration_ms, status_code, error, outcome, next_attempt_at,
                          ord)
             ), recorded AS (
                 INSERT INTO notification_attempts (message_id, attempt, started_at, duration_ms, status_code, error,
                                                    outcome)
                 SELECT message_id, attempt, started_at, duration_ms, status_code, error, outcome
                 FROM input ORDER BY ord
             )
             UPDATE notification_outbox o SET
                 attempts = latest.attempt,
                 status = CASE latest.outcome WHEN 'failed' THEN 'pending' ELSE latest.outcome END,
                 delivered_at = CASE WHEN latest.outcome = 'delivered'
                                     THEN latest.started_at + latest.duration_ms * interval '1 millisecond'
                                     ELSE o.delivered_at END,
                 next_attempt_at = COALESCE(latest.next_attempt_at, o.next_attempt_at),
                 last_error = latest.error
             FROM (SELECT DISTINCT ON (message_id) * FROM input ORDER BY message_id, ord DESC) latest
             WHERE o.message_id = latest.message_id`,
            [
                results.map((r) => r.messageId),
                results.map((r) => r.attempt),
                results.map((r) => r.startedAt.toISOString()),
                results.map((r) => r.durationMs),
                results.map((r) => r.statusCode ?? null),
                results.map((r) => r.error ?? null),
                results.map((r) => r.outcome),
                results.map((r) => r.nextAttemptAt?.toISOString() ?? null),
            ],
        );
    }

    /** Up to `limit` events after `after` (ledger order) that `filter` lets through. */
    async eventsAfter(after: StreamPosition, filter: StreamFilter, limit: number): Promise<EventEnvelope[]> {
        const rows = await this.db.query<EventRow>(
            `SELECT event_id, type, occurred_at, data FROM notification_events
             WHERE (block_number, tx_index, idx) > ($1, $2, $3)
               AND type = ANY ($4::text[])
               AND (subject_sub IS NULL OR subject_sub = $5)
               AND (case_id IS NULL OR $6::text[] IS NULL OR case_id = ANY ($6::text[]))
             ORDER BY block_number, tx_index, idx LIMIT $7`,
            [
                after.blockNumber,
                after.txIndex,
                after.idx,
                [...filter.events],
                filter.ownerSub,
                filter.caseIds === undefined ? null : [...filter.caseIds],
                limit,
            ],
        );
        return rows.map(toEnvelope);
    }

    /** The position of the last event in the log (a new stream without `Last-Event-ID` starts there). */
    async lastPosition(): Promise<StreamPosition> {
        const [row] = await this.db.query<{ block_number: number; tx_index: number; idx: number }>(
            `SELECT block_number, tx_index, idx FROM notification_events
             ORDER BY block_number DESC, tx_index DESC, idx DESC LIMIT 1`,
        );
        return row === undefined
            ? { blockNumber: -1, txIndex: -1, idx: -1 }
            : { blockNumber: row.block_number, txIndex: row.tx_index, idx: row.idx };
    }
}
