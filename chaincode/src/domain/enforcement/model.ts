/**
 * Enforcement (Online Operation Rules 2022, Art. 31): vocabulary and the records kept on chain. Only digests,
 * pseudonyms and amounts appear here; money is always integer fen (分).
 */
import type { PrincipalRef } from '../shared/actor';

/** Steps of an enforcement case, in the order they usually happen. */
export const STEP_KINDS = [
    'notice',
    'property-inquiry',
    'control',
    'renew-control',
    'release',
    'valuation',
    'auction-listed',
    'auction-result',
    'sale-at-price',
    'payment-in',
    'payout',
    'trust-breaking-add',
    'trust-breaking-remove',
    'consumption-restriction-add',
    'consumption-restriction-remove',
    'conclude',
] as const;
/** A step kind. */
export type StepKind = (typeof STEP_KINDS)[number];

/** Kinds of property a control applies to. `deposit` is the only divisible kind (money in an account). */
export const PROPERTY_KINDS = ['deposit', 'real-estate', 'vehicle', 'equity', 'movable', 'other'] as const;
/** A property kind. */
export type PropertyKind = (typeof PROPERTY_KINDS)[number];

/** Control measures: freeze (冻结), seize (查封), detain (扣押). */
export const CONTROL_MEASURES = ['freeze', 'seize', 'detain'] as const;
/** A control measure. */
export type ControlMeasure = (typeof CONTROL_MEASURES)[number];

/** Stated reasons for a control above the cap (Art. 19 exception): an indivisible item, nothing else to take. */
export const OVER_CONTROL_REASONS = ['indivisible-no-other-property'] as const;
/** An over-control reason. */
export type OverControlReason = (typeof OVER_CONTROL_REASONS)[number];

/** Why a control ended. `performed-in-full` and `case-concluded` are emitted automatically. */
export const RELEASE_REASONS = [
    'officer-decision',
    'over-control',
    'performed-in-full',
    'case-concluded',
    'objection-upheld',
] as const;
/** A release reason. */
export type ReleaseReason = (typeof RELEASE_REASONS)[number];

/** How a reference price is fixed: negotiated, directed inquiry, online inquiry, appraisal. */
export const VALUATION_METHODS = ['negotiated', 'directed-inquiry', 'online-inquiry', 'appraisal'] as const;
/** A valuation method. */
export type ValuationMethod = (typeof VALUATION_METHODS)[number];

/** The result of one online auction round. */
export const AUCTION_OUTCOMES = ['sold', 'unsold', 'withdrawn'] as const;
/** An auction outcome. */
export type AuctionOutcome = (typeof AUCTION_OUTCOMES)[number];

/** Where money paid into the case account comes from. */
export const PAYMENT_SOURCES = ['debtor', 'auction-proceeds', 'deposit-deduction', 'third-party'] as const;
/** A payment source. */
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

/**
 * The six grounds for listing a dishonest judgment debtor (SPC Provisions on Publishing the List of Dishonest
 * Judgment Debtors, 2013 amended 2017, Art. 1).
 */
export const TRUST_BREAKING_REASONS = [
    'able-but-refuses',
    'obstructs-by-forgery-violence-or-threat',
    'evades-by-sham-proceedings-or-hiding-property',
    'breaks-property-reporting-duty',
    'breaks-consumption-restriction',
    'refuses-settlement',
] as const;
/** A listing ground. */
export type TrustBreakingReason = (typeof TRUST_BREAKING_REASONS)[number];

/** Grounds for removal from the list (same provisions, Art. 10). */
export const TRUST_BREAKING_REMOVALS = [
    'performed-in-full',
    'settlement-performed',
    'case-concluded',
    'period-ended',
] as const;
/** A removal ground. */
export type TrustBreakingRemoval = (typeof TRUST_BREAKING_REMOVALS)[number];

