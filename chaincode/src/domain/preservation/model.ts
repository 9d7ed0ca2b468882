import type { PrincipalRef } from '../shared/actor';
import type { ActionEntry } from '../shared/action-entry';

/** Preservation application states (Art. 27). */
export const PRESERVATION_STATUSES = ['applied', 'granted', 'rejected', 'cancelled'] as const;

/** An application's status. */
export type PreservationStatus = (typeof PRESERVATION_STATUSES)[number];

/** The judge's decisions on an application. */
export const RULING_DECISIONS = ['granted', 'rejected'] as const;

/** A ruling's decision. */
export type RulingDecision = (typeof RULING_DECISIONS)[number];

/** Actions on an application (`preservation:act`). */
export const PRESERVATION_ACTIONS = [
    'supplement',
    'pay-fee',
    'set-security',
    'bind-guarantee',
    'rule',
    'extend',
    'cancel',
    'request-review',
] as const;

/** A preservation action name. */
export type PreservationAction = (typeof PRESERVATION_ACTIONS)[number];

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
