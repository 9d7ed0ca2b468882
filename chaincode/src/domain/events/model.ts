import type { PrincipalRef } from './actor';
import type { CustodyEvent, EvidenceStatus } from './evidence-lifecycle';
import type { GuaranteeAction, GuaranteeStatus } from './guarantee-lifecycle';
import type { PreservationAction, PreservationStatus, RulingDecision } from './preservation-actions';
import type { Role } from './roles';
import type { LegalServiceRule, LegalServiceStatus } from './service-legal';
import type { DocumentType, ServiceChannel, ServiceEventType } from './service-validation';

/** Digests of an evidence file (lowercase hex). */
export interface EvidenceDigests {
    readonly sha256: string;
    readonly sm3?: string;
}

/** One entry of an evidence item's append-only custody trail. */
export interface CustodyEntry {
    readonly event: CustodyEvent;
    /** Status after the event. */
    readonly status: EvidenceStatus;
    readonly actor: PrincipalRef;
    /** SHA-256 of a note kept off chain (e.g. the challenge's reasons), if any. */
    readonly noteSha256?: string;
    /** Transaction timestamp (ISO 8601, UTC). */
    readonly at: string;
    readonly txId: string;
}

/** An evidence item as stored on the ledger (key: composite `evidence`/[evidenceId]). */
export interface EvidenceRecord {
    readonly evidenceId: string;
    readonly caseId: string;
    readonly digests: EvidenceDigests;
    /** Size in bytes. */
    readonly size?: number;
    /** RFC 6838 media type, lowercase. */
    readonly mediaType?: string;
    readonly submitter: PrincipalRef;
    readonly status: EvidenceStatus;
    /** Submission transaction timestamp (ISO 8601, UTC). */
    readonly submittedAt: string;
    /** Submission transaction id. */
    readonly txId: string;
    readonly custody: readonly CustodyEntry[];
}

/** What `evidence:submit` returns: `created` is false when the same item was already on the ledger. */
export interface SubmitResult {
    readonly created: boolean;
    readonly record: EvidenceRecord;
}

/** An anchored batch (key: composite `anchor`/[batchId]). */
export interface AnchorRecord {
    readonly batchId: string;
    /** RFC 6962 Merkle tree head over the batch's items (lowercase hex). */
    readonly rootHash: string;
    readonly treeSize: number;
    /** Item kinds in the batch. */
    readonly kinds: readonly string[];
    /** Principals (`sub`) that queued the batch's items, e.g. court subsystems. */
    readonly sources: readonly string[];
    readonly recordedBy: PrincipalRef;
    /** Transaction timestamp (ISO 8601, UTC). */
    readonly recordedAt: string;
    readonly txId: string;
}

/** The digests of a served document (same shape as an evidence file's). */
export type DocumentDigests = EvidenceDigests;

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
    /** Short non-personal note (≤ 200 characters), e.g. a channel's failure reason. */
    readonly detail?: string;
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

/** One entry of an action trail (preservation application or letter of guarantee). */
export interface ActionEntry<A extends string> {
    readonly action: A;
    readonly actor: PrincipalRef;
    /** Transaction timestamp (ISO 8601 UTC). */
    readonly at: string;
    readonly txId: string;
}

/** The judge's ruling on a preservation application. */
export interface PreservationRuling {
    readonly decision: RulingDecision;
    /** SHA-256 of the ruling document. */
    readonly rulingDigest: string;
    readonly at: string;
    readonly txId: string;
}

/** A supplementary document the applicant filed (its SHA-256). */
export interface PreservationSupplement {
    readonly documentDigest: string;
    readonly at: string;
    readonly txId: string;
}

/** A request for review (复议) of a ruling, by either side. */
export interface PreservationReview {
    /** SHA-256 of the statement of reasons (kept off chain). */
    readonly reasonDigest: string;
    readonly actor: PrincipalRef;
    readonly at: string;
    readonly txId: string;
}

