import { Info, Returns, Transaction } from 'fabric-contract-api';
import { EVENT_NAMES } from '../domain/events/model';
import type {
    RecipientKeyRecord,
    ServiceRecipient,
    ServiceRecipientView,
    ServiceRecord,
    ServiceView,
} from '../domain/service/model';
import { acknowledgeService, parseAcknowledgedAt } from '../domain/service/service-acknowledgement';
import {
    newServiceRecord,
    parseIssue,
    parseRecordEvent,
    recordServiceEvent,
    requireRecipient,
} from '../domain/service/service-events';
import { parseRecipientPublicKey, registerRecipientKey } from '../domain/service/service-keys';
import { legalService } from '../domain/service/service-legal';
import { parseRecipient, RECIPIENT_TRANSIENT_KEY } from '../domain/service/service-recipient';
import { validateServiceId } from '../domain/service/service-validation';
import { canonicalJson } from '../domain/shared/canonical-json';
import { LedgerError } from '../domain/shared/errors';
import { COURT_SERVICE_ROLES, PERMISSIONS, requireRole, SERVICE_PARTICIPANT_ROLES } from '../domain/shared/roles';
import { validatePseudonym } from '../domain/shared/validation';
import { COURT_PRIVATE_COLLECTION, CourtContext, CourtContract } from './court-context';
import * as schemas from './schemas/service-schemas';

/**
 * Composite-key object types: `service`/[serviceId] (public record), `servicekey`/[recipientPseudonym]
 * (public key record), `servicerecipient`/[serviceId] (in the private collection `courtPrivate`).
 */
export const SERVICE_KEYS = {
    record: 'service',
    recipientKey: 'servicekey',
    recipient: 'servicerecipient',
} as const;

/**
 * Service of judicial documents (Art. 26) — docs/service-of-process.md. Contract name `service`. The
 * recipient's sub and address live only in `courtPrivate`; shared state holds the pseudonym and address hash.
 */
@Info({
    title: 'ServiceContract',
    description: 'Service of judicial documents and the legal date of service (Art. 26)',
})
export class ServiceContract extends CourtContract {
    constructor() {
        super('service');
    }

    /**
     * Issues a service (roles clerk, judge, enforcement). Transient `recipient` = JSON `{sub, address, salt}`,
     * stored only in `courtPrivate`; the record gets `addressHash` = SHA-256(salt ‖ address). `sm3` `''` = none;
     * `addressConfirmed` `true`/`false`. Emits `ServiceIssued`; returns the record (canonical JSON).
     */
    @Transaction()
    @Returns(schemas.ServiceRecord.name)
    async issue(
        ctx: CourtContext,
        caseId: string,
        sha256: string,
        sm3: string,
        documentType: string,
        recipientPseudonym: string,
        channel: string,
        addressConfirmed: string,
    ): Promise<string> {
        const actor = ctx.actor();
        requireRole(actor, PERMISSIONS.issueService, 'issue a service');
        const issue = parseIssue({ caseId, sha256, sm3, documentType, recipientPseudonym, channel, addressConfirmed });
        const recipient = parseRecipient(ctx.transientJson(RECIPIENT_TRANSIENT_KEY));
        const record = newServiceRecord(issue, recipient, actor, ctx.txTimestamp(), ctx.txId());
        const key = ctx.key(SERVICE_KEYS.record, [record.serviceId]);
        if ((await ctx.getJson<ServiceRecord>(key)) !== undefined) {
            throw new LedgerError('CONFLICT', `service ${record.serviceId} already exists`, 'serviceId');
        }
        await ctx.putPrivateJson(
            COURT_PRIVATE_COLLECTION,
            ctx.key(SERVICE_KEYS.recipient, [record.serviceId]),
            recipient,
        );
        await ctx.rememberCaseNumber(record.caseId);
        return ctx.write(key, record, EVENT_NAMES.serviceIssued);
    }

    /**
     * Records an event: `sent`, `delivered`, `delivery-failed`, `cancelled` (court roles) or `read`,
     * `downloaded`, `replied` (the recipient, as party/agent, whose `sub` is the record's recipient pseudonym).
     * `at` is an ISO time or `''` (transaction time); `detailSha256` `''` or the SHA-256 of a salted note kept
     * off the ledger (free text never goes in a block). Emits `ServiceEvent`; returns the record.
     */
    @Transaction()
    @Returns(schemas.ServiceRecord.name)
    async record(
        ctx: CourtContext,
        serviceId: string,
        type: string,
        at: string,
        detailSha256: string,
    ): Promise<string> {
        const actor = ctx.actor();
        requireRole(actor, SERVICE_PARTICIPANT_ROLES, 'record a service event');
        const id = validateServiceId(serviceId);
        const request = parseRecordEvent({ type, at, detailSha256 });
        const { key, record } = await this.load(ctx, id);
        const updated = recordServiceEvent(record, request, actor, ctx.txTimestamp(), ctx.txId());
        return ctx.write(key, updated, EVENT_NAMES.serviceEvent);
    }

