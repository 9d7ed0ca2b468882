import type { PrincipalRef } from '../shared/actor';
import type { FileDigests } from '../shared/digests';
import type { Role } from '../shared/roles';

/** Kinds of judicial document served (Art. 26). */
export const DOCUMENT_TYPES = [
    'summons',
    'notice',
    'judgment',
    'ruling',
    'mediation-document',
    'enforcement-notice',
    'other',
] as const;

/** A served document's kind. */
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Electronic channels a document is served through. */
export const SERVICE_CHANNELS = ['platform', 'email'] as const;

/** A service channel. */
export type ServiceChannel = (typeof SERVICE_CHANNELS)[number];

/** Events in a service record's trail (docs/service-of-process.md). */
export const SERVICE_EVENT_TYPES = [
    'issued',
    'sent',
    'delivered',
    'delivery-failed',
    'read',
    'downloaded',
    'acknowledged',
    'replied',
    'cancelled',
] as const;

/** A service event type; a record's `status` is the type of its last event. */
export type ServiceEventType = (typeof SERVICE_EVENT_TYPES)[number];

/** Legal status of service: served, presumed served (rebuttable by the recipient), not served. */
export const LEGAL_SERVICE_STATUSES = ['served', 'presumed', 'not-served'] as const;

/** A {@link LegalService} status. */
export type LegalServiceStatus = (typeof LEGAL_SERVICE_STATUSES)[number];

/** Identifiers of the rules that can decide the legal date of service. */
export const LEGAL_SERVICE_RULE_IDS = [
    'art26-designated-address-delivered',
    'art26-acknowledged-or-replied',
    'art26-read-presumed',
    'cancelled',
    'not-served',
] as const;

/** A {@link LegalService} rule id. */
export type LegalServiceRule = (typeof LEGAL_SERVICE_RULE_IDS)[number];

/** The digests of a served document (same shape as an evidence file's). */
export type DocumentDigests = FileDigests;

/**
 * An event recorded by the recipient, who appears only by pseudonym: the link between a `sub` and a
 * pseudonym is personal data and stays in the private collection.
 */
export interface RecipientActorRef {
    readonly role: Role;
    readonly recipientPseudonym: string;
}

/** Who recorded a service event: a court principal `{sub, role}`, or the recipient `{role, recipientPseudonym}`. */
export type ServiceEventActor = PrincipalRef | RecipientActorRef;

/** How an `acknowledged` event was attested: the recipient's own signature, or the court portal's login. */
export type AcknowledgementAttestation = 'signature' | 'portal';

/** One entry of a service record's append-only event trail. */
export interface ServiceEventEntry {
    readonly type: ServiceEventType;
    /** When the event happened (ISO 8601 UTC, milliseconds): given by the caller, or the transaction time. */
    readonly at: string;
    /** Transaction timestamp of the write (ISO 8601 UTC). */
    readonly recordedAt: string;
    readonly actor: ServiceEventActor;
    /**
     * SHA-256 (hex) of a salted free-text note, e.g. a channel's failure reason: the text itself and its salt
     * stay off the ledger, with the court (the gateway's store), since free text may name people.
     */
    readonly detailSha256?: string;
    /** `acknowledged` only. */
    readonly attestation?: AcknowledgementAttestation;
    /** `acknowledged` with a signature: base64 DER ECDSA P-256/SHA-256 over the acknowledgement statement. */
    readonly signature?: string;
    /** `acknowledged` with a signature: fingerprint of the registered key that verified it. */
    readonly keyFingerprint?: string;
    readonly txId: string;
}

/** Service of a judicial document (Art. 26) (key: composite `service`/[serviceId]). */
export interface ServiceRecord {
    readonly serviceId: string;
    readonly caseId: string;
    readonly document: DocumentDigests;
    readonly documentType: DocumentType;
    /** HMAC-SHA256(court pepper, recipient sub), lowercase hex; computed by the gateway. */
    readonly recipientPseudonym: string;
    /** SHA-256(salt ‖ address), lowercase hex; the address and salt are in the private collection. */
    readonly addressHash: string;
    readonly channel: ServiceChannel;
    /** Whether the recipient designated or confirmed the address (legal date of service, rule 1). */
    readonly addressConfirmed: boolean;
    /** The type of the last event. */
    readonly status: ServiceEventType;
    readonly issuedBy: PrincipalRef;
    /** Issuing transaction timestamp (ISO 8601 UTC). */
    readonly issuedAt: string;
    /** Issuing transaction id. */
    readonly txId: string;
    /** Starts with the `issued` event. */
    readonly events: readonly ServiceEventEntry[];
}

/** The legal date of service computed from a record (see `legalService`). */
export interface LegalService {
    readonly status: LegalServiceStatus;
    /** Present when status is `served` or `presumed`. */
    readonly servedAt?: string;
    /** The rule that decided (see `LEGAL_SERVICE_RULES`). */
    readonly rule: LegalServiceRule;
}

/** What `service:get` returns: the record and its legal date of service. */
export interface ServiceView extends ServiceRecord {
    readonly legalService: LegalService;
}

/** The recipient of a service, kept only in the private collection `courtPrivate`. */
export interface ServiceRecipient {
    /** The recipient principal's `sub`. */
    readonly sub: string;
    /** Electronic address (e-mail, phone number, IM account, platform account). */
    readonly address: string;
    /** 16 random bytes, lowercase hex, chosen by the gateway. */
    readonly salt: string;
}

/** What `service:recipientOf` returns. */
export interface ServiceRecipientView {
    readonly sub: string;
    readonly address: string;
}

/** One registered version of a recipient's signing key. */
export interface RecipientKeyVersion {
    /** SPKI PEM of an ECDSA P-256 public key, as Node exports it. */
    readonly publicKeyPem: string;
    /** SHA-256 of the DER SPKI, lowercase hex. */
    readonly fingerprint: string;
    readonly registeredBy: PrincipalRef;
    /** Transaction timestamp (ISO 8601 UTC). */
    readonly registeredAt: string;
    readonly txId: string;
}

/** A recipient's current signing key (key: composite `servicekey`/[recipientPseudonym]). */
export interface RecipientKeyRecord extends RecipientKeyVersion {
    readonly recipientPseudonym: string;
    /** The keys it replaced, oldest first. */
    readonly history: readonly RecipientKeyVersion[];
}