/** A preservation application (Art. 27) (key: composite `preservation`/[applicationId]). */
export interface PreservationRecord {
    readonly applicationId: string;
    readonly caseId: string;
    readonly applicant: PrincipalRef;
    /** HMAC-SHA256(court pepper, respondent sub), lowercase hex; computed by the gateway. */
    readonly respondentPseudonym: string;
    /** Amount to preserve, integer fen. */
    readonly amount: number;
    /** SHA-256 of the property list / clue document. */
    readonly propertyDigest: string;
    /** Application fee paid, integer fen. */
    readonly feePaid?: number;
    /** Security the court requires, integer fen. */
    readonly securityRequired?: number;
    /** The letter of guarantee bound as security. */
    readonly guaranteeLetterId?: string;
    readonly ruling?: PreservationRuling;
    /** Preservation extended until (ISO 8601 UTC). */
    readonly extendedUntil?: string;
    readonly status: PreservationStatus;
    readonly supplements: readonly PreservationSupplement[];
    readonly reviews: readonly PreservationReview[];
    /** Every action after the application, oldest first (`[]` at first). */
    readonly history: readonly ActionEntry<PreservationAction>[];
    /** Application transaction timestamp (ISO 8601 UTC). */
    readonly appliedAt: string;
    /** Application transaction id. */
    readonly txId: string;
}

/** One issued version of a letter of guarantee (`issue` is version 1, each `amend` adds one). */
export interface GuaranteeVersion {
    readonly version: number;
    /** SHA-256 of the letter document of this version. */
    readonly documentDigest: string;
    /** Guaranteed amount of this version, integer fen. */
    readonly amount: number;
    readonly validTo: string;
    readonly at: string;
    readonly txId: string;
}

/** The court's consent to cancel an issued letter (`consent-cancel`). */
export interface CourtConsent {
    readonly actor: PrincipalRef;
    readonly at: string;
    readonly txId: string;
}

/** An electronic letter of guarantee (Art. 27) (key: composite `guarantee`/[letterId]). */
export interface GuaranteeRecord {
    readonly letterId: string;
    readonly applicationId: string;
    readonly caseId: string;
    /** The issuing agency's principal id (`sub` of its `agency` actor). */
    readonly agency: string;
    readonly applicant: PrincipalRef;
    /** The application's respondentPseudonym: the party the letter protects. */
    readonly beneficiaryPseudonym: string;
    /** Guaranteed amount (current version), integer fen. */
    readonly amount: number;
    /** Validity window (ISO 8601 UTC), validFrom < validTo. */
    readonly validFrom: string;
    readonly validTo: string;
    /** Stored status; see `effectiveStatus` for the derived `expired`. */
    readonly status: GuaranteeStatus;
    /** Premium the agency recorded as paid (`pay` with an amount), integer fen. */
    readonly premiumPaid?: number;
    readonly courtConsentToCancel?: CourtConsent;
    /** The current letter document (from `issue`/`amend`). */
    readonly document?: { readonly sha256: string; readonly version: number };
    /** Every issued version, oldest first (`[]` until issued). */
    readonly versions: readonly GuaranteeVersion[];
    /** Every action after the application, oldest first (`[]` at first). */
    readonly history: readonly ActionEntry<GuaranteeAction>[];
    readonly appliedAt: string;
    readonly txId: string;
}

/** What `guarantee:get` returns: the record and its status at the query's transaction time. */
export interface GuaranteeView extends GuaranteeRecord {
    readonly effectiveStatus: GuaranteeStatus;
}

/** One condition of the court's check of a letter (see `courtCheck`). */
export interface CheckCondition {
    readonly name: string;
    readonly ok: boolean;
    /** Why it passed or failed (no personal data). */
    readonly detail: string;
}

/** What `guarantee:check` returns: `ok` when every condition passes. */
export interface GuaranteeCheck {
    readonly ok: boolean;
    readonly conditions: readonly CheckCondition[];
}

/** Chaincode event names, one per write. */
export const EVENT_NAMES = {
    evidenceSubmitted: 'EvidenceSubmitted',
    evidenceCustody: 'EvidenceCustody',
    anchorRecorded: 'AnchorRecorded',
    serviceIssued: 'ServiceIssued',
    serviceEvent: 'ServiceEvent',
    recipientKeyRegistered: 'RecipientKeyRegistered',
    preservationApplied: 'PreservationApplied',
    preservationAction: 'PreservationAction',
    guaranteeApplied: 'GuaranteeApplied',
    guaranteeAction: 'GuaranteeAction',
} as const;

/** A chaincode event name. */
export type EventName = (typeof EVENT_NAMES)[keyof typeof EVENT_NAMES];

/** Payload of every chaincode event (canonical JSON): the event name and the record after the write. */
export interface LedgerEventPayload<
    T = EvidenceRecord | AnchorRecord | ServiceRecord | RecipientKeyRecord | PreservationRecord | GuaranteeRecord,
> {
    readonly type: EventName;
    readonly record: T;
}
