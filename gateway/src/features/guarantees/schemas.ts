import {
    COURT_CHECK_CONDITIONS,
    GUARANTEE_ACTIONS,
    GUARANTEE_STATUSES,
    PRESERVATION_ACTIONS,
    PRESERVATION_STATUSES,
    RULING_DECISIONS,
    type GuaranteeAction,
    type GuaranteeView as GuaranteeViewRecord,
    type PreservationRecord,
} from '@court-ledger/chaincode';
import { Type, type Static } from '@sinclair/typebox';
import { describes, type WithBlocks } from '../../platform/http/describes';
import { ActorRef, Amount, CaseId, DateTime, Hex64, oneOf, PrincipalId, Pseudonym } from '../../platform/http/schemas';

/**
 * TypeBox schemas of preservation applications and letters of guarantee (docs/guarantees.md); the record types
 * are the chaincode's.
 */

/** Actions that carry a letter document (multipart part `letter`, or `documentDigest` of a stored one). */
export const LETTER_ACTIONS: readonly GuaranteeAction[] = ['issue', 'amend'];

export const ApplicationId = Type.String({ pattern: '^pa_[0-9a-f]{32}$', description: 'preservation application id' });
export const LetterId = Type.String({ pattern: '^lg_[0-9a-f]{32}$', description: 'letter of guarantee id' });
export const PreservationParams = Type.Object({ id: ApplicationId });
export const GuaranteeParams = Type.Object({ id: LetterId });

export const ApplyPreservationBody = Type.Object(
    {
        caseId: CaseId,
        respondent: Type.Intersect([PrincipalId], {
            description: "the respondent's principal id; only its pseudonym goes on the ledger",
        }),
        amount: Amount,
        propertyDigest: Type.Intersect([Hex64], { description: 'SHA-256 of the property list' }),
    },
    { additionalProperties: false },
);
export type ApplyPreservationBody = Static<typeof ApplyPreservationBody>;

export const PreservationActionBody = Type.Object(
    {
        action: oneOf(PRESERVATION_ACTIONS),
        documentDigest: Type.Optional(Type.Intersect([Hex64], { description: 'supplement: the document' })),
        amount: Type.Optional(Type.Intersect([Amount], { description: 'pay-fee, set-security' })),
        letterId: Type.Optional(Type.Intersect([LetterId], { description: 'bind-guarantee' })),
        decision: Type.Optional(oneOf(RULING_DECISIONS)),
        rulingDigest: Type.Optional(Type.Intersect([Hex64], { description: 'rule: the ruling document' })),
        until: Type.Optional(Type.Intersect([DateTime], { description: 'extend: the new end of preservation' })),
        reasonDigest: Type.Optional(Type.Intersect([Hex64], { description: 'request-review: the reasons' })),
    },
    { additionalProperties: false },
);
export type PreservationActionBody = Static<typeof PreservationActionBody>;

export const ApplyGuaranteeBody = Type.Object(
    {
        applicationId: ApplicationId,
        agency: Type.Intersect([PrincipalId], { description: "the agency's id (its tokens' sub)" }),
        amount: Amount,
        validFrom: DateTime,
        validTo: DateTime,
    },
    { additionalProperties: false },
);
export type ApplyGuaranteeBody = Static<typeof ApplyGuaranteeBody>;

export const GuaranteeActionBody = Type.Object(
    {
        action: oneOf(GUARANTEE_ACTIONS),
        amount: Type.Optional(Type.Intersect([Amount], { description: 'pay (optional), amend (new amount)' })),
        validTo: Type.Optional(Type.Intersect([DateTime], { description: 'amend: new end of validity' })),
        documentDigest: Type.Optional(
            Type.Intersect([Hex64], {
                description: 'issue/amend by JSON: SHA-256 of a letter already stored here (multipart sets it)',
            }),
        ),
    },
    { additionalProperties: false },
);
export type GuaranteeActionBody = Static<typeof GuaranteeActionBody>;

export const CheckQuery = Type.Object({ applicationId: ApplicationId }, { additionalProperties: false });

/** When a step happened (transaction time) and its transaction. */
const Stamp = { at: Type.String({ format: 'date-time' }), txId: Type.String() };

/** One step of a record's history, with the block of its transaction. */
export const HistoryEntry = Type.Object({
    action: Type.String(),
    actor: ActorRef,
    ...Stamp,
    blockNumber: Type.Integer(),
});

export const PreservationView = Type.Object({
    applicationId: ApplicationId,
    caseId: Type.String(),
    applicant: ActorRef,
    respondentPseudonym: Pseudonym,
    amount: Type.Integer(),
    propertyDigest: Hex64,
    feePaid: Type.Optional(Type.Integer()),
    securityRequired: Type.Optional(Type.Integer()),
    guaranteeLetterId: Type.Optional(Type.String()),
    ruling: Type.Optional(
        Type.Object({
            decision: oneOf(RULING_DECISIONS),
            rulingDigest: Hex64,
            ...Stamp,
        }),
    ),
    extendedUntil: Type.Optional(Type.String({ format: 'date-time' })),
    status: oneOf(PRESERVATION_STATUSES),
    supplements: Type.Array(Type.Object({ documentDigest: Hex64, ...Stamp })),
    reviews: Type.Array(Type.Object({ reasonDigest: Hex64, actor: ActorRef, ...Stamp })),
    history: Type.Array(HistoryEntry),
    appliedAt: Type.String({ format: 'date-time' }),
    txId: Type.String(),
    blockNumber: Type.Integer({ description: 'block of the applying transaction' }),
});
export type PreservationViewBody = Static<typeof PreservationView>;
describes<typeof PreservationView, WithBlocks<PreservationRecord, 'history'>>(true);

export const LetterVersion = Type.Object({
    version: Type.Integer(),
    documentDigest: Hex64,
    amount: Type.Integer(),
    validTo: Type.String({ format: 'date-time' }),
    ...Stamp,
    blockNumber: Type.Integer(),
});

export const GuaranteeView = Type.Object({
    letterId: LetterId,
    applicationId: ApplicationId,
    caseId: Type.String(),
    agency: Type.String(),
    applicant: ActorRef,
    beneficiaryPseudonym: Pseudonym,
    amount: Type.Integer(),
    validFrom: Type.String({ format: 'date-time' }),
    validTo: Type.String({ format: 'date-time' }),
    status: Type.Intersect([oneOf(GUARANTEE_STATUSES)], { description: 'stored state' }),
    effectiveStatus: Type.Intersect([oneOf(GUARANTEE_STATUSES)], {
        description: '`expired` once an issued or amended letter is past validTo',
    }),
    premiumPaid: Type.Optional(Type.Integer({ description: 'premium the agency recorded as paid, fen' })),
    courtConsentToCancel: Type.Optional(Type.Object({ actor: ActorRef, ...Stamp })),
    document: Type.Optional(Type.Object({ sha256: Hex64, version: Type.Integer() })),
    versions: Type.Array(LetterVersion),
    history: Type.Array(HistoryEntry),
    appliedAt: Type.String({ format: 'date-time' }),
    txId: Type.String(),
    blockNumber: Type.Integer({ description: 'block of the applying transaction' }),
});
export type GuaranteeViewBody = Static<typeof GuaranteeView>;
describes<typeof GuaranteeView, WithBlocks<GuaranteeViewRecord, 'history' | 'versions'>>(true);

export const CheckResult = Type.Object({
    ok: Type.Boolean(),
    conditions: Type.Array(
        Type.Object({ name: oneOf(COURT_CHECK_CONDITIONS), ok: Type.Boolean(), detail: Type.String() }),
    ),
});
