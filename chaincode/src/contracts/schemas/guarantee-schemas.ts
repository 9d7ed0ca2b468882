/** Metadata schemas of letters of guarantee (see shared-schemas.ts for why they exist and how they are checked). */
import { Object as DataType, Property } from 'fabric-contract-api';
import type * as model from '../../domain/guarantee/model';
import { ActionEntry, PrincipalRef } from './shared-schemas';

/** Schema of {@link model.GuaranteeVersion}. */
@DataType()
export class GuaranteeVersion implements Required<model.GuaranteeVersion> {
    @Property('version', 'number') readonly version!: number;
    @Property('documentDigest', 'string') readonly documentDigest!: string;
    @Property('amount', 'number') readonly amount!: number;
    @Property('validTo', 'string') readonly validTo!: string;
    @Property('at', 'string') readonly at!: string;
    @Property('txId', 'string') readonly txId!: string;
}

/** Schema of {@link model.CourtConsent}. */
@DataType()
export class CourtConsent implements Required<model.CourtConsent> {
    @Property('actor', 'PrincipalRef') readonly actor!: PrincipalRef;
    @Property('at', 'string') readonly at!: string;
    @Property('txId', 'string') readonly txId!: string;
}

/** Schema of {@link model.LetterDocument}. */
@DataType()
export class LetterDocument implements Required<model.LetterDocument> {
    @Property('sha256', 'string') readonly sha256!: string;
    @Property('version', 'number') readonly version!: number;
}

/** Schema of {@link model.GuaranteeRecord}. */
@DataType()
export class GuaranteeRecord implements Required<model.GuaranteeRecord> {
    @Property('letterId', 'string') readonly letterId!: string;
    @Property('applicationId', 'string') readonly applicationId!: string;
    @Property('caseId', 'string') readonly caseId!: string;
    @Property('agency', 'string') readonly agency!: string;
    @Property('applicant', 'PrincipalRef') readonly applicant!: PrincipalRef;
    @Property('beneficiaryPseudonym', 'string') readonly beneficiaryPseudonym!: string;
    @Property('amount', 'number') readonly amount!: number;
    @Property('validFrom', 'string') readonly validFrom!: string;
    @Property('validTo', 'string') readonly validTo!: string;
    @Property('status', 'string') readonly status!: model.GuaranteeStatus;
    @Property('premiumPaid', 'number') readonly premiumPaid!: number;
    @Property('courtConsentToCancel', 'CourtConsent') readonly courtConsentToCancel!: CourtConsent;
    @Property('document', 'LetterDocument') readonly document!: LetterDocument;
    @Property('versions', 'GuaranteeVersion[]') readonly versions!: readonly GuaranteeVersion[];
    @Property('history', 'ActionEntry[]') readonly history!: readonly ActionEntry<model.GuaranteeAction>[];
    @Property('appliedAt', 'string') readonly appliedAt!: string;
    @Property('txId', 'string') readonly txId!: string;
}

/** Schema of {@link model.GuaranteeView}: a {@link GuaranteeRecord} and its status at the query's time. */
@DataType()
export class GuaranteeView extends GuaranteeRecord implements Required<model.GuaranteeView> {
    @Property('effectiveStatus', 'string') readonly effectiveStatus!: model.GuaranteeStatus;
}

/** Schema of {@link model.CheckCondition}. */
@DataType()
export class CheckCondition implements Required<model.CheckCondition> {
    @Property('name', 'string') readonly name!: string;
    @Property('ok', 'boolean') readonly ok!: boolean;
    @Property('detail', 'string') readonly detail!: string;
}

/** Schema of {@link model.GuaranteeCheck}. */
@DataType()
export class GuaranteeCheck implements Required<model.GuaranteeCheck> {
    @Property('ok', 'boolean') readonly ok!: boolean;
    @Property('conditions', 'CheckCondition[]') readonly conditions!: readonly CheckCondition[];
}
