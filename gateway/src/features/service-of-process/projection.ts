import { EVENT_NAMES } from '@court-ledger/chaincode';
import type { ProjectedEvent, ProjectionHandler } from '../../platform/store/projection';
import { runProjection, upsertLatestRecord } from '../../platform/store/projection-sql';

/**
 * Services from `ServiceIssued` / `ServiceEvent` records. The recipient appears only as the pseudonym the
 * record carries (HMAC of the sub under the court pepper): the inbox is keyed by it, so it is rebuilt from the
 * ledger like every other row, and nothing personal is stored here.
 */
const UPSERT_SERVICES = upsertLatestRecord({
    table: 'services',
    key: 'serviceId',
    fields: {
        text: ['caseId', 'recipientPseudonym', 'documentType', 'channel', 'status', 'txId'],
        timestamptz: ['issuedAt'],
    },
});

/** Recipients' current signing keys from `RecipientKeyRegistered` records. */
const UPSERT_KEYS = upsertLatestRecord({
    table: 'recipient_keys',
    key: 'recipientPseudonym',
    fields: { text: ['fingerprint', 'txId'], timestamptz: ['registeredAt'] },
});

function isKeyEvent(e: ProjectedEvent): boolean {
    return e.event.name === EVENT_NAMES.recipientKeyRegistered;
}

/** Service of documents: services (with every event in the record) and recipients' keys. */
export const serviceProjection: ProjectionHandler = {
    name: 'service-of-process',
    events: [EVENT_NAMES.serviceIssued, EVENT_NAMES.serviceEvent, EVENT_NAMES.recipientKeyRegistered],
    tables: ['services', 'recipient_keys'],
    async project(tx, events) {
        const services = events.filter((e) => !isKeyEvent(e));
        await runProjection(tx, UPSERT_SERVICES, services);
        await runProjection(tx, UPSERT_KEYS, events.filter(isKeyEvent));
    },
};
