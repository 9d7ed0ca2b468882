import type { StoredDocument } from '../../../platform/documents/document-store';
import type { ServiceChannel as ChannelName, ServiceRecord } from '@court-ledger/chaincode';

/** What a channel reports after trying to reach the recipient. */
export interface ChannelResult {
    /** True when the notice reached the recipient's system (inbox, receiving mail server). */
    readonly delivered: boolean;
    /** ≤ 200 characters for the ledger event; never the address or other personal data. */
    readonly detail: string;
}

/**
 * One way of serving a document electronically (Art. 26). The dispatcher records `sent` + `delivered` when
 * `delivered` is true and `delivery-failed` otherwise.
 */
export interface ServiceChannel {
    readonly name: ChannelName;
    /**
     * Notifies the recipient of `service` at `recipientAddress` (never logged, never on the ledger).
     * Resolves with the outcome; rejects only on programming errors.
     */
    send(service: ServiceRecord, recipientAddress: string, document?: StoredDocument): Promise<ChannelResult>;
    /** Releases connections (called when the gateway stops). */
    close?(): void;
}

const EMAIL_LIKE = /[^\s<>"'()]+@[^\s<>"'()]+/g;

/**
 * Makes channel text fit for a ledger event: removes each of `personal` (the address, the recipient's sub)
 * and anything shaped like an e-mail address, drops control characters, collapses whitespace and cuts to
 * 200 characters.
 */
export function ledgerDetail(text: string, ...personal: readonly string[]): string {
    let cleaned = text;
    for (const value of personal) {
        if (value !== '') {
            cleaned = cleaned.replace(new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '<redacted>');
        }
    }
    cleaned = cleaned
        .replace(EMAIL_LIKE, '<address>')
        .replace(/[\p{Cc}\s]+/gu, ' ')
        .trim();
    const points = Array.from(cleaned);
    return points.length <= 200 ? cleaned : `${points.slice(0, 199).join('')}…`;
}

/** Detail recorded by channels that have no transport here. */
export const NOT_CONFIGURED = 'channel not configured';