/** Grounds for lifting a consumption restriction. */
export const RESTRICTION_LIFT_REASONS = [
    'performed-in-full',
    'settlement-performed',
    'case-concluded',
    'security-provided',
    'officer-decision',
] as const;
/** A ground for lifting a consumption restriction. */
export type RestrictionLiftReason = (typeof RESTRICTION_LIFT_REASONS)[number];

/** How a case ends: performed, terminated this round (终本), terminated (终结), not enforced (不予执行). */
export const CONCLUSION_KINDS = ['performed', 'terminated-this-round', 'terminated', 'not-enforced'] as const;
/** A conclusion kind. */
export type ConclusionKind = (typeof CONCLUSION_KINDS)[number];

/** Case statuses: `open`, or how it was concluded. */
export const ENFORCEMENT_STATUSES = ['open', ...CONCLUSION_KINDS] as const;
/** A case status. */
export type EnforcementStatus = (typeof ENFORCEMENT_STATUSES)[number];

/** Documents an enforcement may rest on. */
export const BASIS_DOCUMENT_TYPES = [
    'judgment',
    'ruling',
    'mediation-document',
    'arbitral-award',
    'notarised-debt-instrument',
] as const;
/** A basis document type. */
export type BasisDocumentType = (typeof BASIS_DOCUMENT_TYPES)[number];

/** The enforcement basis: its type and the digests of the document (lowercase hex). */
export interface EnforcementBasis {
    readonly documentType: BasisDocumentType;
    readonly sha256: string;
    readonly sm3?: string;
}

/** Money figures of a case, all integer fen, derived from its payments. */
export interface CaseFigures {
    /** Sum of `payment-in`. */
    readonly paidIn: number;
    /** Sum of `payout`. */
    readonly paidOut: number;
    /** paidIn − paidOut: what the case account holds (never negative). */
    readonly balance: number;
    /** amountDue − paidIn: what the debtor still owes (never negative). */
    readonly outstanding: number;
}

/** One online auction round of a controlled item. */
export interface AuctionRound {
    readonly round: 1 | 2;
    readonly reserve: number;
    readonly deposit: number;
    readonly startAt: string;
    readonly announcedAt: string;
    readonly listedAt: string;
    readonly outcome?: AuctionOutcome;
    readonly price?: number;
    readonly buyerPseudonym?: string;
}

/** A valuation of a controlled item (the reference price for its first auction round). */
export interface Valuation {
    readonly method: ValuationMethod;
    readonly referencePrice: number;
    readonly reportSha256: string;
    readonly at: string;
}

/** A control's stored state; `in-force` past `expiresAt` counts as released (see `controlInForce`). */
export type ControlState = 'in-force' | 'released' | 'sold';

/** A control (freeze, seizure, detention) of one property item. */
export interface ControlRecord {
    /** 1, 2, … in the order controls were taken in the case. */
    readonly controlNo: number;
    readonly propertyKind: PropertyKind;
    /** Digest of the item reference (account number, title deed number…), never the reference itself. */
    readonly itemSha256: string;
    readonly measure: ControlMeasure;
    /** Value under control, integer fen (a deposit's frozen amount; an item's estimated value). */
    readonly value: number;
    readonly startedAt: string;
    readonly expiresAt: string;
    readonly state: ControlState;
    /** Set when an indivisible item above the cap was controlled with a stated reason. */
    readonly overControlReason?: OverControlReason;
    readonly valuation?: Valuation;
    readonly auctions: readonly AuctionRound[];
}

/** The current trust-breaking listing of the debtor. */
export interface TrustBreakingListing {
    readonly reason: TrustBreakingReason;
    readonly listedAt: string;
    /** End of the listing period (2 years, plus 1–3 years in serious cases). */
    readonly until: string;
}

