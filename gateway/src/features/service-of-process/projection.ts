import { EVENT_NAMES } from '@court-ledger/chaincode';
import type { ProjectionHandler } from '../../platform/store/projection';
import { projectionParam, upsertLatestRecord } from '../../platform/store/projection-sql';

/**
 * Services from `ServiceIssued` / `ServiceEvent` records. The recipient appears only as the pseudonym the
 * record carries (HMAC of the sub under the court pepper): the inbox is keyed by it, so it is rebuilt from the
 * ledger like every other row, and nothing personal is stored here.
 */
const UPSERT_SERVICES = upsertLatestRecord({
    table: 'services',
    key: { column: 'service_id', field: 'serviceId' },
    columns: {
        case_id: "r->>'caseId'",
        recipient_pseudonym: "r->>'recipientPseudonym'",
        document_type: "r->>'documentType'",
        channel: "r->>'channel'",
        status: "r->>'status'",
        issued_at: "(r->>'issuedAt')::timestamptz",
        tx_id: "r->>'txId'",
    },
});

/** Recipients' current signing keys from `RecipientKeyRegistered` records. */
const UPSERT_KEYS = upsertLatestRecord({
    table: 'recipient_keys',
    key: { column: 'recipient_pseudonym', field: 'recipientPseudonym' },
    columns: {
        fingerprint: "r->>'fingerprint'",
        registered_at: "(r->>'registeredAt')::timestamptz",
        tx_id: "r->>'txId'",
    },
});

/** Service of documents: services (with every event in the record) and recipients' keys. */
export const serviceProjection: ProjectionHandler = {
    name: 'service-of-process',
    events: [EVENT_NAMES.serviceIssued, EVENT_NAMES.serviceEvent, EVENT_NAMES.recipientKeyRegistered],
    tables: ['services', 'recipient_keys'],
    async project(tx, events) {
        const services = events.filter((e) => e.event.name !== EVENT_NAMES.recipientKeyRegistered);
        const keys = events.filter((e) => e.event.name === EVENT_NAMES.recipientKeyRegistered);
        if (services.length > 0) {
            await tx.query(UPSERT_SERVICES, [projectionParam(services)]);
        }
        if (keys.length > 0) {
            await tx.query(UPSERT_KEYS, [projectionParam(keys)]);
        }
    },
};
