import type { ServiceRecord } from '@court-ledger/chaincode';
import type { SqlExecutor } from '../../platform/store/db';

/** A service as projected from the ledger. */
export interface IndexedService {
    /** The chaincode's record, exactly as in the last event of the service. */
    readonly record: ServiceRecord;
    /** Block of the issuing transaction. */
    readonly blockNumber: number;
}

interface ServiceRow {
    record: ServiceRecord;
    block_number: number;
}

/**
 * The services whose recipient has this pseudonym (a recipient's inbox: compute the pseudonym of the
 * principal's sub with the court pepper), newest issue first. Each record is put together from the record as
 * issued, the current status and every appended event (see the projection).
 */
export async function servicesOfRecipient(
    db: SqlExecutor,
    recipientPseudonym: string,
    limit: number,
): Promise<IndexedService[]> {
    const rows = await db.query<ServiceRow>(
        `SELECT s.record || jsonb_build_object('status', s.status, 'events', e.events) AS record, s.block_number
         FROM services s
         CROSS JOIN LATERAL (
             SELECT jsonb_agg(entry ORDER BY seq) AS events FROM service_events WHERE service_id = s.service_id
         ) e
         WHERE s.recipient_pseudonym = $1 ORDER BY s.issued_at DESC, s.service_id LIMIT $2`,
        [recipientPseudonym, limit],
    );
    return rows.map((row) => ({ record: row.record, blockNumber: row.block_number }));
}

/** The recipient pseudonym of a service; undefined when the index does not hold the service (yet). */
export async function recipientPseudonymOf(db: SqlExecutor, serviceId: string): Promise<string | undefined> {
    const rows = await db.query<{ recipient_pseudonym: string }>(
        'SELECT recipient_pseudonym FROM services WHERE service_id = $1',
        [serviceId],
    );
    return rows[0]?.recipient_pseudonym;
}
