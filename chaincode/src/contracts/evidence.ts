import { Info, Returns, Transaction } from 'fabric-contract-api';
import { mayAccessCase } from '../domain/case/case-access';
import { admitSubmitter } from '../domain/case/case-participants';
import { EVENT_NAMES } from '../domain/events/model';
import { parseCustodyEvent } from '../domain/evidence/evidence-lifecycle';
import {
    assertSameSubmission,
    evidenceIdFor,
    newEvidenceRecord,
    recordCustody,
} from '../domain/evidence/evidence-record';
import { parseSubmission, validateEvidenceId } from '../domain/evidence/evidence-validation';
import type { EvidenceRecord, SubmitResult } from '../domain/evidence/model';
import { canonicalJson } from '../domain/shared/canonical-json';
import { parseDigestAlgorithm, validateDigest, validateOptionalDigest } from '../domain/shared/digests';
import { LedgerError } from '../domain/shared/errors';
import { PERMISSIONS, requireRole } from '../domain/shared/roles';
import { validateCaseId } from '../domain/shared/validation';
import { caseRecordKey, courtOf, findCase, findPolicyOf, requireCaseParticipation, txStamp } from './case-state';
import { CourtContext, CourtContract } from './court-context';
import * as schemas from './schemas/evidence-schemas';

/** Composite-key object types of evidence records and their indexes (values of index entries: the id). */
export const EVIDENCE_KEYS = {
    record: 'evidence',
    bySha256: 'evidence~sha256',
    bySm3: 'evidence~sm3',
    byCase: 'evidence~case',
} as const;

/** Evidence digests and their custody trail (Art. 21–23). Contract name `evidence`. */
@Info({ title: 'EvidenceContract', description: 'Evidence digests and their custody trail (Art. 21-23)' })
export class EvidenceContract extends CourtContract {
    constructor() {
        super('evidence');
    }

    /**
     * Anchors an evidence item (roles party, agent, clerk; the submitter must have access to the case or
     * become a participant by the self-registration rule, `admitSubmitter`; then the record carries
     * `selfRegistered: true` and the case is updated in the same transaction). Idempotent: the same (case, sha256, submitter)
     * returns `{created: false, record}` without writing; with different sm3/size/mediaType it is `CONFLICT`.
     * Emits `EvidenceSubmitted` when created. Returns canonical JSON {@link SubmitResult}.
     */
    @Transaction()
    @Returns(schemas.SubmitResult.name)
    async submit(
        ctx: CourtContext,
        caseId: string,
        sha256: string,
        sm3: string,
        size: string,
        mediaType: string,
    ): Promise<string> {
        const actor = ctx.actor();
        requireRole(actor, PERMISSIONS.submitEvidence, 'submit evidence');
        const submission = parseSubmission({ caseId, sha256, sm3, size, mediaType });
        const kase = await findCase(ctx, submission.caseId);
        const policy = kase === undefined ? undefined : await findPolicyOf(ctx, kase);
        const joined = admitSubmitter(kase, policy, actor, courtOf(ctx), txStamp(ctx));
        const key = ctx.key(EVIDENCE_KEYS.record, [evidenceIdFor(submission, actor)]);
        const existing = await ctx.getJson<EvidenceRecord>(key);
        if (existing !== undefined) {
            assertSameSubmission(existing, submission);
            return canonicalJson({ created: false, record: existing } satisfies SubmitResult);
        }
        const submitted = newEvidenceRecord(submission, actor, ctx.txTimestamp(), ctx.txId());
        const record: EvidenceRecord = joined === undefined ? submitted : { ...submitted, selfRegistered: true };
        await ctx.rememberCaseNumber(record.caseId);
        if (joined !== undefined) {
            await ctx.put(caseRecordKey(ctx, joined.caseId), joined);
        }
        await ctx.write(key, record, EVENT_NAMES.evidenceSubmitted);
        await ctx.putIndex(EVIDENCE_KEYS.bySha256, [record.digests.sha256, record.evidenceId], record.evidenceId);
        if (record.digests.sm3 !== undefined) {
            await ctx.putIndex(EVIDENCE_KEYS.bySm3, [record.digests.sm3, record.evidenceId], record.evidenceId);
        }
        await ctx.putIndex(EVIDENCE_KEYS.byCase, [record.caseId, record.evidenceId], record.evidenceId);
        return canonicalJson({ created: true, record } satisfies SubmitResult);
    }

