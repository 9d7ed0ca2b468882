import {
    AGREEMENT_STATUSES,
    BASIS_DOCUMENT_TYPES,
    ENFORCEMENT_STATUSES,
    MAX_AGREEMENT_ID_LENGTH,
    STEP_KINDS,
} from '@court-ledger/chaincode';
import { Type, type Static } from '@sinclair/typebox';
import {
    ActorRef,
    Amount,
    CaseId,
    DateTime,
    FiniteInteger,
    Hex64,
    oneOf,
    PrincipalId,
    Pseudonym,
} from '../../platform/http/schemas';

/** TypeBox schemas of enforcement cases, their steps and performance agreements (Art. 31). */

export const AgreementId = Type.String({
    minLength: 1,
    maxLength: MAX_AGREEMENT_ID_LENGTH,
    description: 'agreement id, written like a case number (the chaincode checks its characters)',
});
export const CaseParams = Type.Object({ caseId: CaseId });
export const AgreementParams = Type.Object({ agreementId: AgreementId });

export const Basis = Type.Object(
    {
        documentType: oneOf(BASIS_DOCUMENT_TYPES),
        sha256: Hex64,
        sm3: Type.Optional(Type.Intersect([Hex64], { description: 'SM3 of the document' })),
    },
    { additionalProperties: false },
);

const Creditor = Type.Intersect([PrincipalId], {
    description: "the creditor's principal id; only its pseudonym goes on the ledger",
});
const Debtor = Type.Intersect([PrincipalId], {
    description: "the debtor's principal id; only its pseudonym goes on the ledger",
});

export const OpenCaseBody = Type.Object(
    {
        caseId: CaseId,
        basis: Basis,
        creditor: Creditor,
        debtor: Debtor,
        amountDue: Amount,
        deadline: Type.Intersect([DateTime], { description: 'end of the period for voluntary performance' }),
        enforcementCosts: Type.Optional(Type.Integer({ minimum: 0, description: 'integer fen' })),
    },
    { additionalProperties: false },
);
export type OpenCaseBody = Static<typeof OpenCaseBody>;

/** `{step, …fields}`: the fields each step takes are checked by the chaincode (step-request.ts). */
export const StepBody = Type.Object(
    { step: oneOf(STEP_KINDS) },
    { additionalProperties: true, description: 'the step kind and its fields (see the chaincode step table)' },
);
export type StepBody = Static<typeof StepBody>;

/** The terms of a performance agreement as a request gives them (parties as principal ids). */
const agreementTerms = {
    agreementId: AgreementId,
    basis: Basis,
    creditor: Creditor,
    debtor: Debtor,
    instalments: Type.Array(Type.Object({ dueAt: DateTime, amount: Amount }, { additionalProperties: false }), {
        minItems: 1,
        maxItems: 120,
    }),
    graceDays: Type.Integer({ minimum: 0, maximum: 365 }),
};

export const AgreementTermsBody = Type.Object(agreementTerms, { additionalProperties: false });
export type AgreementTermsBody = Static<typeof AgreementTermsBody>;

export const AgreementStatement = Type.Object({
    statement: Type.String({
        description:
            'the exact text each party signs (its UTF-8 bytes, ECDSA P-256/SHA-256, base64 DER): canonical JSON ' +
            'of the terms as the ledger holds them, the agreement id keyed and the parties as pseudonyms',
    }),
});
export type AgreementStatementBody = Static<typeof AgreementStatement>;

export const CreateAgreementBody = Type.Object(
    {
        ...agreementTerms,
        creditorSignature: Type.String({ minLength: 1, maxLength: 512, description: 'base64 DER ECDSA P-256' }),
        debtorSignature: Type.String({ minLength: 1, maxLength: 512, description: 'base64 DER ECDSA P-256' }),
    },
    { additionalProperties: false },
);
export type CreateAgreementBody = Static<typeof CreateAgreementBody>;

export const PaymentBody = Type.Object({ amount: Amount }, { additionalProperties: false });
export type PaymentBody = Static<typeof PaymentBody>;

