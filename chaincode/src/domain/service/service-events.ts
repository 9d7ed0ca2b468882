import { principalRef, type Actor } from '../shared/actor';
import { parseDigests, validateOptionalDigest } from '../shared/digests';
import { LedgerError } from '../shared/errors';
import { COURT_SERVICE_ROLES, PARTY_ROLES, requireRole } from '../shared/roles';
import { millisBetween, parseIsoTimestamp } from '../shared/time';
import { validateCaseId, validatePseudonym } from '../shared/validation';
import type {
    DocumentDigests,
    DocumentType,
    ServiceChannel,
    ServiceEventActor,
    ServiceEventEntry,
    ServiceEventType,
    ServiceRecipient,
    ServiceRecord,
} from './model';
import { addressHash } from './service-recipient';
import {
    deriveServiceId,
    parseAddressConfirmed,
    parseDocumentType,
    parseServiceChannel,
    parseServiceEventType,
} from './service-validation';

/**
 * Who writes each event type:
 * - `issue`: only the `issue` function (the first event of every record);
 * - `court`: `record`, by a court role (clerk, judge, enforcement);
 * - `recipient`: `record`, by a party/agent who is the record's recipient (the gateway acting for them);
 * - `acknowledge`: only the `acknowledge` function, by the recipient.
 * No event of any kind is accepted after `cancelled`.
 */
export const SERVICE_EVENT_WRITERS: Readonly<
    Record<ServiceEventType, 'issue' | 'court' | 'recipient' | 'acknowledge'>
> = {
    issued: 'issue',
    sent: 'court',
    delivered: 'court',
    'delivery-failed': 'court',
    cancelled: 'court',
    read: 'recipient',
    downloaded: 'recipient',
    replied: 'recipient',
    acknowledged: 'acknowledge',
};

/**
 * Clock tolerance between the transaction time and a time the caller gives: an event may be dated at most this
 * far after its transaction, and an acknowledgement must be dated within this of its transaction.
 */
export const SERVICE_CLOCK_TOLERANCE_MS = 10 * 60 * 1000;

/** The raw string arguments of `service:issue`. */
export interface IssueArgs {
    readonly caseId: string;
    readonly sha256: string;
    readonly sm3: string;
    readonly documentType: string;
    readonly recipientPseudonym: string;
    readonly channel: string;
    readonly addressConfirmed: string;
}

/** A validated `service:issue` request. */
export interface ServiceIssue {
    readonly caseId: string;
    readonly document: DocumentDigests;
    readonly documentType: DocumentType;
    readonly recipientPseudonym: string;
    readonly channel: ServiceChannel;
    readonly addressConfirmed: boolean;
}

/** Validates `service:issue` arguments (INVALID_ARGUMENT / INVALID_DIGEST naming the field). */
export function parseIssue(args: IssueArgs): ServiceIssue {
    return {
        caseId: validateCaseId(args.caseId),
        document: parseDigests(args.sha256, args.sm3),
        documentType: parseDocumentType(args.documentType),
        recipientPseudonym: validatePseudonym(args.recipientPseudonym),
        channel: parseServiceChannel(args.channel),
        addressConfirmed: parseAddressConfirmed(args.addressConfirmed),
    };
}

/** A new record for `issue`, issued by `issuer` in transaction `txId` at `at`: one `issued` event. */
export function newServiceRecord(
    issue: ServiceIssue,
    recipient: ServiceRecipient,
    issuer: Actor,
    at: string,
    txId: string,
): ServiceRecord {
    const issuedBy = principalRef(issuer);
    return {
        serviceId: deriveServiceId(txId),
        ...issue,
        addressHash: addressHash(recipient.salt, recipient.address),
        status: 'issued',
        issuedBy,
        issuedAt: at,
        txId,
        events: [{ type: 'issued', at, recordedAt: at, actor: issuedBy, txId }],
    };
}

/**
 * Parses the `type` argument of `service:record`: a known event type (else `INVALID_ARGUMENT`) that `record`
 * may write — `issued` and `acknowledged` are `INVALID_ARGUMENT` too (use `issue` / `acknowledge`).
 */
export function parseRecordableEventType(value: string): ServiceEventType {
    const type = parseServiceEventType(value);
    const writer = SERVICE_EVENT_WRITERS[type];
    if (writer === 'issue' || writer === 'acknowledge') {
        throw new LedgerError('INVALID_ARGUMENT', `${type} is written only by ${writer}`, 'type');
    }
    return type;
}

/**
 * Throws unless `actor` is the recipient: role party or agent (`FORBIDDEN_ROLE`) and `sub` equal to the
 * record's `recipientPseudonym` (`FORBIDDEN_ACTOR`; the message names neither). The gateway acts with the
 * pseudonym of its principal's sub (the one HMAC scheme), so the actor's `sub` is that pseudonym.
 */