/** What made {@link EnforcementCase} open automatically: an instalment unpaid past due + grace. */
export interface AgreementTrigger {
    readonly agreementId: string;
    readonly instalmentNo: number;
    readonly dueAt: string;
    readonly graceDays: number;
    /** Amount of the agreement unpaid when the case opened, integer fen. */
    readonly outstanding: number;
}

/** An enforcement case as stored (key: composite `enforcement`/[caseId]); steps are stored apart. */
export interface EnforcementCase extends CaseFigures {
    /** Enforcement case number. */
    readonly caseId: string;
    readonly basis: EnforcementBasis;
    readonly creditorPseudonym: string;
    readonly debtorPseudonym: string;
    /** Amount the basis orders paid, integer fen ≥ 1. */
    readonly amountDue: number;
    /** Enforcement costs (fees), integer fen ≥ 0: counted in the over-control cap, not in `amountDue`. */
    readonly enforcementCosts: number;
    /** End of the period for voluntary performance. */
    readonly deadline: string;
    readonly status: EnforcementStatus;
    readonly controls: readonly ControlRecord[];
    readonly trustBreaking?: TrustBreakingListing;
    /** Digest of the consumption-restriction order in force, if any. */
    readonly consumptionRestriction?: { readonly orderSha256: string; readonly at: string };
    /** Number of steps recorded (the next step's `seq` is this + 1). */
    readonly stepCount: number;
    readonly openedBy: PrincipalRef;
    readonly openedAt: string;
    readonly txId: string;
    readonly trigger?: AgreementTrigger;
    readonly conclusion?: { readonly kind: ConclusionKind; readonly documentSha256?: string; readonly at: string };
}

/** The fields of each step kind (what a request carries and what the step record keeps). */
export type StepDetail =
    | { readonly step: 'notice'; readonly serviceId: string }
    | { readonly step: 'property-inquiry'; readonly sources: readonly string[]; readonly resultsSha256: string }
    | {
          readonly step: 'control';
          readonly propertyKind: PropertyKind;
          readonly itemSha256: string;
          readonly value: number;
          readonly measure: ControlMeasure;
          readonly termDays: number;
          readonly overControlReason?: OverControlReason;
      }
    | { readonly step: 'renew-control'; readonly controlNo: number; readonly termDays: number }
    | { readonly step: 'release'; readonly controlNo: number; readonly reason: ReleaseReason; readonly value?: number }
    | {
          readonly step: 'valuation';
          readonly controlNo: number;
          readonly method: ValuationMethod;
          readonly referencePrice: number;
          readonly reportSha256: string;
      }
    | {
          readonly step: 'auction-listed';
          readonly controlNo: number;
          readonly round: number;
          readonly reserve: number;
          readonly deposit: number;
          readonly startAt: string;
          readonly announcedAt: string;
      }
    | {
          readonly step: 'auction-result';
          readonly controlNo: number;
          readonly outcome: AuctionOutcome;
          readonly price?: number;
          readonly buyerPseudonym?: string;
      }
    | {
          readonly step: 'sale-at-price';
          readonly controlNo: number;
          readonly price: number;
          readonly buyerPseudonym: string;
      }
    | { readonly step: 'payment-in'; readonly amount: number; readonly source: PaymentSource }
    | { readonly step: 'payout'; readonly amount: number; readonly payeePseudonym: string }
    | { readonly step: 'trust-breaking-add'; readonly reason: TrustBreakingReason; readonly extensionYears?: number }
    | { readonly step: 'trust-breaking-remove'; readonly reason: TrustBreakingRemoval }
    | { readonly step: 'consumption-restriction-add'; readonly orderSha256: string }
    | { readonly step: 'consumption-restriction-remove'; readonly reason: RestrictionLiftReason }
    | { readonly step: 'conclude'; readonly kind: ConclusionKind; readonly documentSha256?: string };