/** The case as the chaincode keeps it (main fields named; controls and listings passed through). */
export const CaseView = Type.Object(
    {
        caseId: Type.String(),
        basis: Basis,
        creditorPseudonym: Pseudonym,
        debtorPseudonym: Pseudonym,
        amountDue: Type.Integer(),
        enforcementCosts: Type.Integer(),
        deadline: Type.String({ format: 'date-time' }),
        status: oneOf(ENFORCEMENT_STATUSES),
        paidIn: Type.Integer(),
        paidOut: Type.Integer(),
        balance: Type.Integer(),
        outstanding: Type.Integer(),
        stepCount: Type.Integer(),
        openedBy: ActorRef,
        openedAt: Type.String({ format: 'date-time' }),
        txId: Type.String(),
        blockNumber: Type.Integer({ description: 'block of the opening transaction' }),
    },
    { additionalProperties: true },
);
export type CaseViewBody = Static<typeof CaseView>;

/** One step with the block of its transaction (the step's own fields passed through). */
export const StepView = Type.Object(
    {
        caseId: Type.String(),
        seq: Type.Integer(),
        step: oneOf(STEP_KINDS),
        actor: ActorRef,
        at: Type.String({ format: 'date-time' }),
        txId: Type.String(),
        automatic: Type.Boolean(),
        trigger: Type.Optional(Type.String()),
        blockNumber: Type.Integer(),
    },
    { additionalProperties: true },
);
export type StepViewBody = Static<typeof StepView>;

/** `GET /v1/enforcement/cases`: filters and page. */
export const CaseListQuery = Type.Object(
    {
        party: Type.Optional(
            Type.Intersect([Pseudonym], {
                description: 'cases whose creditor or debtor has this pseudonym (a party: only its own)',
            }),
        ),
        status: Type.Optional(oneOf(ENFORCEMENT_STATUSES)),
        limit: Type.Optional(FiniteInteger({ minimum: 1, maximum: 200, default: 50 })),
        offset: Type.Optional(FiniteInteger({ minimum: 0, maximum: 1_000_000, default: 0 })),
    },
    { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;

export const CaseList = Type.Object({ cases: Type.Array(CaseView) });
export type CaseListBody = Static<typeof CaseList>;

export const OpenCaseResult = Type.Object({ created: Type.Boolean(), record: CaseView });
export type OpenCaseResultBody = Static<typeof OpenCaseResult>;

export const StepResult = Type.Object({ record: CaseView, steps: Type.Array(StepView) });
export type StepResultBody = Static<typeof StepResult>;

export const Timeline = Type.Object({
    caseId: Type.String(),
    status: oneOf(ENFORCEMENT_STATUSES),
    steps: Type.Array(StepView),
});
export type TimelineBody = Static<typeof Timeline>;

export const AgreementView = Type.Object(
    {
        agreementId: Type.String(),
        basis: Basis,
        creditorPseudonym: Pseudonym,
        debtorPseudonym: Pseudonym,
        amountDue: Type.Integer(),
        instalments: Type.Array(Type.Object({ no: Type.Integer(), dueAt: Type.String(), amount: Type.Integer() })),
        graceDays: Type.Integer(),
        status: oneOf(AGREEMENT_STATUSES),
        paidTotal: Type.Integer(),
        createdAt: Type.String({ format: 'date-time' }),
        txId: Type.String(),
        blockNumber: Type.Integer({ description: 'block of the creating transaction' }),
    },
    { additionalProperties: true },
);
export type AgreementViewBody = Static<typeof AgreementView>;

export const CreateAgreementResult = Type.Object({ created: Type.Boolean(), record: AgreementView });
export type CreateAgreementResultBody = Static<typeof CreateAgreementResult>;

export const CheckDueResult = Type.Object({ agreement: AgreementView, opened: Type.Optional(CaseView) });
export type CheckDueResultBody = Static<typeof CheckDueResult>;
