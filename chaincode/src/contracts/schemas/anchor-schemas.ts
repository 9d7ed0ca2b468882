/** Metadata schemas of anchor records (see shared-schemas.ts for why they exist and how they are checked). */
import { Object as DataType, Property } from 'fabric-contract-api';
import type * as model from '../../domain/anchor/model';
import { PrincipalRef } from './shared-schemas';

/** Schema of {@link model.AnchorRecord}. */
@DataType()
export class AnchorRecord implements Required<model.AnchorRecord> {
    @Property('batchId', 'string') readonly batchId!: string;
    @Property('rootHash', 'string') readonly rootHash!: string;
    @Property('treeSize', 'number') readonly treeSize!: number;
    @Property('kinds', 'string[]') readonly kinds!: readonly string[];
    @Property('sources', 'string[]') readonly sources!: readonly string[];
    @Property('recordedBy', 'PrincipalRef') readonly recordedBy!: PrincipalRef;
    @Property('recordedAt', 'string') readonly recordedAt!: string;
    @Property('txId', 'string') readonly txId!: string;
}
