/** Metadata schemas of preservation applications (see shared-schemas.ts for why they exist and how they are checked). */
import { Object as DataType, Property } from 'fabric-contract-api';
import type * as model from '../../domain/preservation/model';
import { ActionEntry, PrincipalRef } from './shared-schemas';

/** Schema of {@link model.PreservationRuling}. */
@DataType()
export class PreservationRuling implements Required<model.PreservationRuling> {
    @Property('decision', 'string') readonly decision!: model.RulingDecision;
    @Property('rulingDigest', 'string') readonly rulingDigest!: string;
    @Property('at', 'string') readonly at!: string;
    @Property('txId', 'string') readonly txId!: string;
}

/** Schema of {@link model.PreservationSupplement}. */
@DataType()
export class PreservationSupplement implements Required<model.PreservationSupplement> {
    @Property('documentDigest', 'string') readonly documentDigest!: string;
    @Property('at', 'string') readonly at!: string;
    @Property('txId', 'string') readonly txId!: string;
}

/** Schema of {@link model.PreservationReview}. */
@DataType()
export class PreservationReview implements Required<model.PreservationReview> {
    @Property('reasonDigest', 'string') readonly reasonDigest!: string;
    @Property('actor', 'PrincipalRef') readonly actor!: PrincipalRef;
    @Property('at', 'string') readonly at!: string;
    @Property('txId', 'string') readonly txId!: string;
}

/** Schema of {@link model.PreservationRecord}. */
@DataType()
export class PreservationRecord implements Required<model.PreservationRecord> {
    @Property('applicationId', 'string') readonly applicationId!: string;
    @Property('caseId', 'string') readonly caseId!: string;
    @Property('applicant', 'PrincipalRef') readonly applicant!: PrincipalRef;
    @Property('respondentPseudonym', 'string') readonly respondentPseudonym!: string;
    @Property('amount', 'number') readonly amount!: number;
    @Property('propertyDigest', 'string') readonly propertyDigest!: string;
    @Property('feePaid', 'number') readonly feePaid!: number;
    @Property('securityRequired', 'number') readonly securityRequired!: number;
    @Property('guaranteeLetterId', 'string') readonly guaranteeLetterId!: string;
    @Property('ruling', 'PreservationRuling') readonly ruling!: PreservationRuling;
    @Property('extendedUntil', 'string') readonly extendedUntil!: string;
    @Property('status', 'string') readonly status!: model.PreservationStatus;
    @Property('supplements', 'PreservationSupplement[]') readonly supplements!: readonly PreservationSupplement[];
    @Property('reviews', 'PreservationReview[]') readonly reviews!: readonly PreservationReview[];
    @Property('history', 'ActionEntry[]') readonly history!: readonly ActionEntry<model.PreservationAction>[];
    @Property('appliedAt', 'string') readonly appliedAt!: string;
    @Property('txId', 'string') readonly txId!: string;
}
