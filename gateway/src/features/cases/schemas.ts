import {
    CASE_SIDES,
    PARTICIPANT_SOURCES,
    type CaseParticipant,
    type CaseRecord,
    type CaseTypePolicy,
} from '@court-ledger/chaincode';
import { Type, type Static } from '@sinclair/typebox';
import { describes } from '../../platform/http/describes';
import { ActorRef, CaseId, DateTime, oneOf, PrincipalId, Pseudonym } from '../../platform/http/schemas';

/** TypeBox schemas of cases and their participants; the record types are the chaincode's. */

/** A case type of the court's own vocabulary. */
export const CaseType = Type.String({
    pattern: '^[a-z0-9-]{1,32}$',
    description: "the court's case type, e.g. civil-first-instance (the self-registration policy is per type)",
});

/** Path of a case. */
export const CaseParams = Type.Object({ caseId: CaseId });
/** Path of one participant of a case. */
export const ParticipantParams = Type.Object({
    caseId: CaseId,
    participantId: Type.Intersect([Pseudonym], { description: 'the participant id as listed (its pseudonym)' }),
});
/** Path of a case type's policy. */
export const CaseTypeParams = Type.Object({ caseType: CaseType });

/** One participant as the chaincode records it. */
export const ParticipantSchema = Type.Object({
    id: Type.String({ description: "the principal's pseudonym (what the ledger compares with the acting principal)" }),
    side: Type.Optional(oneOf(CASE_SIDES)),
    agentOf: Type.Optional(Type.String()),
    via: oneOf(PARTICIPANT_SOURCES),
    since: Type.String({ format: 'date-time' }),
    txId: Type.String(),
});
describes<typeof ParticipantSchema, CaseParticipant>(true);

/** The chaincode's case record (OpenAPI component `CaseRecord`). */
export const CaseRecordSchema = Type.Object(
    {
        caseId: Type.String(),
        court: Type.String(),
        caseType: Type.String(),
        participants: Type.Array(ParticipantSchema),
        registeredBy: ActorRef,
        registeredAt: Type.String({ format: 'date-time' }),
        txId: Type.String(),
        updatedAt: Type.String({ format: 'date-time' }),
    },
    { $id: 'CaseRecord' },
);
describes<typeof CaseRecordSchema, CaseRecord>(true);

/** The chaincode's self-registration policy of a case type. */
export const CasePolicySchema = Type.Object({
    court: Type.String(),
    caseType: Type.String(),
    selfRegistration: Type.Boolean(),
    setBy: ActorRef,
    at: Type.String({ format: 'date-time' }),
    txId: Type.String(),
});
describes<typeof CasePolicySchema, CaseTypePolicy>(true);

/** `PUT /v1/cases/{caseId}` body. */
export const RegisterCaseBody = Type.Object({ caseType: CaseType }, { additionalProperties: false });
export type RegisterCaseBody = Static<typeof RegisterCaseBody>;

/** A principal named by its account id (`sub`, mapped by the gateway) or by its ledger pseudonym. */
export const PrincipalName = Type.Union([
    Type.Object({ sub: PrincipalId }, { additionalProperties: false }),
    Type.Object({ pseudonym: Pseudonym }, { additionalProperties: false }),
]);
export type PrincipalName = Static<typeof PrincipalName>;

/** `POST /v1/cases/{caseId}/participants` body. */
export const AddParticipantBody = Type.Object(
    {
        participant: PrincipalName,
        side: oneOf(CASE_SIDES),
        agentOf: Type.Optional(PrincipalName),
    },
    { additionalProperties: false },
);
export type AddParticipantBody = Static<typeof AddParticipantBody>;

/** `PUT /v1/case-types/{caseType}/policy` body. */
export const PolicyBody = Type.Object({ selfRegistration: Type.Boolean() }, { additionalProperties: false });
export type PolicyBody = Static<typeof PolicyBody>;

/** What a write answers: the record and where it was committed. */
export const CaseWriteResponse = Type.Object({
    case: Type.Ref('CaseRecord'),
    txId: Type.String(),
    blockNumber: Type.Integer(),
    timestamp: DateTime,
});