    /**
     * The recipient (party/agent) acknowledges service. `signature` is base64 DER ECDSA P-256/SHA-256 over
     * `acknowledgementStatement(serviceId, sha256, acknowledgedAt)`, required when a key is registered for the
     * recipient's pseudonym; `''` without a key is a portal attestation. Emits `ServiceEvent`; returns the record.
     */
    @Transaction()
    @Returns(schemas.ServiceRecord.name)
    async acknowledge(
        ctx: CourtContext,
        serviceId: string,
        acknowledgedAt: string,
        signature: string,
    ): Promise<string> {
        const actor = ctx.actor();
        requireRole(actor, SERVICE_PARTICIPANT_ROLES, 'acknowledge service');
        const id = validateServiceId(serviceId);
        const request = { acknowledgedAt: parseAcknowledgedAt(acknowledgedAt), signature };
        const { key, record } = await this.load(ctx, id);
        const keyRecord = await ctx.getJson<RecipientKeyRecord>(
            ctx.key(SERVICE_KEYS.recipientKey, [record.recipientPseudonym]),
        );
        const updated = acknowledgeService(record, request, actor, keyRecord, ctx.txTimestamp(), ctx.txId());
        if (updated === record) {
            return canonicalJson(record);
        }
        return ctx.write(key, updated, EVENT_NAMES.serviceEvent);
    }

    /**
     * Registers (or replaces) the signing key of a recipient pseudonym (roles clerk, judge), after the court has
     * checked the recipient's identity. `publicKeyPem`: SPKI PEM of an ECDSA P-256 key. The replaced key moves
     * to `history`. Emits `RecipientKeyRegistered`; returns the key record.
     */
    @Transaction()
    @Returns(schemas.RecipientKeyRecord.name)
    async registerKey(ctx: CourtContext, recipientPseudonym: string, publicKeyPem: string): Promise<string> {
        const actor = ctx.actor();
        requireRole(actor, PERMISSIONS.registerRecipientKey, 'register a recipient key');
        const pseudonym = validatePseudonym(recipientPseudonym);
        const publicKey = parseRecipientPublicKey(publicKeyPem);
        const key = ctx.key(SERVICE_KEYS.recipientKey, [pseudonym]);
        const previous = await ctx.getJson<RecipientKeyRecord>(key);
        const record = registerRecipientKey(previous, pseudonym, publicKey, actor, ctx.txTimestamp(), ctx.txId());
        return ctx.write(key, record, EVENT_NAMES.recipientKeyRegistered);
    }

    /**
     * The record with its legal date of service (`{...record, legalService}`, canonical JSON). Court roles, or
     * the recipient (party/agent whose sub is the record's recipient pseudonym); `SERVICE_NOT_FOUND` when absent.
     */
    @Transaction(false)
    @Returns(schemas.ServiceView.name)
    async get(ctx: CourtContext, serviceId: string): Promise<string> {
        const actor = ctx.actor();
        requireRole(actor, PERMISSIONS.readService, 'read a service');
        const id = validateServiceId(serviceId);
        const { record } = await this.load(ctx, id);
        if (!COURT_SERVICE_ROLES.includes(actor.role)) {
            requireRecipient(actor, record.recipientPseudonym, 'read this service');
        }
        return canonicalJson({ ...record, legalService: legalService(record) } satisfies ServiceView);
    }

    /** The private recipient `{sub, address}` of a service (court roles); `SERVICE_NOT_FOUND` when absent. */
    @Transaction(false)
    @Returns(schemas.ServiceRecipientView.name)
    async recipientOf(ctx: CourtContext, serviceId: string): Promise<string> {
        const actor = ctx.actor();
        requireRole(actor, PERMISSIONS.readServiceRecipient, 'read the recipient of a service');
        const id = validateServiceId(serviceId);
        await this.load(ctx, id);
        const { sub, address } = await this.recipient(ctx, id);
        return canonicalJson({ sub, address } satisfies ServiceRecipientView);
    }

    private async load(ctx: CourtContext, serviceId: string): Promise<{ key: string; record: ServiceRecord }> {
        const key = ctx.key(SERVICE_KEYS.record, [serviceId]);
        const record = await ctx.getJson<ServiceRecord>(key);
        if (record === undefined) {
            throw new LedgerError('SERVICE_NOT_FOUND', `no service ${serviceId}`, 'serviceId');
        }
        return { key, record };
    }

    private async recipient(ctx: CourtContext, serviceId: string): Promise<ServiceRecipient> {
        const key = ctx.key(SERVICE_KEYS.recipient, [serviceId]);
        const recipient = await ctx.getPrivateJson<ServiceRecipient>(COURT_PRIVATE_COLLECTION, key);
        if (recipient === undefined) {
            throw new LedgerError('NOT_FOUND', `the recipient of ${serviceId} is not held by this peer`, 'serviceId');
        }
        return recipient;
    }
}
