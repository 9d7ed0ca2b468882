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

/** The head of a subscription's queue: the oldest undelivered message, due or not. */
export interface QueueHead {
    readonly messageId: string;
    readonly subscriptionId: string;
    readonly url: string;
    readonly secret: string;
    readonly attempts: number;
    readonly nextAttemptAt: Date;
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

/** What one attempt gave. */
export interface AttemptResult {
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
     * The head of every live subscription's queue: its oldest pending message in ledger order (parked ones are
     * skipped), due or not, so a subscription's messages go out one at a time, in order.
     */
    async heads(): Promise<QueueHead[]> {
        const rows = await this.db.query<
            EventRow & {
                message_id: string;
                subscription_id: string;
                url: string;
                secret: string;
                attempts: number;
                next_attempt_at: Date;
            }
        >(
            `SELECT h.message_id, h.subscription_id, s.url, s.secret, h.attempts, h.next_attempt_at,
                    e.event_id, e.type, e.occurred_at, e.data
             FROM notification_subscriptions s
             CROSS JOIN LATERAL (
                 SELECT o.message_id, o.subscription_id, o.event_id, o.attempts, o.next_attempt_at
                 FROM notification_outbox o
                 WHERE o.subscription_id = s.subscription_id AND o.status = 'pending'
                 ORDER BY o.block_number, o.tx_index, o.idx LIMIT 1
             ) h
             JOIN notification_events e ON e.event_id = h.event_id
             WHERE s.deleted_at IS NULL`,
        );
        return rows.map((row) => ({
            messageId: row.message_id,
            subscriptionId: row.subscription_id,
            url: row.url,
            secret: row.secret,
            attempts: row.attempts,
            nextAttemptAt: row.next_attempt_at,
            event: toEnvelope(row),
        }));
    }

    /** Records an attempt and moves the message on (delivered, retry later, or parked), in one transaction. */
    async recordAttempt(head: QueueHead, result: AttemptResult): Promise<void> {
        await this.db.transaction(async (tx) => {
            await tx.query(
                `INSERT INTO notification_attempts (message_id, attempt, started_at, duration_ms, status_code, error,
                                                    outcome)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
                [
                    head.messageId,
                    head.attempts + 1,
                    result.startedAt,
                    result.durationMs,
                    result.statusCode ?? null,
                    result.error ?? null,
                    result.outcome,
                ],
            );
            await tx.query(
                `UPDATE notification_outbox SET
                    attempts = attempts + 1,
                    status = CASE $2 WHEN 'delivered' THEN 'delivered' WHEN 'parked' THEN 'parked' ELSE 'pending' END,
                    delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
                    next_attempt_at = COALESCE($3, next_attempt_at),
                    last_error = $4
                 WHERE message_id = $1`,
                [head.messageId, result.outcome, result.nextAttemptAt ?? null, result.error ?? null],
            );
        });
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
