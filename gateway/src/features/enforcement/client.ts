import {
    agreementStatement,
    canonicalJson,
    parseAgreementRequest,
    type CheckDueOutcome,
    type CreatedRecord,
    type EnforcementCase,
    type EnforcementStep,
    type PerformanceAgreement,
    type StepOutcome,
} from '@court-ledger/chaincode';
import type { Actor, Committed, Proposal } from '@court-ledger/ledger-api';
import { ContractClient } from '../../platform/ledger/contract-client';

/** A committed write and what the chaincode returned. */
export interface EnforcementWrite<R> {
    readonly committed: Committed;
    readonly result: R;
}

/**
 * Typed calls into the chaincode's `enforcement` contract (Art. 31): the one place that knows its function
 * names and argument order. Parties are always pseudonyms here; `viewerPseudonym` is `''` for court roles.
 */
export class EnforcementClient extends ContractClient {
    /** `enforcement:openCase` with the canonical JSON request. */
    async openCase(
        actor: Actor,
        request: Readonly<Record<string, unknown>> & { readonly caseId: string },
    ): Promise<EnforcementWrite<CreatedRecord<EnforcementCase>>> {
        const { caseId, transient } = this.caseArgument(request.caseId);
        return this.write({
            contract: 'enforcement',
            fn: 'openCase',
            args: [canonicalJson({ ...request, caseId })],
            actor,
            transient,
        });
    }

    /** `enforcement:recordStep` with the canonical JSON step `{step, …fields}`. */
    async recordStep(
        actor: Actor,
        caseId: string,
        step: Readonly<Record<string, unknown>>,
    ): Promise<EnforcementWrite<StepOutcome>> {
        return this.write({
            contract: 'enforcement',
            fn: 'recordStep',
            args: [this.chainCaseId(caseId), canonicalJson(step)],
            actor,
        });
    }

    /** `enforcement:getCase`. */
    async getCase(actor: Actor, caseId: string, viewerPseudonym: string): Promise<EnforcementCase> {
        return this.query('getCase', [this.chainCaseId(caseId), viewerPseudonym], actor);
    }

    /** `enforcement:listSteps`: every step in seq order. */
    async listSteps(actor: Actor, caseId: string, viewerPseudonym: string): Promise<EnforcementStep[]> {
        return this.query('listSteps', [this.chainCaseId(caseId), viewerPseudonym], actor);
    }

    /**
     * The text both parties sign for `request` (terms with the clear `agreementId` and the parties'
     * pseudonyms): the chaincode's `agreementStatement` of the terms as the ledger gets them, the agreement id
     * keyed. Throws `INVALID_ARGUMENT` (a `LedgerError`) for terms the chaincode would refuse.
     */
    agreementStatement(request: Readonly<Record<string, unknown>> & { readonly agreementId: string }): string {
        const terms = { ...request, agreementId: this.chainAgreementId(request.agreementId) };
        return agreementStatement(parseAgreementRequest(canonicalJson(terms)));
    }

    /** `enforcement:createAgreement` with both parties' signatures over {@link agreementStatement}. */
    async createAgreement(
        actor: Actor,
        request: Readonly<Record<string, unknown>> & { readonly agreementId: string },
        creditorSignature: string,
        debtorSignature: string,
    ): Promise<EnforcementWrite<CreatedRecord<PerformanceAgreement>>> {
        const { agreementId, transient } = this.agreementArgument(request.agreementId);
        return this.write({
            contract: 'enforcement',
            fn: 'createAgreement',
            args: [canonicalJson({ ...request, agreementId }), creditorSignature, debtorSignature],
            actor,
            transient,
        });
    }

    /** `enforcement:recordAgreementPayment` of `amount` fen. */
    async recordAgreementPayment(
        actor: Actor,
        agreementId: string,
        amount: number,
    ): Promise<EnforcementWrite<PerformanceAgreement>> {
        return this.write({
            contract: 'enforcement',
            fn: 'recordAgreementPayment',
            args: [this.chainAgreementId(agreementId), String(amount)],
            actor,
        });
    }

    /** `enforcement:checkDue`: opens the case `<agreementId>-enf` when an instalment is unpaid past due + grace. */
    async checkDue(actor: Actor, agreementId: string): Promise<EnforcementWrite<CheckDueOutcome>> {
        return this.write({
            contract: 'enforcement',
            fn: 'checkDue',
            args: [this.chainAgreementId(agreementId)],
            actor,
        });
    }

    /** `enforcement:getAgreement`. */
    async getAgreement(actor: Actor, agreementId: string, viewerPseudonym: string): Promise<PerformanceAgreement> {
        return this.query('getAgreement', [this.chainAgreementId(agreementId), viewerPseudonym], actor);
    }

    private async write<R>(proposal: Proposal): Promise<EnforcementWrite<R>> {
        const { committed, record } = await this.submit<R>(proposal);
        return { committed, result: record };
    }

    private query<R>(fn: string, args: readonly string[], actor: Actor): Promise<R> {
        return this.evaluate<R>('enforcement', fn, args, actor);
    }
}
