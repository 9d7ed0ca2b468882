/**
 * Metadata schemas (`@Object`/`@Property`) of the record parts several domains share. They exist for the
 * contract metadata (`org.hyperledger.fabric:GetMetadata`) only: transactions return canonical JSON text, which
 * fabric-contract-api's JSON serializer passes through byte for byte, so these classes are never instantiated.
 * Each class implements `Required<>` of its model interface, so a property missing here fails to compile.
 */
import { Object as DataType, Property } from 'fabric-contract-api';
import type * as actionEntry from '../../domain/shared/action-entry';
import type * as actor from '../../domain/shared/actor';
import type * as digests from '../../domain/shared/digests';
import type { Role } from '../../domain/shared/roles';

/** Schema of a `{sub, role}` principal reference. */
@DataType()
export class PrincipalRef implements Required<actor.PrincipalRef> {
    @Property('sub', 'string') readonly sub!: string;
    @Property('role', 'string') readonly role!: Role;
}

/** Schema of a file's digests (`sm3` optional). */
@DataType()
export class FileDigests implements Required<digests.FileDigests> {
    @Property('sha256', 'string') readonly sha256!: string;
    @Property('sm3', 'string') readonly sm3!: string;
}

/** Schema of one entry of an action trail (preservation application or letter of guarantee). */
@DataType()
export class ActionEntry<A extends string> implements Required<actionEntry.ActionEntry<A>> {
    @Property('action', 'string') readonly action!: A;
    @Property('actor', 'PrincipalRef') readonly actor!: PrincipalRef;
    @Property('at', 'string') readonly at!: string;
    @Property('txId', 'string') readonly txId!: string;
}
