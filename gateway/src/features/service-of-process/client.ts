import {
    canonicalBytes,
    RECIPIENT_TRANSIENT_KEY,
    type RecipientKeyRecord,
    type ServiceRecipient,
    type ServiceRecipientView,
    type ServiceRecord,
    type ServiceView,
} from '@court-ledger/chaincode';
import type { Actor } from '@court-ledger/ledger-api';
import { ContractClient, type Write } from '../../platform/ledger/contract-client';
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
export type ServiceWrite = Write<ServiceRecord>;

/**
 * Typed calls into the chaincode's `service` contract (docs/service-of-process.md): the one place that knows
 * its function names and argument order.
 */
export class ServiceClient extends ContractClient {
    /**
     * `service:issue`; the recipient's sub and address, and the clear case number, travel only in the transient
     * map (the chaincode keeps them in `courtPrivate`).
     */
    async issue(actor: Actor, input: IssueInput, recipient: ServiceRecipient): Promise<ServiceWrite> {
        const { caseId, transient } = this.caseArgument(input.caseId);
        return this.submit<ServiceRecord>({
            contract: 'service',
            fn: 'issue',
            args: [
                caseId,
                input.sha256,
                input.sm3 ?? '',
                input.documentType,
                input.recipientPseudonym,
                input.channel,
                String(input.addressConfirmed),
            ],
            actor,
            transient: { ...transient, [RECIPIENT_TRANSIENT_KEY]: canonicalBytes(recipient) },
        });
    }

    /** `service:record`: an event; `at` undefined = the transaction time; a note only as its salted digest. */
    async record(
        actor: Actor,
        serviceId: string,
        type: RecordableEventType,
        at?: string,
        detailSha256?: string,
    ): Promise<ServiceWrite> {
        return this.submit<ServiceRecord>({
            contract: 'service',
            fn: 'record',
            args: [serviceId, type, at ?? '', detailSha256 ?? ''],
            actor,
        });
    }

    /** `service:acknowledge`; `signature` undefined = portal-attested. */
    async acknowledge(
        actor: Actor,
        serviceId: string,
        acknowledgedAt: string,
        signature?: string,
    ): Promise<ServiceWrite> {
        return this.submit<ServiceRecord>({
            contract: 'service',
            fn: 'acknowledge',
            args: [serviceId, acknowledgedAt, signature ?? ''],
            actor,
        });
    }

    /** `service:registerKey`. */
    async registerKey(
        actor: Actor,
        recipientPseudonym: string,
        publicKeyPem: string,
    ): Promise<Write<RecipientKeyRecord>> {
        return this.submit<RecipientKeyRecord>({
            contract: 'service',
            fn: 'registerKey',
            args: [recipientPseudonym, publicKeyPem],
            actor,
        });
    }

    /** `service:get`: the record and its legal date of service (court roles, or the recipient). */
    async get(actor: Actor, serviceId: string): Promise<ServiceView> {
        return this.evaluate<ServiceView>('service', 'get', [serviceId], actor);
    }

    /** `service:recipientOf`: the private `{sub, address}` (court roles). */
    async recipientOf(actor: Actor, serviceId: string): Promise<ServiceRecipientView> {
        return this.evaluate<ServiceRecipientView>('service', 'recipientOf', [serviceId], actor);
    }
}
