import type { PrincipalRef } from '../shared/actor';
import type { FileDigests } from '../shared/digests';

/** Evidence states (Art. 21–23). */
export const EVIDENCE_STATUSES = [
    'submitted',
    'exchanged',
    'presented',
    'cross-examined',
    'challenged',
    'admitted',
    'excluded',
    'withdrawn',
] as const;

/** An evidence record's status. */
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

/** The procedural stage an item has reached: every status except `challenged`. */
export type EvidenceStage = Exclude<EvidenceStatus, 'challenged'>;

/** Custody events, recorded by the court (clerk, judge) or a party (party, agent). */
export const CUSTODY_EVENTS = [
    'exchange',
    'present',
    'cross-examine',
    'admit',
    'exclude',
    'challenge',
    'withdraw',
] as const;

/** A custody event name. */
export type CustodyEvent = (typeof CUSTODY_EVENTS)[number];

/** Digests of an evidence file (lowercase hex). */
export type EvidenceDigests = FileDigests;

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
    /** Present (true) when this submission made the submitter a participant of the case (self-registration). */
    readonly selfRegistered?: boolean;
}

/** What `evidence:submit` returns: `created` is false when the same item was already on the ledger. */
export interface SubmitResult {
    readonly created: boolean;
    readonly record: EvidenceRecord;
}
