/** Metadata schemas of enforcement records (see shared-schemas.ts for why they exist and how they are checked). */
import { Object as DataType, Property } from 'fabric-contract-api';
import type * as model from '../../domain/enforcement/model';
import { PrincipalRef } from './shared-schemas';

/** Schema of {@link model.EnforcementBasis}. */
@DataType()
export class EnforcementBasis implements Required<model.EnforcementBasis> {
    @Property('documentType', 'string') readonly documentType!: model.BasisDocumentType;
    @Property('sha256', 'string') readonly sha256!: string;
    @Property('sm3', 'string') readonly sm3!: string;
}

/** Schema of {@link model.AuctionRound}. */
@DataType()
export class AuctionRound implements Required<model.AuctionRound> {
    @Property('round', 'number') readonly round!: 1 | 2;
    @Property('reserve', 'number') readonly reserve!: number;
    @Property('deposit', 'number') readonly deposit!: number;
    @Property('startAt', 'string') readonly startAt!: string;
    @Property('announcedAt', 'string') readonly announcedAt!: string;
    @Property('listedAt', 'string') readonly listedAt!: string;
    @Property('outcome', 'string') readonly outcome!: model.AuctionOutcome;
    @Property('price', 'number') readonly price!: number;
    @Property('buyerPseudonym', 'string') readonly buyerPseudonym!: string;
}

/** Schema of {@link model.Valuation}. */
@DataType()
export class Valuation implements Required<model.Valuation> {
    @Property('method', 'string') readonly method!: model.ValuationMethod;
    @Property('referencePrice', 'number') readonly referencePrice!: number;
    @Property('reportSha256', 'string') readonly reportSha256!: string;
    @Property('at', 'string') readonly at!: string;
}

/** Schema of {@link model.ControlRecord}. */
@DataType()
export class ControlRecord implements Required<model.ControlRecord> {
    @Property('controlNo', 'number') readonly controlNo!: number;
    @Property('propertyKind', 'string') readonly propertyKind!: model.PropertyKind;
    @Property('itemSha256', 'string') readonly itemSha256!: string;
    @Property('measure', 'string') readonly measure!: model.ControlMeasure;
    @Property('value', 'number') readonly value!: number;
    @Property('startedAt', 'string') readonly startedAt!: string;
    @Property('expiresAt', 'string') readonly expiresAt!: string;
    @Property('state', 'string') readonly state!: model.ControlState;
    @Property('overControlReason', 'string') readonly overControlReason!: model.OverControlReason;
    @Property('valuation', 'Valuation') readonly valuation!: Valuation;
    @Property('auctions', 'AuctionRound[]') readonly auctions!: readonly AuctionRound[];
}

/** Schema of {@link model.TrustBreakingListing}. */
@DataType()
export class TrustBreakingListing implements Required<model.TrustBreakingListing> {
    @Property('reason', 'string') readonly reason!: model.TrustBreakingReason;
    @Property('listedAt', 'string') readonly listedAt!: string;
    @Property('until', 'string') readonly until!: string;
}

/** Schema of an {@link model.EnforcementCase}'s consumption restriction in force. */
@DataType()
export class ConsumptionRestriction {
    @Property('orderSha256', 'string') readonly orderSha256!: string;
    @Property('at', 'string') readonly at!: string;
}

/** Schema of an {@link model.EnforcementCase}'s conclusion. */
@DataType()
export class CaseConclusion {
    @Property('kind', 'string') readonly kind!: model.ConclusionKind;
    @Property('documentSha256', 'string') readonly documentSha256!: string;
    @Property('at', 'string') readonly at!: string;
}

/** Schema of {@link model.AgreementTrigger}. */
@DataType()
export class AgreementTrigger implements Required<model.AgreementTrigger> {
    @Property('agreementId', 'string') readonly agreementId!: string;
    @Property('instalmentNo', 'number') readonly instalmentNo!: number;
    @Property('dueAt', 'string') readonly dueAt!: string;
    @Property('graceDays', 'number') readonly graceDays!: number;
    @Property('outstanding', 'number') readonly outstanding!: number;
}

