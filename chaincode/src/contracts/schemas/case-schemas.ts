/** Metadata schemas of case records (see shared-schemas.ts for why they exist and how they are checked). */
import { Object as DataType, Property } from 'fabric-contract-api';
import type * as model from '../../domain/case/model';
import { PrincipalRef } from './shared-schemas';

/** Schema of {@link model.CaseParticipant}. */
@DataType()
export class CaseParticipant implements Required<model.CaseParticipant> {
    @Property('id', 'string') readonly id!: string;
    @Property('side', 'string') readonly side!: model.CaseSide;
    @Property('agentOf', 'string') readonly agentOf!: string;
    @Property('via', 'string') readonly via!: model.ParticipantSource;
    @Property('since', 'string') readonly since!: string;
    @Property('txId', 'string') readonly txId!: string;
}

/** Schema of {@link model.CaseRecord}. */
@DataType()
export class CaseRecord implements Required<model.CaseRecord> {
    @Property('caseId', 'string') readonly caseId!: string;
    @Property('court', 'string') readonly court!: string;
    @Property('caseType', 'string') readonly caseType!: string;
    @Property('participants', 'CaseParticipant[]') readonly participants!: readonly CaseParticipant[];
    @Property('registeredBy', 'PrincipalRef') readonly registeredBy!: PrincipalRef;
    @Property('registeredAt', 'string') readonly registeredAt!: string;
    @Property('txId', 'string') readonly txId!: string;
    @Property('updatedAt', 'string') readonly updatedAt!: string;
}

/** Schema of {@link model.CaseTypePolicy}. */
@DataType()
export class CaseTypePolicy implements Required<model.CaseTypePolicy> {
    @Property('court', 'string') readonly court!: string;
    @Property('caseType', 'string') readonly caseType!: string;
    @Property('selfRegistration', 'boolean') readonly selfRegistration!: boolean;
    @Property('setBy', 'PrincipalRef') readonly setBy!: PrincipalRef;
    @Property('at', 'string') readonly at!: string;
    @Property('txId', 'string') readonly txId!: string;
}