    /**
     * Records a custody event (see evidence-lifecycle.ts for who may do what, when). `noteSha256` is `''` or
     * the SHA-256 of an off-chain note. Emits `EvidenceCustody`; returns the updated record (canonical JSON).
     */
    @Transaction()
    @Returns(schemas.EvidenceRecord.name)
    async custody(ctx: CourtContext, evidenceId: string, event: string, noteSha256: string): Promise<string> {
        const actor = ctx.actor();
        const id = validateEvidenceId(evidenceId);
        const custodyEvent = parseCustodyEvent(event);
        const note = validateOptionalDigest(noteSha256, 'noteSha256');
        const key = ctx.key(EVIDENCE_KEYS.record, [id]);
        const record = await this.load(ctx, key, id);
        await requireCaseParticipation(ctx, record.caseId, 'the case of this evidence');
        const updated = recordCustody(record, custodyEvent, actor, note, ctx.txTimestamp(), ctx.txId());
        return ctx.write(key, updated, EVENT_NAMES.evidenceCustody);
    }

    /**
     * The record of `evidenceId` with its custody trail (canonical JSON); `EVIDENCE_NOT_FOUND` when absent.
     * Court roles of the case's court and the case's participants (`requireCaseAccess`).
     */
    @Transaction(false)
    @Returns(schemas.EvidenceRecord.name)
    async get(ctx: CourtContext, evidenceId: string): Promise<string> {
        ctx.actor();
        const id = validateEvidenceId(evidenceId);
        const record = await this.load(ctx, ctx.key(EVIDENCE_KEYS.record, [id]), id);
        await requireCaseParticipation(ctx, record.caseId, 'the case of this evidence');
        return canonicalJson(record);
    }

    /**
     * Every record with this digest, across cases (canonical JSON array, ordered by submission time then id).
     * `algorithm` is `sha256` or `sm3`. Only the records of cases the actor may access (`mayAccessCase`).
     */
    @Transaction(false)
    @Returns(`${schemas.EvidenceRecord.name}[]`)
    async byDigest(ctx: CourtContext, algorithm: string, digest: string): Promise<string> {
        const actor = ctx.actor();
        const alg = parseDigestAlgorithm(algorithm);
        const value = validateDigest(digest, 'digest');
        const index = alg === 'sha256' ? EVIDENCE_KEYS.bySha256 : EVIDENCE_KEYS.bySm3;
        const visible: EvidenceRecord[] = [];
        for (const record of await this.loadAll(ctx, await ctx.scanIndex(index, [value]))) {
            if (mayAccessCase(await findCase(ctx, record.caseId), actor, courtOf(ctx))) {
                visible.push(record);
            }
        }
        return canonicalJson(visible);
    }

    /**
     * Every record of a case (canonical JSON array, ordered by submission time then id). Court roles of the
     * case's court and the case's participants (`requireCaseAccess`).
     */
    @Transaction(false)
    @Returns(`${schemas.EvidenceRecord.name}[]`)
    async byCase(ctx: CourtContext, caseId: string): Promise<string> {
        ctx.actor();
        const id = validateCaseId(caseId);
        await requireCaseParticipation(ctx, id);
        return canonicalJson(await this.loadAll(ctx, await ctx.scanIndex(EVIDENCE_KEYS.byCase, [id])));
    }

    private async load(ctx: CourtContext, key: string, evidenceId: string): Promise<EvidenceRecord> {
        const record = await ctx.getJson<EvidenceRecord>(key);
        if (record === undefined) {
            throw new LedgerError('EVIDENCE_NOT_FOUND', `no evidence ${evidenceId}`, 'evidenceId');
        }
        return record;
    }

    private async loadAll(ctx: CourtContext, ids: readonly string[]): Promise<EvidenceRecord[]> {
        const records: EvidenceRecord[] = [];
        for (const id of ids) {
            records.push(await this.load(ctx, ctx.key(EVIDENCE_KEYS.record, [id]), id));
        }
        return records.sort((a, b) => compare(a.submittedAt, b.submittedAt) || compare(a.evidenceId, b.evidenceId));
    }
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