export function requireRecipient(actor: Actor, recipientPseudonym: string, action: string): void {
    requireRole(actor, PARTY_ROLES, action);
    if (actor.sub !== recipientPseudonym) {
        throw new LedgerError('FORBIDDEN_ACTOR', `only the recipient of this service may ${action}`);
    }
}

/**
 * Decides whether `actor` may add an event of `type` to `record` and returns how the event names its actor.
 * Checks in order: role (`FORBIDDEN_ROLE`), recipient (`FORBIDDEN_ACTOR`), then that the record is not
 * cancelled (`INVALID_TRANSITION`). See {@link SERVICE_EVENT_WRITERS}.
 */
export function authoriseServiceEvent(record: ServiceRecord, type: ServiceEventType, actor: Actor): ServiceEventActor {
    const writer = SERVICE_EVENT_WRITERS[type];
    let eventActor: ServiceEventActor;
    if (writer === 'court') {
        requireRole(actor, COURT_SERVICE_ROLES, `record ${type}`);
        eventActor = principalRef(actor);
    } else if (writer === 'recipient' || writer === 'acknowledge') {
        requireRecipient(actor, record.recipientPseudonym, `record ${type}`);
        eventActor = { role: actor.role, recipientPseudonym: record.recipientPseudonym };
    } else {
        throw new LedgerError('INVALID_ARGUMENT', `${type} is written only by issue`, 'type');
    }
    if (record.events.some((event) => event.type === 'cancelled')) {
        throw new LedgerError('INVALID_TRANSITION', `service ${record.serviceId} is cancelled: no ${type} after it`);
    }
    return eventActor;
}

/**
 * The `at` of a new event: `given` (already a valid ISO timestamp) or, when undefined, the transaction time.
 * Refuses (`INVALID_ARGUMENT` naming `field`) a time before the record was issued, later than the transaction
 * time plus {@link SERVICE_CLOCK_TOLERANCE_MS}, or — for `cancelled` — before an event already recorded, so
 * a cancellation cannot be backdated over service that already took effect.
 */
export function resolveEventTime(
    record: ServiceRecord,
    type: ServiceEventType,
    given: string | undefined,
    recordedAt: string,
    field = 'at',
): string {
    const at = given ?? recordedAt;
    if (millisBetween(record.issuedAt, at) < 0) {
        throw new LedgerError('INVALID_ARGUMENT', `${field} is before the service was issued`, field);
    }
    if (millisBetween(recordedAt, at) > SERVICE_CLOCK_TOLERANCE_MS) {
        throw new LedgerError('INVALID_ARGUMENT', `${field} is later than the transaction time`, field);
    }
    if (type === 'cancelled' && record.events.some((event) => millisBetween(event.at, at) < 0)) {
        throw new LedgerError('INVALID_ARGUMENT', `${field} of a cancellation is before a recorded event`, field);
    }
    return at;
}

/** Appends `entry` and sets `status` to its type; returns the updated record (the input is not modified). */
export function appendServiceEvent(record: ServiceRecord, entry: ServiceEventEntry): ServiceRecord {
    return { ...record, status: entry.type, events: [...record.events, entry] };
}

/** The raw string arguments of `service:record` after `serviceId`. */
export interface RecordEventArgs {
    readonly type: string;
    /** ISO time, or `''` for the transaction time. */
    readonly at: string;
    /** `''` or the SHA-256 (hex) of the salted note the court keeps off the ledger. */
    readonly detailSha256: string;
}

/** A validated `service:record` request. */
export interface RecordEventRequest {
    readonly type: ServiceEventType;
    /** Undefined: the transaction time. */
    readonly at?: string;
    readonly detailSha256?: string;
}

/**
 * Validates `service:record` arguments (`INVALID_ARGUMENT` naming `type` or `at`, `INVALID_DIGEST` naming
 * `detailSha256`).
 */
export function parseRecordEvent(args: RecordEventArgs): RecordEventRequest {
    const type = parseRecordableEventType(args.type);
    const at = args.at === '' ? undefined : parseIsoTimestamp(args.at, 'at');
    const detailSha256 = validateOptionalDigest(args.detailSha256, 'detailSha256');
    return { type, ...(at === undefined ? {} : { at }), ...(detailSha256 === undefined ? {} : { detailSha256 }) };
}

/**
 * Applies a `service:record` request to `record` and returns the record with the event appended:
 * {@link authoriseServiceEvent}, then the time ({@link resolveEventTime}).
 *
 * @param recordedAt - transaction time
 */
export function recordServiceEvent(
    record: ServiceRecord,
    request: RecordEventRequest,
    actor: Actor,
    recordedAt: string,
    txId: string,
): ServiceRecord {
    const { type, detailSha256 } = request;
    const eventActor = authoriseServiceEvent(record, type, actor);
    const at = resolveEventTime(record, type, request.at, recordedAt);
    const entry: ServiceEventEntry = {
        type,
        at,
        recordedAt,
        actor: eventActor,
        ...(detailSha256 === undefined ? {} : { detailSha256 }),
        txId,
    };
    return appendServiceEvent(record, entry);
}
