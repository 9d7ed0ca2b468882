import { principalRef, type Actor, type PrincipalRef } from '../shared/actor';
import { LedgerError } from '../shared/errors';
import { nextEvidenceStatus, stageOf } from './evidence-lifecycle';
import { deriveEvidenceId, type EvidenceSubmission } from './evidence-validation';
import type { CustodyEntry, CustodyEvent, EvidenceRecord } from './model';

/** The id the submission gets when `submitter` submits it (see {@link deriveEvidenceId}). */
export function evidenceIdFor(submission: EvidenceSubmission, submitter: PrincipalRef): string {
    return deriveEvidenceId(submission.caseId, submission.digests.sha256, submitter.sub);
}

/** A new record, status `submitted`, empty custody trail. */
export function newEvidenceRecord(
    submission: EvidenceSubmission,
    submitter: Actor,
    at: string,
    txId: string,
): EvidenceRecord {
    return {
        evidenceId: evidenceIdFor(submission, submitter),
        ...submission,
        submitter: principalRef(submitter),
        status: 'submitted',
        submittedAt: at,
        txId,
        custody: [],
    };
}

/**
 * For an idempotent re-submission: throws `CONFLICT` when the stored record carries different optional
 * attributes (sm3, size, mediaType) than the new request, which would otherwise be silently dropped.
 */
export function assertSameSubmission(existing: EvidenceRecord, submission: EvidenceSubmission): void {
    const differs =
        existing.digests.sm3 !== submission.digests.sm3 ||
        existing.size !== submission.size ||
        existing.mediaType !== submission.mediaType;
    if (differs) {
        throw new LedgerError(
            'CONFLICT',
            `evidence ${existing.evidenceId} was already submitted with a different sm3, size or mediaType`,
        );
    }
}

/**
 * Appends a custody event to a record and returns the updated record (the input is not modified).
 * Throws as {@link nextEvidenceStatus} does.
 */
export function recordCustody(
    record: EvidenceRecord,
    event: CustodyEvent,
    actor: Actor,
    noteSha256: string | undefined,
    at: string,
    txId: string,
): EvidenceRecord {
    const state = { status: record.status, stage: stageOf(record.custody) };
    const status = nextEvidenceStatus(state, event, actor, record.submitter.sub);
    const entry: CustodyEntry = {
        event,
        status,
        actor: principalRef(actor),
        ...(noteSha256 === undefined ? {} : { noteSha256 }),
        at,
        txId,
    };
    return { ...record, status, custody: [...record.custody, entry] };
}