/** A recorded step (key: composite `enfstep`/[caseId, seq]). */
export type EnforcementStep = StepDetail & {
    readonly caseId: string;
    /** 1, 2, … within the case. */
    readonly seq: number;
    readonly actor: PrincipalRef;
    readonly at: string;
    readonly txId: string;
    /** True for steps the chaincode emitted itself (a smart-contract rule), not requested by the actor. */
    readonly automatic: boolean;
    /** For automatic steps: why ("performed in full", "over-control after payment", …). */
    readonly trigger?: string;
};

/** One instalment of a performance agreement. */
export interface Instalment {
    /** 1, 2, … in due order. */
    readonly no: number;
    readonly dueAt: string;
    readonly amount: number;
}

/** A party's consent: an ECDSA P-256 signature over the agreement's terms with its registered key. */
export interface AgreementConsent {
    /** Base64 DER ECDSA P-256/SHA-256 signature over the agreement statement (see `agreementStatement`). */
    readonly signature: string;
    /** Fingerprint of the registered key (`servicekey`/[pseudonym]) that verified it. */
    readonly keyFingerprint: string;
    readonly at: string;
    readonly txId: string;
}

/** The two consents an agreement is recorded with. */
export interface AgreementConsents {
    readonly creditor: AgreementConsent;
    readonly debtor: AgreementConsent;
}

/** Performance agreement statuses: agreed on creation (both consents), then performed or defaulted. */
export const AGREEMENT_STATUSES = ['agreed', 'performed', 'defaulted'] as const;
/** A performance agreement's status. */
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** A payment recorded against an agreement. */
export interface AgreementPayment {
    readonly amount: number;
    readonly at: string;
    readonly txId: string;
}

/** A performance agreement (Art. 31 smart contract with the parties' agreement; key `enfagreement`/[id]). */
export interface PerformanceAgreement {
    readonly agreementId: string;
    readonly basis: EnforcementBasis;
    readonly creditorPseudonym: string;
    readonly debtorPseudonym: string;
    /** Total agreed, integer fen: the sum of the instalments. */
    readonly amountDue: number;
    readonly instalments: readonly Instalment[];
    /** Whole days after an instalment's due time before the default opens a case. */
    readonly graceDays: number;
    readonly status: AgreementStatus;
    /** Both parties' signatures over the terms, verified when the agreement was recorded. */
    readonly consents: AgreementConsents;
    readonly payments: readonly AgreementPayment[];
    readonly paidTotal: number;
    readonly createdBy: PrincipalRef;
    readonly createdAt: string;
    readonly txId: string;
    /** Set when a missed instalment opened an enforcement case. */
    readonly trigger?: AgreementDefault;
}

/** The default recorded on an agreement: the trigger, the case it opened, and the `checkDue` transaction. */
export interface AgreementDefault extends AgreementTrigger {
    readonly caseId: string;
    readonly at: string;
    readonly txId: string;
}

/** What `enforcement:openCase` and `enforcement:createAgreement` return: the record, and whether this call wrote it. */
export interface CreatedRecord<T> {
    /** False when the same request had already been recorded (the stored record is returned unchanged). */
    readonly created: boolean;
    readonly record: T;
}

/** What `enforcement:recordStep` returns: the case after the step and every step it recorded, requested first. */
export interface StepOutcome {
    readonly record: EnforcementCase;
    readonly steps: readonly EnforcementStep[];
}

/** What `enforcement:checkDue` returns: the agreement after the check and the case it opened, if any. */
export interface CheckDueOutcome {
    readonly agreement: PerformanceAgreement;
    readonly opened?: EnforcementCase;
}

/**
 * The record of every enforcement event (`{type, record}`): everything one transaction wrote, so the index
 * can project it from the one event Fabric keeps per transaction. `case` is the case after the transaction,
 * `steps` every step record it wrote (seq order), `agreement` the agreement after it.
 */
export interface EnforcementChange {
    readonly case?: EnforcementCase;
    readonly agreement?: PerformanceAgreement;
    readonly steps: readonly EnforcementStep[];
}
