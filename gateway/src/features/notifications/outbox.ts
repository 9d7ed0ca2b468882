import type { ProjectionObserver } from '../../platform/store/projection';
import { notificationsOf } from './events';
import { toPendingMessage, type PendingMessage, type PendingMessageRow } from './store';

/** `$1` (a JSON array of `NotificationEvent`, ledger order) as rows. */
const INPUT = `
    input AS (
        SELECT x->>'eventId' AS event_id, (x->>'blockNumber')::bigint AS block_number,
               (x->>'txIndex')::integer AS tx_index, (x->>'idx')::integer AS idx, x->>'type' AS type,
               x->>'caseId' AS case_id, x->>'subjectSub' AS subject_sub, x->>'occurredAt' AS occurred_at,
               x->'data' AS data, ord
        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS u(x, ord)
    )`;

/**
 * In one statement (the JSON is parsed once): each event into the event log once (a replay derives the same ids
 * and inserts nothing), and each (event, matching subscription) into the outbox once, keyed by a message id
 * derived from both. A subscription matches an event after its creation checkpoint whose type it asked for, whose
 * subject (if any) is its owner and whose case (if any) is among its cases (when it named some). The outbox rows'
 * references to the event log are checked at the end of the statement, when the events are written. Gives the
 * messages it wrote with their subscriptions' addresses (their events are the caller's).
 */
const WRITE = `
    WITH ${INPUT},
    written AS (
        INSERT INTO notification_events (event_id, block_number, tx_index, idx, type, case_id, subject_sub,
                                         occurred_at, data)
        SELECT event_id, block_number, tx_index, idx, type, case_id, subject_sub, occurred_at, data
        FROM input ORDER BY ord
        ON CONFLICT (event_id) DO NOTHING
    ),
    queued AS (
        INSERT INTO notification_outbox (message_id, subscription_id, event_id, block_number, tx_index, idx)
        SELECT 'msg_' || left(encode(sha256(convert_to(i.event_id || '/' || s.subscription_id, 'UTF8')), 'hex'), 32),
               s.subscription_id, i.event_id, i.block_number, i.tx_index, i.idx
        FROM input i JOIN notification_subscriptions s
          ON s.deleted_at IS NULL
         AND i.type = ANY (s.events)
         AND (i.block_number, i.tx_index) > (s.after_block, s.after_tx)
         AND (i.subject_sub IS NULL OR i.subject_sub = s.owner_sub)
         AND (i.case_id IS NULL OR s.case_ids IS NULL OR i.case_id = ANY (s.case_ids))
        ORDER BY i.ord, s.subscription_id
        ON CONFLICT DO NOTHING
        RETURNING message_id, subscription_id, event_id, block_number, tx_index, idx, attempts, next_attempt_at
    )
    SELECT q.message_id, q.subscription_id, s.url, s.secret, q.event_id, q.attempts, q.next_attempt_at
    FROM queued q JOIN notification_subscriptions s ON s.subscription_id = q.subscription_id
    ORDER BY q.block_number, q.tx_index, q.idx, q.subscription_id`;

/** A written message: the outbox row's columns the worker needs, with its subscription's address. */
type WrittenRow = Pick<
    PendingMessageRow,
    'message_id' | 'subscription_id' | 'url' | 'secret' | 'event_id' | 'attempts' | 'next_attempt_at'
>;

/** What one call of the outbox observer wrote. */
export interface OutboxWrite {
    /** Notification events given to the event log (the streams have news when > 0). */
    readonly events: number;
    /** The outbox messages it wrote, ledger order (the delivery worker takes them in once committed). */
    readonly messages: readonly PendingMessage[];
}

/**
 * The notifications outbox as a projection observer: it runs in the projection's SQL transaction, so an outbox
 * message exists exactly when the index holds the event it announces (a crash loses none and invents none).
 */
export const notificationOutbox: ProjectionObserver<OutboxWrite> = {
    name: 'notifications',
    async observe(tx, events) {
        const notifications = notificationsOf(events);
        if (notifications.length === 0) {
            return { events: 0, messages: [] };
        }
        const rows = await tx.query<WrittenRow>(WRITE, [JSON.stringify(notifications)]);
        const byId = new Map(notifications.map((event) => [event.eventId, event]));
        // Each message with its event as the caller gave it (the outbox's readers get the same from the event log).
        const messages = rows.flatMap((row) => {
            const event = byId.get(row.event_id);
            if (event === undefined) {
                return [];
            }
            const { blockNumber, txIndex, idx, type, occurredAt, data } = event;
            return [
                toPendingMessage({
                    ...row,
                    block_number: blockNumber,
                    tx_index: txIndex,
                    idx,
                    type,
                    occurred_at: occurredAt,
                    data,
                }),
            ];
        });
        return { events: notifications.length, messages };
    },
};

/** The gateway-local tables of notifications (kept by a rebuild; a replay re-derives the same rows). */
export const NOTIFICATION_LOCAL_TABLES: readonly string[] = [
    'notification_subscriptions',
    'notification_events',
    'notification_outbox',
    'notification_attempts',
];
