/** Metadata schemas of evidence records (see shared-schemas.ts for why they exist and how they are checked). */
import { Object as DataType, Property } from 'fabric-contract-api';
import type * as model from '../../domain/evidence/model';
import { FileDigests, PrincipalRef } from './shared-schemas';

/** Schema of {@link model.CustodyEntry}. */
@DataType()
export class CustodyEntry implements Required<model.CustodyEntry> {
    @Property('event', 'string') readonly event!: model.CustodyEvent;
    @Property('status', 'string') readonly status!: model.EvidenceStatus;
    @Property('actor', 'PrincipalRef') readonly actor!: PrincipalRef;
    @Property('noteSha256', 'string') readonly noteSha256!: string;
    @Property('at', 'string') readonly at!: string;
    @Property('txId', 'string') readonly txId!: string;
}

/** Schema of {@link model.EvidenceRecord}. */
@DataType()
export class EvidenceRecord implements Required<model.EvidenceRecord> {
    @Property('evidenceId', 'string') readonly evidenceId!: string;
    @Property('caseId', 'string') readonly caseId!: string;
    @Property('digests', 'FileDigests') readonly digests!: FileDigests;
    @Property('size', 'number') readonly size!: number;
    @Property('mediaType', 'string') readonly mediaType!: string;
    @Property('submitter', 'PrincipalRef') readonly submitter!: PrincipalRef;
    @Property('status', 'string') readonly status!: model.EvidenceStatus;
    @Property('submittedAt', 'string') readonly submittedAt!: string;
    @Property('txId', 'string') readonly txId!: string;
    @Property('custody', 'CustodyEntry[]') readonly custody!: readonly CustodyEntry[];
    @Property('selfRegistered', 'boolean') readonly selfRegistered!: boolean;
}

/** Schema of {@link model.SubmitResult}. */
@DataType()
export class SubmitResult implements Required<model.SubmitResult> {
    @Property('created', 'boolean') readonly created!: boolean;
    @Property('record', 'EvidenceRecord') readonly record!: EvidenceRecord;
}
