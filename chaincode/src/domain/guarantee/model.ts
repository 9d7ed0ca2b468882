import type { PrincipalRef } from '../shared/actor';
import type { ActionEntry } from '../shared/action-entry';

/** Letter of guarantee states (Art. 27). `expired` is never stored: see `effectiveStatus` (guarantee-lifecycle.ts). */
export const GUARANTEE_STATUSES = [
    'applied',
    'approved',
    'rejected',
    'paid',
    'issued',
    'amended',
    'released',
    'claimed',
    'settled',
    'cancelled',
    'expired',
] as const;

/** A letter's status (stored, or `expired` as derived). */
export type GuaranteeStatus = (typeof GUARANTEE_STATUSES)[number];

/** Actions on a letter (`guarantee:act`). */
export const GUARANTEE_ACTIONS = [
    'approve',
    'reject',
    'pay',
    'issue',
    'amend',
    'release',
    'claim',
    'settle',
    'consent-cancel',
    'cancel',
] as const;

/** A letter action name. */
export type GuaranteeAction = (typeof GUARANTEE_ACTIONS)[number];

/** The court's check conditions, in the order `courtCheck` reports them (docs/guarantees.md). */
export const COURT_CHECK_CONDITIONS = [
    'exists',
    'issued',
    'not-cancelled',
    'not-released',
    'not-claimed',
    'not-expired',
    'bound-to-application',
    'covers-security',
] as const;

/** A court check condition name. */
export type CourtCheckCondition = (typeof COURT_CHECK_CONDITIONS)[number];

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

/** The current document of an issued letter: its SHA-256 and version number. */
export interface LetterDocument {
    readonly sha256: string;
    readonly version: number;
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
    readonly document?: LetterDocument;
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
