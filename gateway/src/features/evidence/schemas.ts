import type { CustodyEntry, EvidenceRecord } from '@court-ledger/chaincode';
import { Type, type Static } from '@sinclair/typebox';
import { describes } from '../../platform/http/describes';
import { ActorRef, Digests, FiniteInteger, NO_CONTROL_CHARACTERS_BUT_LINES } from '../../platform/http/schemas';

/** TypeBox schemas of evidence requests and answers; the record types are the chaincode's. */

export const CaseId = Type.String({ minLength: 1, maxLength: 64 });

export const CustodyEntrySchema = Type.Object({
    event: Type.String(),
    status: Type.String(),
    actor: ActorRef,
    noteSha256: Type.Optional(Type.String()),
    at: Type.String({ format: 'date-time' }),
    txId: Type.String(),
});
describes<typeof CustodyEntrySchema, CustodyEntry>(true);

/** The chaincode's evidence record (OpenAPI component `EvidenceRecord`). */
export const EvidenceRecordSchema = Type.Object(
    {
        evidenceId: Type.String(),
        caseId: Type.String(),
        digests: Digests,
        size: Type.Optional(Type.Integer({ minimum: 0 })),
        mediaType: Type.Optional(Type.String()),
        submitter: ActorRef,
        status: Type.String(),
        submittedAt: Type.String({ format: 'date-time' }),
        txId: Type.String(),
        custody: Type.Array(CustodyEntrySchema),
        selfRegistered: Type.Optional(
            Type.Boolean({ description: 'true when this submission made the submitter a participant of the case' }),
        ),
    },
    { $id: 'EvidenceRecord' },
);
describes<typeof EvidenceRecordSchema, EvidenceRecord>(true);

export const SubmitBody = Type.Object(
    {
        caseId: CaseId,
        digests: Digests,
        size: Type.Optional(FiniteInteger({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
        mediaType: Type.Optional(
            Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$' }),
        ),
    },
    { additionalProperties: false },
);
export type SubmitBody = Static<typeof SubmitBody>;

export const SubmitResponse = Type.Object({
    evidenceId: Type.String(),
    caseId: Type.String(),
    digests: Digests,
    size: Type.Optional(Type.Integer()),
    mediaType: Type.Optional(Type.String()),
    status: Type.String(),
    txId: Type.String(),
    blockNumber: Type.Integer(),
    timestamp: Type.String({ format: 'date-time' }),
});
export type SubmitResponse = Static<typeof SubmitResponse>;

export const CustodyBody = Type.Object(
    {
        event: Type.Union(
            ['exchange', 'present', 'cross-examine', 'admit', 'exclude', 'challenge', 'withdraw'].map((e) =>
                Type.Literal(e),
            ),
        ),
        note: Type.Optional(Type.String({ maxLength: 2000, pattern: NO_CONTROL_CHARACTERS_BUT_LINES })),
    },
    { additionalProperties: false },
);

export const EvidenceParams = Type.Object({ id: Type.String({ pattern: '^ev_[0-9a-f]{32}$' }) });

export const EvidenceWithNotes = Type.Intersect([
    Type.Ref('EvidenceRecord'),
    Type.Object({
        notes: Type.Optional(Type.Array(Type.Object({ txId: Type.String(), note: Type.String() }))),
    }),
]);
