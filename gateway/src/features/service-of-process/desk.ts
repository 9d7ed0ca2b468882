import { randomBytes } from 'node:crypto';
import type { DocumentType, ServiceChannel as ChannelName, ServiceRecord } from '@court-ledger/chaincode';
import type { FastifyBaseLogger } from 'fastify';
import { LedgerFailure, type Actor, type Ledger } from '@court-ledger/ledger-api';
import type { StoredDocument } from '../../platform/documents/document-store';
import { BlockLocator } from '../../platform/ledger/block-locator';
import type { Pepper } from '../../platform/pseudonyms/pepper';
import type { IndexStore } from '../../platform/store/index';
import { OffChainTexts, sealText } from '../../platform/store/off-chain-texts';
import type { EventProjector } from '../../platform/store/projector';
import { ledgerDetail, type ChannelResult, type ServiceChannels } from './channels';
import { ServiceClient, type ServiceWrite } from './client';
import type { Dispatch, RecordableEventType, ServiceViewBody } from './schemas';
import { serviceView } from './views';

/** A validated `POST /v1/services`. */
export interface IssueRequest {
    readonly caseId: string;
    readonly documentType: DocumentType;
    readonly recipientSub: string;
    readonly channel: ChannelName;
    readonly address: string;
    readonly addressConfirmed: boolean;
    readonly document: StoredDocument;
    /** Runs once the issue transaction committed, before dispatch (stores an uploaded document). */
    readonly afterIssued?: () => Promise<void>;
}

/** What issuing returns: the service after dispatch, and how the channel fared. */
export interface Issued {
    readonly view: ServiceViewBody;
    readonly dispatch: Dispatch;
}

/** What a {@link ServiceDesk} works with: shared services, and the feature's channels. */
export interface ServiceDeskParts {
    readonly ledger: Ledger;
    readonly index: IndexStore;
    readonly projector: EventProjector;
    readonly pepper: Pepper;
    readonly channels: ServiceChannels;
}

/**
 * Service of documents on top of the `service` contract: issue (pseudonymise, salt, private recipient),
 * dispatch through the channel and record its outcome, record events, and present records with blocks.
 */
export class ServiceDesk {
    readonly client: ServiceClient;
    readonly blocks: BlockLocator;
    /** Event details kept off the ledger. */
    readonly texts: OffChainTexts;

    constructor(
        private readonly parts: ServiceDeskParts,
        private readonly log: FastifyBaseLogger,
    ) {
        this.client = new ServiceClient(parts.ledger, parts.pepper);
        this.blocks = new BlockLocator(parts.ledger, parts.index.db);
        this.texts = new OffChainTexts(parts.index.db);
    }

    /** Issues a service, sends it and records the channel's outcome. */
    async issue(actor: Actor, request: IssueRequest): Promise<Issued> {
        const recipientPseudonym = this.parts.pepper.pseudonym(request.recipientSub);
        const issued = await this.client.issue(
            actor,
            {
                caseId: request.caseId,
                sha256: request.document.sha256,
                sm3: request.document.sm3,
                documentType: request.documentType,
                recipientPseudonym,
                channel: request.channel,
                addressConfirmed: request.addressConfirmed,
            },
            { sub: request.recipientSub, address: request.address, salt: randomBytes(16).toString('hex') },
        );
        await request.afterIssued?.();
        const { write, dispatch } = await this.dispatch(actor, issued.record, request);
        const last = write ?? issued;
        this.blocks.remember(issued.committed);
        if (write !== undefined) {
            this.blocks.remember(write.committed);
        }
        await this.parts.projector.waitFor(last.committed.blockNumber);
        return { view: await serviceView(last.record, this.blocks, this.texts), dispatch };
    }

    /**
     * Records an event (`at` undefined = transaction time) and returns the updated view. A `detail` is free text
     * that may name people: the ledger gets its salted digest, the text stays in the index.
     */
    async record(
        actor: Actor,
        serviceId: string,
        type: RecordableEventType,
        at?: string,
        detail?: string,
    ): Promise<ServiceViewBody> {
        return this.written(await this.recordEvent(actor, serviceId, type, at, detail));
    }

    private async recordEvent(
        actor: Actor,
        serviceId: string,
        type: RecordableEventType,
        at?: string,
        detail?: string,
    ): Promise<ServiceWrite> {
        const sealed = detail === undefined ? undefined : sealText(detail);
        if (sealed !== undefined) {
            await this.texts.keep([sealed]);
        }
        return this.client.record(actor, serviceId, type, at, sealed?.sha256);
    }

    /** Records the recipient's acknowledgement (`signature` undefined = portal attestation). */
    async acknowledge(
        actor: Actor,
        serviceId: string,
        acknowledgedAt: string,
        signature?: string,
    ): Promise<ServiceViewBody> {
        return this.written(await this.client.acknowledge(actor, serviceId, acknowledgedAt, signature));
    }

    /**
     * The service as `actor` may see it. With `markRead`, the recipient's first look records `read` (the
     * recipient opened the service on the platform), unless the service is cancelled.
     */
    async view(actor: Actor, serviceId: string, markRead = false): Promise<ServiceViewBody> {
        const current = await this.client.get(actor, serviceId);
        const unread = !current.events.some((event) => event.type === 'read' || event.type === 'cancelled');
        if (!markRead || !unread) {
            return serviceView(current, this.blocks, this.texts);
        }
        try {
            return await this.record(actor, serviceId, 'read');
        } catch (error) {
            if (error instanceof LedgerFailure && error.kind === 'mvcc-conflict') {
                return serviceView(await this.client.get(actor, serviceId), this.blocks, this.texts);
            }
            throw error;
        }
    }

    private async written(write: ServiceWrite): Promise<ServiceViewBody> {
        this.blocks.remember(write.committed);
        await this.parts.projector.waitFor(write.committed.blockNumber);
        return serviceView(write.record, this.blocks, this.texts);
    }

    /**
     * Sends through the record's channel, then records `sent` + `delivered` (delivered) or `delivery-failed`.
     * A ledger failure while recording is logged and reported as `recorded: false`: the service exists, and
     * the court can record the outcome again through `POST /v1/services/{id}/events`.
     */
    private async dispatch(
        actor: Actor,
        record: ServiceRecord,
        request: IssueRequest,
    ): Promise<{ write: ServiceWrite | undefined; dispatch: Dispatch }> {
        const channel = this.parts.channels.get(record.channel);
        let result: ChannelResult;
        try {
            result = await channel.send(record, request.address, request.document);
        } catch (error) {
            result = { delivered: false, detail: `channel error: ${(error as Error).message}` };
        }
        const detail = ledgerDetail(result.detail, request.address, request.recipientSub);
        const at = new Date().toISOString();
        const steps: [RecordableEventType, string][] = result.delivered
            ? [
                  ['sent', `via ${channel.name}`],
                  ['delivered', detail],
              ]
            : [['delivery-failed', detail]];
        let write: ServiceWrite | undefined;
        let recorded = true;
        try {
            for (const [type, text] of steps) {
                write = await this.recordEvent(actor, record.serviceId, type, at, text);
            }
        } catch (error) {
            this.log.error({ err: error, serviceId: record.serviceId }, 'could not record the channel outcome');
            recorded = false;
        }
        return { write, dispatch: { channel: channel.name, delivered: result.delivered, detail, recorded } };
    }
}
