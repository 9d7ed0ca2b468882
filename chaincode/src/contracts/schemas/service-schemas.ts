/** Metadata schemas of service records (see shared-schemas.ts for why they exist and how they are checked). */
import { Object as DataType, Property } from 'fabric-contract-api';
import type { Role } from '../../domain/shared/roles';
import type * as model from '../../domain/service/model';
import { FileDigests, PrincipalRef } from './shared-schemas';

/**
 * Schema of {@link model.ServiceEventActor}: a court principal `{sub, role}` or the recipient
 * `{role, recipientPseudonym}`. JSON Schema as fabric-contract-api writes it has no union, so both shapes'
 * properties are listed.
 */
@DataType()
export class ServiceEventActor implements Required<model.RecipientActorRef>, Required<PrincipalRef> {
    @Property('sub', 'string') readonly sub!: string;
    @Property('role', 'string') readonly role!: Role;
    @Property('recipientPseudonym', 'string') readonly recipientPseudonym!: string;
}

/** Schema of {@link model.ServiceEventEntry}. */
@DataType()
export class ServiceEventEntry implements Required<model.ServiceEventEntry> {
    @Property('type', 'string') readonly type!: model.ServiceEventType;
    @Property('at', 'string') readonly at!: string;
    @Property('recordedAt', 'string') readonly recordedAt!: string;
    @Property('actor', 'ServiceEventActor') readonly actor!: ServiceEventActor;
    @Property('detailSha256', 'string') readonly detailSha256!: string;
    @Property('attestation', 'string') readonly attestation!: model.AcknowledgementAttestation;
    @Property('signature', 'string') readonly signature!: string;
    @Property('keyFingerprint', 'string') readonly keyFingerprint!: string;
    @Property('txId', 'string') readonly txId!: string;
}

/** Schema of {@link model.ServiceRecord}. */
@DataType()
export class ServiceRecord implements Required<model.ServiceRecord> {
    @Property('serviceId', 'string') readonly serviceId!: string;
    @Property('caseId', 'string') readonly caseId!: string;
    @Property('document', 'FileDigests') readonly document!: FileDigests;
    @Property('documentType', 'string') readonly documentType!: model.DocumentType;
    @Property('recipientPseudonym', 'string') readonly recipientPseudonym!: string;
    @Property('addressHash', 'string') readonly addressHash!: string;
    @Property('channel', 'string') readonly channel!: model.ServiceChannel;
    @Property('addressConfirmed', 'boolean') readonly addressConfirmed!: boolean;
    @Property('status', 'string') readonly status!: model.ServiceEventType;
    @Property('issuedBy', 'PrincipalRef') readonly issuedBy!: PrincipalRef;
    @Property('issuedAt', 'string') readonly issuedAt!: string;
    @Property('txId', 'string') readonly txId!: string;
    @Property('events', 'ServiceEventEntry[]') readonly events!: readonly ServiceEventEntry[];
}

/** Schema of {@link model.LegalService}. */
@DataType()
export class LegalService implements Required<model.LegalService> {
    @Property('status', 'string') readonly status!: model.LegalServiceStatus;
    @Property('servedAt', 'string') readonly servedAt!: string;
    @Property('rule', 'string') readonly rule!: model.LegalServiceRule;
}

/** Schema of {@link model.ServiceView}: a {@link ServiceRecord} and its legal date of service. */
@DataType()
export class ServiceView extends ServiceRecord implements Required<model.ServiceView> {
    @Property('legalService', 'LegalService') readonly legalService!: LegalService;
}

/** Schema of {@link model.ServiceRecipientView}. */
@DataType()
export class ServiceRecipientView implements Required<model.ServiceRecipientView> {
    @Property('sub', 'string') readonly sub!: string;
    @Property('address', 'string') readonly address!: string;
}

/** Schema of {@link model.RecipientKeyVersion}. */
@DataType()
export class RecipientKeyVersion implements Required<model.RecipientKeyVersion> {
    @Property('publicKeyPem', 'string') readonly publicKeyPem!: string;
    @Property('fingerprint', 'string') readonly fingerprint!: string;
    @Property('registeredBy', 'PrincipalRef') readonly registeredBy!: PrincipalRef;
    @Property('registeredAt', 'string') readonly registeredAt!: string;
    @Property('txId', 'string') readonly txId!: string;
}

/** Schema of {@link model.RecipientKeyRecord}: the current {@link RecipientKeyVersion} and the ones it replaced. */
@DataType()
export class RecipientKeyRecord extends RecipientKeyVersion implements Required<model.RecipientKeyRecord> {
    @Property('recipientPseudonym', 'string') readonly recipientPseudonym!: string;
    @Property('history', 'RecipientKeyVersion[]') readonly history!: readonly RecipientKeyVersion[];
}