/** Schema of {@link model.EnforcementCase}. */
@DataType()
export class EnforcementCase implements Required<model.EnforcementCase> {
    @Property('caseId', 'string') readonly caseId!: string;
    @Property('basis', 'EnforcementBasis') readonly basis!: EnforcementBasis;
    @Property('creditorPseudonym', 'string') readonly creditorPseudonym!: string;
    @Property('debtorPseudonym', 'string') readonly debtorPseudonym!: string;
    @Property('amountDue', 'number') readonly amountDue!: number;
    @Property('enforcementCosts', 'number') readonly enforcementCosts!: number;
    @Property('deadline', 'string') readonly deadline!: string;
    @Property('status', 'string') readonly status!: model.EnforcementStatus;
    @Property('paidIn', 'number') readonly paidIn!: number;
    @Property('paidOut', 'number') readonly paidOut!: number;
    @Property('balance', 'number') readonly balance!: number;
    @Property('outstanding', 'number') readonly outstanding!: number;
    @Property('controls', 'ControlRecord[]') readonly controls!: readonly ControlRecord[];
    @Property('trustBreaking', 'TrustBreakingListing') readonly trustBreaking!: TrustBreakingListing;
    @Property('consumptionRestriction', 'ConsumptionRestriction')
    readonly consumptionRestriction!: ConsumptionRestriction;
    @Property('stepCount', 'number') readonly stepCount!: number;
    @Property('openedBy', 'PrincipalRef') readonly openedBy!: PrincipalRef;
    @Property('openedAt', 'string') readonly openedAt!: string;
    @Property('txId', 'string') readonly txId!: string;
    @Property('trigger', 'AgreementTrigger') readonly trigger!: AgreementTrigger;
    @Property('conclusion', 'CaseConclusion') readonly conclusion!: CaseConclusion;
}

/** The fields every step record has, whatever its kind. */
type StepBase = Omit<model.EnforcementStep, keyof model.StepDetail>;

/**
 * Schema of {@link model.EnforcementStep}: the common fields and those of every step kind (JSON Schema as
 * fabric-contract-api writes it has no union, so each kind's fields are listed; a step has those of its kind).
 */
@DataType()
export class EnforcementStep implements Required<StepBase> {
    @Property('step', 'string') readonly step!: model.StepKind;
    @Property('caseId', 'string') readonly caseId!: string;
    @Property('seq', 'number') readonly seq!: number;
    @Property('actor', 'PrincipalRef') readonly actor!: PrincipalRef;
    @Property('at', 'string') readonly at!: string;
    @Property('txId', 'string') readonly txId!: string;
    @Property('automatic', 'boolean') readonly automatic!: boolean;
    @Property('trigger', 'string') readonly trigger!: string;
    @Property('serviceId', 'string') readonly serviceId!: string;
    @Property('sources', 'string[]') readonly sources!: readonly string[];
    @Property('resultsSha256', 'string') readonly resultsSha256!: string;
    @Property('propertyKind', 'string') readonly propertyKind!: model.PropertyKind;
    @Property('itemSha256', 'string') readonly itemSha256!: string;
    @Property('value', 'number') readonly value!: number;
    @Property('measure', 'string') readonly measure!: model.ControlMeasure;
    @Property('termDays', 'number') readonly termDays!: number;
    @Property('overControlReason', 'string') readonly overControlReason!: model.OverControlReason;
    @Property('controlNo', 'number') readonly controlNo!: number;
    @Property('reason', 'string') readonly reason!: string;
    @Property('method', 'string') readonly method!: model.ValuationMethod;
    @Property('referencePrice', 'number') readonly referencePrice!: number;
    @Property('reportSha256', 'string') readonly reportSha256!: string;
    @Property('round', 'number') readonly round!: number;
    @Property('reserve', 'number') readonly reserve!: number;
    @Property('deposit', 'number') readonly deposit!: number;
    @Property('startAt', 'string') readonly startAt!: string;
    @Property('announcedAt', 'string') readonly announcedAt!: string;
    @Property('outcome', 'string') readonly outcome!: model.AuctionOutcome;
    @Property('price', 'number') readonly price!: number;
    @Property('buyerPseudonym', 'string') readonly buyerPseudonym!: string;
    @Property('amount', 'number') readonly amount!: number;
    @Property('source', 'string') readonly source!: model.PaymentSource;
    @Property('payeePseudonym', 'string') readonly payeePseudonym!: string;
    @Property('extensionYears', 'number') readonly extensionYears!: number;
    @Property('orderSha256', 'string') readonly orderSha256!: string;
    @Property('kind', 'string') readonly kind!: model.ConclusionKind;
    @Property('documentSha256', 'string') readonly documentSha256!: string;
}

