import type { SqlExecutor } from '../../platform/store/db.js';

/** A service issued through this gateway and the principal it is for (gateway-local, not on the ledger). */
export interface ServiceRecipient {
    readonly serviceId: string;
    readonly recipientSub: string;
    /** ISO 8601. */
    readonly createdAt: string;
}

interface Row {
    service_id: string;
    recipient_sub: string;
    created_at: Date;
}

function toRecipient(row: Row): ServiceRecipient {
    return { serviceId: row.service_id, recipientSub: row.recipient_sub, createdAt: row.created_at.toISOString() };
}

/** Remembers who service `serviceId` is for (idempotent for the same recipient). */
export async function addServiceRecipient(db: SqlExecutor, serviceId: string, recipientSub: string): Promise<void> {
    const rows = await db.query<Row>(
        `INSERT INTO service_recipients (service_id, recipient_sub) VALUES ($1, $2)
         ON CONFLICT (service_id) DO UPDATE SET recipient_sub = service_recipients.recipient_sub
         RETURNING service_id, recipient_sub, created_at`,
        [serviceId, recipientSub],
    );
    if (rows[0]?.recipient_sub !== recipientSub) {
        throw new Error(`service ${serviceId} is already recorded for another recipient`);
    }
}

/** The recipient of a service issued here; undefined when this gateway did not issue it. */
export async function serviceRecipient(db: SqlExecutor, serviceId: string): Promise<ServiceRecipient | undefined> {
    const rows = await db.query<Row>(
        'SELECT service_id, recipient_sub, created_at FROM service_recipients WHERE service_id = $1',
        [serviceId],
    );
    return rows[0] === undefined ? undefined : toRecipient(rows[0]);
}

/** The services of one recipient, newest first. */
export async function servicesOfRecipient(
    db: SqlExecutor,
    recipientSub: string,
    limit: number,
): Promise<ServiceRecipient[]> {
    const rows = await db.query<Row>(
        `SELECT service_id, recipient_sub, created_at FROM service_recipients
         WHERE recipient_sub = $1 ORDER BY created_at DESC, service_id LIMIT $2`,
        [recipientSub, limit],
    );
    return rows.map(toRecipient);
}
