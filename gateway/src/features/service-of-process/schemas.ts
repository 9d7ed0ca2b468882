import {
    DOCUMENT_TYPES,
    LEGAL_SERVICE_RULE_IDS,
    LEGAL_SERVICE_STATUSES,
    MAX_ADDRESS_LENGTH,
    MAX_DETAIL_LENGTH,
    SERVICE_CHANNELS,
    SERVICE_EVENT_WRITERS,
    type RecipientKeyRecord,
    type ServiceEventType,
    type ServiceView as ServiceViewRecord,
} from '@court-ledger/chaincode';
import { Type, type Static } from '@sinclair/typebox';
import { describes, type WithBlocks } from '../../platform/http/describes';
import { ActorRef, Hex64, NO_CONTROL_CHARACTERS, oneOf } from '../../platform/http/schemas';

/**
 * TypeBox schemas of service-of-documents requests and answers (docs/service-of-process.md); the record types
 * are the chaincode's.
 */

/** Event types `POST /v1/services/{id}/events` accepts: those the chaincode's `record` writes. */
export const RECORDABLE_EVENT_TYPES = [
    'sent',
    'delivered',
    'delivery-failed',
    'cancelled',
    'read',
    'downloaded',
    'replied',
] as const satisfies readonly ServiceEventType[];
/** A type `POST /v1/services/{id}/events` accepts. */
export type RecordableEventType = (typeof RECORDABLE_EVENT_TYPES)[number];

/** Who may record each recordable type (the chaincode's SERVICE_EVENT_WRITERS). */
export function writerOf(type: RecordableEventType): 'court' | 'recipient' {
    return SERVICE_EVENT_WRITERS[type] === 'court' ? 'court' : 'recipient';
}

/** The one spelling of times the chaincode accepts (`isoTimestamp`): UTC with milliseconds. */
export const IsoTime = Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$',
    description: 'ISO 8601 UTC with milliseconds, e.g. 2026-03-01T08:00:00.000Z',
});
export const ServiceId = Type.String({ pattern: '^sv_[0-9a-f]{32}$' });
export const DocumentTypeSchema = oneOf(DOCUMENT_TYPES);
export const ChannelSchema = oneOf(SERVICE_CHANNELS);
export const RecordableEventSchema = oneOf(RECORDABLE_EVENT_TYPES);
export const Detail = Type.String({ minLength: 1, maxLength: MAX_DETAIL_LENGTH, pattern: NO_CONTROL_CHARACTERS });
export const Address = Type.String({ minLength: 1, maxLength: MAX_ADDRESS_LENGTH, pattern: NO_CONTROL_CHARACTERS });

/** Who recorded an event: a court principal `{sub, role}`, or the recipient `{role, recipientPseudonym}`. */
export const EventActor = Type.Object({
    role: Type.String(),
    sub: Type.Optional(Type.String()),
    recipientPseudonym: Type.Optional(Type.String()),
});

export const ServiceEvent = Type.Object({
    type: Type.String(),
    at: Type.String({ format: 'date-time', description: 'when it happened' }),
    recordedAt: Type.String({ format: 'date-time', description: 'transaction time' }),
    actor: EventActor,
    detailSha256: Type.Optional(Type.String({ description: 'SHA-256(salt ‖ detail): what the ledger holds' })),
    detail: Type.Optional(Type.String({ description: 'the note itself, kept off the ledger by the court' })),
    attestation: Type.Optional(Type.String()),
    signature: Type.Optional(Type.String()),
    keyFingerprint: Type.Optional(Type.String()),
    txId: Type.String(),
    blockNumber: Type.Integer(),
});
export type ServiceEventView = Static<typeof ServiceEvent>;

export const LegalService = Type.Object({
    status: oneOf(LEGAL_SERVICE_STATUSES),
    servedAt: Type.Optional(Type.String({ format: 'date-time' })),
    rule: oneOf(LEGAL_SERVICE_RULE_IDS),
});

/** A service as the API shows it: the chaincode's record, block numbers and the legal date of service. */
export const ServiceView = Type.Object({
    serviceId: Type.String(),
    caseId: Type.String(),
    document: Type.Object({ sha256: Hex64, sm3: Type.Optional(Hex64) }),
    documentType: Type.String(),
    recipientPseudonym: Type.String(),
    addressHash: Type.String(),
    channel: Type.String(),
    addressConfirmed: Type.Boolean(),
    status: Type.String(),
    issuedBy: ActorRef,
    issuedAt: Type.String({ format: 'date-time' }),
    txId: Type.String(),
    blockNumber: Type.Integer({ description: 'block of the issuing transaction' }),
    events: Type.Array(ServiceEvent),
    legalService: LegalService,
});
export type ServiceViewBody = Static<typeof ServiceView>;
describes<typeof ServiceView, WithBlocks<ServiceViewRecord, 'events'>>(true);

/** Outcome of dispatching a service through its channel (answer of `POST /v1/services`). */
export const Dispatch = Type.Object({
    channel: Type.String(),
    delivered: Type.Boolean(),
    detail: Type.String(),
    /** False when the channel's outcome could not be written to the ledger (see the logs; record it again). */
    recorded: Type.Boolean(),
});
export type Dispatch = Static<typeof Dispatch>;

export const ServiceParams = Type.Object({ id: ServiceId });

export const KeyVersion = Type.Object({
    publicKeyPem: Type.String(),
    fingerprint: Type.String({ description: 'SHA-256 of the DER SPKI' }),
    registeredBy: ActorRef,
    registeredAt: Type.String({ format: 'date-time' }),
    txId: Type.String(),
});

/** A recipient's key record as the API shows it: the chaincode's, with the block of its registration. */
export const KeyRecord = Type.Object({
    recipientPseudonym: Type.String(),
    ...KeyVersion.properties,
    history: Type.Array(KeyVersion),
    blockNumber: Type.Integer(),
});
describes<typeof KeyRecord, WithBlocks<RecipientKeyRecord>>(true);
