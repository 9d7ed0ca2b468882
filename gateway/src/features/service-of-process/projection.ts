import { EVENT_NAMES } from '@court-ledger/chaincode';
import type { ProjectedEvent, ProjectionHandler } from '../../platform/store/projection';
import { runProjection, upsertLatestRecord } from '../../platform/store/projection-sql';

/**
 * Services from `ServiceIssued` / `ServiceEvent` records. The recipient appears only as the pseudonym the
 * record carries (HMAC of the sub under the court pepper): the inbox is keyed by it, so it is rebuilt from the
 * ledger like every other row, and nothing personal is stored here.
 *
 * Append-only: `services` holds the record as issued, and each transaction's events are appended to
 * `service_events`; a later event changes only `status` and `updated_block` of its service. The record a
 * `ServiceEvent` carries grows with every event, so rewriting it would cost more with each one.
 */
const INSERT_ISSUED = upsertLatestRecord({
    table: 'services',
    key: 'serviceId',
    fields: {
        text: ['caseId', 'recipientPseudonym', 'documentType', 'channel', 'status', 'txId'],
        timestamptz: ['issuedAt'],
    },
});

/**
 * `$1`: JSON array, in ledger order, of `{"b": block, "t": txId, "s": serviceId, "st": status, "e": [{"q": seq,
 * "v": entry}]}` — the entries the transaction appended. Appends them, then moves each service's status.
 */
const APPEND_EVENTS = `
    WITH input AS (
        SELECT (x->>'b')::bigint AS block, x->>'t' AS tx_id, x->>'s' AS service_id, x->>'st' AS status,
               x->'e' AS entries, ord
        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS u(x, ord)
    ), appended AS (
        INSERT INTO service_events (service_id, seq, block_number, tx_id, entry)
        SELECT i.service_id, (e->>'q')::integer, i.block, i.tx_id, e->'v'
        FROM input i CROSS JOIN LATERAL jsonb_array_elements(i.entries) AS e
    ), latest AS (
        SELECT DISTINCT ON (service_id) service_id, status, block FROM input ORDER BY service_id, ord DESC
    )
    UPDATE services s SET status = latest.status, updated_block = latest.block
    FROM latest WHERE s.service_id = latest.service_id`;

/** Recipients' current signing keys from `RecipientKeyRegistered` records. */
const UPSERT_KEYS = upsertLatestRecord({
    table: 'recipient_keys',
    key: 'recipientPseudonym',
    fields: { text: ['fingerprint', 'txId'], timestamptz: ['registeredAt'] },
});

function isKeyEvent(e: ProjectedEvent): boolean {
    return e.event.name === EVENT_NAMES.recipientKeyRegistered;
}

/** The entries of a service record that its transaction appended (they carry its transaction id). */
function appendedParam(services: readonly ProjectedEvent[]): string {
    return JSON.stringify(
        services.map(({ event, record }) => {
            const events = Array.isArray(record.events) ? (record.events as { txId?: unknown }[]) : [];
            return {
                b: event.blockNumber,
                t: event.txId,
                s: record.serviceId,
                st: record.status,
                e: events.flatMap((entry, q) => (entry.txId === event.txId ? [{ q, v: entry }] : [])),
            };
        }),
    );
}

/** Service of documents: services (as issued), their events (appended) and recipients' keys. */
export const serviceProjection: ProjectionHandler = {
    name: 'service-of-process',
    events: [EVENT_NAMES.serviceIssued, EVENT_NAMES.serviceEvent, EVENT_NAMES.recipientKeyRegistered],
    tables: ['services', 'service_events', 'recipient_keys'],
    async project(tx, events) {
        const services = events.filter((e) => !isKeyEvent(e));
        await runProjection(
            tx,
            INSERT_ISSUED,
            services.filter((e) => e.event.name === EVENT_NAMES.serviceIssued),
        );
        if (services.length > 0) {
            await tx.query(APPEND_EVENTS, [appendedParam(services)]);
        }
        await runProjection(tx, UPSERT_KEYS, events.filter(isKeyEvent));
    },
};
