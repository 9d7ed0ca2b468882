import {
    canonicalBytes,
    RECIPIENT_TRANSIENT_KEY,
    type RecipientKeyRecord,
    type ServiceRecipient,
    type ServiceRecipientView,
    type ServiceRecord,
    type ServiceView,
} from '@court-ledger/chaincode';
import { parseResult } from '../../platform/ledger/court-client';
import type { Actor, Committed, Ledger } from '../../platform/ledger/ledger';
import type { RecordableEventType } from './schemas';

/** Public arguments of `service:issue`. */
export interface IssueInput {
    readonly caseId: string;
    readonly sha256: string;
    readonly sm3?: string | undefined;
    readonly documentType: string;
    readonly recipientPseudonym: string;
    readonly channel: string;
    readonly addressConfirmed: boolean;
}

/** A committed write of the `service` contract and the record after it. */
export interface ServiceWrite {
    readonly committed: Committed;
    readonly record: ServiceRecord;
}

/**
 * Typed calls into the chaincode's `service` contract (docs/service-of-process.md): the one place that knows
 * its function names and argument order.
 */
export class ServiceLedgerClient {
    constructor(readonly ledger: Ledger) {}

    /** `service:issue`; the recipient's sub and address travel only in the transient map. */
    async issue(actor: Actor, input: IssueInput, recipient: ServiceRecipient): Promise<ServiceWrite> {
        const committed = await this.ledger.submit({
            contract: 'service',
            fn: 'issue',
            args: [
                input.caseId,
                input.sha256,
                input.sm3 ?? '',
                input.documentType,
                input.recipientPseudonym,
                input.channel,
                String(input.addressConfirmed),
            ],
            actor,
            transient: { [RECIPIENT_TRANSIENT_KEY]: canonicalBytes(recipient) },
        });
        return { committed, record: parseResult(committed.result) as ServiceRecord };
    }

    /** `service:record`: an event; `at` undefined = the transaction time. */
    async record(
        actor: Actor,
        serviceId: string,
        type: RecordableEventType,
        at?: string,
        detail?: string,
    ): Promise<ServiceWrite> {
        const committed = await this.ledger.submit({
            contract: 'service',
            fn: 'record',
            args: [serviceId, type, at ?? '', detail ?? ''],
            actor,
        });
        return { committed, record: parseResult(committed.result) as ServiceRecord };
    }

    /** `service:acknowledge`; `signature` undefined = portal-attested. */
    async acknowledge(
        actor: Actor,
        serviceId: string,
        acknowledgedAt: string,
        signature?: string,
    ): Promise<ServiceWrite> {
        const committed = await this.ledger.submit({
            contract: 'service',
            fn: 'acknowledge',
            args: [serviceId, acknowledgedAt, signature ?? ''],
            actor,
        });
        return { committed, record: parseResult(committed.result) as ServiceRecord };
    }

    /** `service:registerKey`. */
    async registerKey(
        actor: Actor,
        recipientPseudonym: string,
        publicKeyPem: string,
    ): Promise<{ committed: Committed; key: RecipientKeyRecord }> {
        const committed = await this.ledger.submit({
            contract: 'service',
            fn: 'registerKey',
            args: [recipientPseudonym, publicKeyPem],
            actor,
        });
        return { committed, key: parseResult(committed.result) as RecipientKeyRecord };
    }

    /** `service:get`: the record and its legal date of service (court roles, or the recipient). */
    async get(actor: Actor, serviceId: string): Promise<ServiceView> {
        return parseResult(
            await this.ledger.evaluate({ contract: 'service', fn: 'get', args: [serviceId], actor }),
        ) as ServiceView;
    }

    /** `service:recipientOf`: the private `{sub, address}` (court roles). */
    async recipientOf(actor: Actor, serviceId: string): Promise<ServiceRecipientView> {
        return parseResult(
            await this.ledger.evaluate({ contract: 'service', fn: 'recipientOf', args: [serviceId], actor }),
        ) as ServiceRecipientView;
    }
}