/** Schema of {@link model.Instalment}. */
@DataType()
export class Instalment implements Required<model.Instalment> {
    @Property('no', 'number') readonly no!: number;
    @Property('dueAt', 'string') readonly dueAt!: string;
    @Property('amount', 'number') readonly amount!: number;
}

/** Schema of {@link model.AgreementConsent}. */
@DataType()
export class AgreementConsent implements Required<model.AgreementConsent> {
    @Property('signature', 'string') readonly signature!: string;
    @Property('keyFingerprint', 'string') readonly keyFingerprint!: string;
    @Property('at', 'string') readonly at!: string;
    @Property('txId', 'string') readonly txId!: string;
}

/** Schema of {@link model.AgreementConsents}. */
@DataType()
export class AgreementConsents implements Required<model.AgreementConsents> {
    @Property('creditor', 'AgreementConsent') readonly creditor!: AgreementConsent;
    @Property('debtor', 'AgreementConsent') readonly debtor!: AgreementConsent;
}

/** Schema of {@link model.AgreementPayment}. */
@DataType()
export class AgreementPayment implements Required<model.AgreementPayment> {
    @Property('amount', 'number') readonly amount!: number;
    @Property('at', 'string') readonly at!: string;
    @Property('txId', 'string') readonly txId!: string;
}

/** Schema of {@link model.AgreementDefault}: the trigger, the case it opened, the `checkDue` transaction. */
@DataType()
export class AgreementDefault extends AgreementTrigger implements Required<model.AgreementDefault> {
    @Property('caseId', 'string') readonly caseId!: string;
    @Property('at', 'string') readonly at!: string;
    @Property('txId', 'string') readonly txId!: string;
}

/** Schema of {@link model.PerformanceAgreement}. */
@DataType()
export class PerformanceAgreement implements Required<model.PerformanceAgreement> {
    @Property('agreementId', 'string') readonly agreementId!: string;
    @Property('basis', 'EnforcementBasis') readonly basis!: EnforcementBasis;
    @Property('creditorPseudonym', 'string') readonly creditorPseudonym!: string;
    @Property('debtorPseudonym', 'string') readonly debtorPseudonym!: string;
    @Property('amountDue', 'number') readonly amountDue!: number;
    @Property('instalments', 'Instalment[]') readonly instalments!: readonly Instalment[];
    @Property('graceDays', 'number') readonly graceDays!: number;
    @Property('status', 'string') readonly status!: model.AgreementStatus;
    @Property('consents', 'AgreementConsents') readonly consents!: AgreementConsents;
    @Property('payments', 'AgreementPayment[]') readonly payments!: readonly AgreementPayment[];
    @Property('paidTotal', 'number') readonly paidTotal!: number;
    @Property('createdBy', 'PrincipalRef') readonly createdBy!: PrincipalRef;
    @Property('createdAt', 'string') readonly createdAt!: string;
    @Property('txId', 'string') readonly txId!: string;
    @Property('trigger', 'AgreementDefault') readonly trigger!: AgreementDefault;
}

/** Schema of `openCase`'s {@link model.CreatedRecord}. */
@DataType()
export class OpenCaseResult implements Required<model.CreatedRecord<model.EnforcementCase>> {
    @Property('created', 'boolean') readonly created!: boolean;
    @Property('record', 'EnforcementCase') readonly record!: EnforcementCase;
}

/** Schema of `createAgreement`'s {@link model.CreatedRecord}. */
@DataType()
export class CreateAgreementResult implements Required<model.CreatedRecord<model.PerformanceAgreement>> {
    @Property('created', 'boolean') readonly created!: boolean;
    @Property('record', 'PerformanceAgreement') readonly record!: PerformanceAgreement;
}

/** Schema of {@link model.StepOutcome}. */
@DataType()
export class StepOutcome implements Required<model.StepOutcome> {
    @Property('record', 'EnforcementCase') readonly record!: EnforcementCase;
    @Property('steps', 'EnforcementStep[]') readonly steps!: readonly model.EnforcementStep[];
}

/** Schema of {@link model.CheckDueOutcome}. */
@DataType()
export class CheckDueOutcome implements Required<model.CheckDueOutcome> {
    @Property('agreement', 'PerformanceAgreement') readonly agreement!: PerformanceAgreement;
    @Property('opened', 'EnforcementCase') readonly opened!: EnforcementCase;
}
