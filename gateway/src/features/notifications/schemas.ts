import { Type, type Static } from '@sinclair/typebox';
import { CaseId, oneOf } from '../../platform/http/schemas';

/**
 * The event types a subscriber may ask for. `anchor.items-anchored`: a batch holding the subscriber's own items
 * was recorded on the ledger (subsystems only); `anchor.batch-sealed`: any batch was recorded;
 * `service.event`, `guarantee.status`, `enforcement.step`: events of cases (a subsystem names its cases).
 */
export const EVENT_TYPES = [
    'anchor.items-anchored',
    'anchor.batch-sealed',
    'service.event',
    'guarantee.status',
    'enforcement.step',
] as const;
/** A notification event type. */
export type EventType = (typeof EVENT_TYPES)[number];

/** Event types bound to a case: a subsystem subscribing to them names its cases (`caseIds`). */
export const CASE_EVENT_TYPES: readonly EventType[] = ['service.event', 'guarantee.status', 'enforcement.step'];

/** Where an event happened on the ledger. */
const LedgerPosition = {
    txId: Type.String(),
    blockNumber: Type.Integer({ minimum: 0 }),
};

/** `anchor.items-anchored` and `anchor.batch-sealed`: the batch as recorded (fetch receipts by digest). */
export const BatchData = Type.Object(
    {
        batchId: Type.String(),
        rootHash: Type.String({ description: 'RFC 6962 root, lowercase hex' }),
        treeSize: Type.Integer({ minimum: 1 }),
        kinds: Type.Array(Type.String()),
        /** items-anchored only: the subscriber, whose items are in the batch. */
        source: Type.Optional(Type.String({ description: 'items-anchored: the principal whose items it holds' })),
        recordedAt: Type.String({ description: 'ledger transaction time, ISO 8601 UTC' }),
        ...LedgerPosition,
    },
    { additionalProperties: false },
);

/** `service.event`: a service of documents changed (issued, sent, delivered, read, acknowledged, …). */
export const ServiceData = Type.Object(
    {
        serviceId: Type.String(),
        caseId: CaseId,
        documentType: Type.String(),
        channel: Type.String(),
        status: Type.String({ description: 'the type of the last event, e.g. issued, delivered, acknowledged' }),
        at: Type.String({ description: 'when the event happened, ISO 8601 UTC' }),
        ...LedgerPosition,
    },
    { additionalProperties: false },
);

/** `guarantee.status`: a letter of guarantee was applied for or acted on; its stored status after it. */
export const GuaranteeData = Type.Object(
    {
        letterId: Type.String(),
        applicationId: Type.String(),
        caseId: CaseId,
        status: Type.String(),
        action: Type.Optional(Type.String({ description: 'the action taken (absent for the application)' })),
        at: Type.String({ description: 'ledger transaction time, ISO 8601 UTC' }),
        ...LedgerPosition,
    },
    { additionalProperties: false },
);

/** `enforcement.step`: one recorded step of an enforcement case (automatic ones included). */
export const EnforcementData = Type.Object(
    {
        caseId: CaseId,
        seq: Type.Integer({ minimum: 1 }),
        step: Type.String(),
        automatic: Type.Boolean(),
        trigger: Type.Optional(Type.String()),
        caseStatus: Type.Optional(Type.String({ description: 'the case status after the transaction' })),
        at: Type.String({ description: 'ledger transaction time, ISO 8601 UTC' }),
        ...LedgerPosition,
    },
    { additionalProperties: false },
);

/** The data of any event. */
export type EventData =
    | Static<typeof BatchData>
    | Static<typeof ServiceData>
    | Static<typeof GuaranteeData>
    | Static<typeof EnforcementData>;

/**
 * What a webhook delivery's body and an SSE message's `data` hold (the Standard Webhooks payload shape):
 * `id` is the stable event id `evt_<block>_<tx>_<index>` (same on every retry; de-duplicate on it),
 * `timestamp` the ledger time of the event.
 */
export const EventEnvelope = Type.Object(
    {
        id: Type.String({ pattern: '^evt_[0-9]+_[0-9]+_[0-9]+$' }),
        type: oneOf(EVENT_TYPES),
        timestamp: Type.String(),
        data: Type.Union([BatchData, ServiceData, GuaranteeData, EnforcementData]),
    },
    { $id: 'NotificationEvent', additionalProperties: false },
);
/** A notification event as delivered. */
export type EventEnvelope = Static<typeof EventEnvelope>;

/** Most case ids one subscription may name. */
export const MAX_CASE_IDS = 100;

/** `POST /v1/subscriptions`. */
export const SubscriptionBody = Type.Object(
    {
        url: Type.String({ minLength: 1, maxLength: 2048, description: 'http(s) URL on a host the operator allows' }),
        events: Type.Array(oneOf(EVENT_TYPES), { minItems: 1, maxItems: EVENT_TYPES.length, uniqueItems: true }),
        caseIds: Type.Optional(Type.Array(CaseId, { minItems: 1, maxItems: MAX_CASE_IDS, uniqueItems: true })),
    },
    { additionalProperties: false },
);

/** A subscription as its owner reads it (the secret only in the creation answer). */
export const Subscription = Type.Object({
    subscriptionId: Type.String(),
    url: Type.String(),
    events: Type.Array(oneOf(EVENT_TYPES)),
    caseIds: Type.Optional(Type.Array(Type.String())),
    createdAt: Type.String(),
    pending: Type.Integer({ minimum: 0, description: 'messages waiting for delivery' }),
    parked: Type.Integer({ minimum: 0, description: 'messages parked after too many failures' }),
});
/** A subscription view. */
export type Subscription = Static<typeof Subscription>;

/** The creation answer: the subscription and its signing secret, shown this once. */
export const CreatedSubscription = Type.Intersect([
    Subscription,
    Type.Object({ secret: Type.String({ description: 'whsec_<base64>: the HMAC key, shown only here' }) }),
]);

export const SubscriptionParams = Type.Object({ id: Type.String({ pattern: '^sub_[0-9a-f]{32}$' }) });
export const DeliveryParams = Type.Object({
    id: Type.String({ pattern: '^sub_[0-9a-f]{32}$' }),
    deliveryId: Type.String({ pattern: '^msg_[0-9a-f]{32}$' }),
});

/** One HTTP attempt of a delivery. */
export const Attempt = Type.Object({
    attempt: Type.Integer({ minimum: 1 }),
    startedAt: Type.String(),
    durationMs: Type.Integer({ minimum: 0 }),
    statusCode: Type.Optional(Type.Integer()),
    error: Type.Optional(Type.String()),
    outcome: oneOf(['delivered', 'failed', 'parked'] as const),
});

/** A delivery: one event for one subscription, with every attempt. */
export const Delivery = Type.Object({
    deliveryId: Type.String({ description: 'the webhook-id header' }),
    eventId: Type.String(),
    type: oneOf(EVENT_TYPES),
    status: oneOf(['pending', 'delivered', 'parked'] as const),
    nextAttemptAt: Type.Optional(Type.String()),
    deliveredAt: Type.Optional(Type.String()),
    attempts: Type.Array(Attempt),
});
/** A delivery view. */
export type Delivery = Static<typeof Delivery>;

export const DeliveriesQuery = Type.Object({
    status: Type.Optional(oneOf(['pending', 'delivered', 'parked'] as const)),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

/** `GET /v1/events` filters (the same rules as a subscription's). */
export const StreamQuery = Type.Object({
    events: Type.Optional(Type.String({ description: 'comma-separated event types (default: every type allowed)' })),
    caseIds: Type.Optional(Type.String({ description: 'comma-separated case ids' })),
});
