/** Metadata schema of the case-number query (see shared-schemas.ts for why schemas exist). */
import { Object as DataType, Property } from 'fabric-contract-api';
import type * as model from '../../domain/shared/case-number';

/** Schema of {@link model.CaseNumberView}. */
@DataType()
export class CaseNumberView implements Required<model.CaseNumberView> {
    @Property('caseId', 'string') readonly caseId!: string;
    @Property('caseNumber', 'string') readonly caseNumber!: string;
}
