import {
    canonicalJson,
    LETTER_ENDORSING_ORGS,
    type GuaranteeCheck,
    type GuaranteeRecord,
    type GuaranteeView,
    type PreservationRecord,
} from '@court-ledger/chaincode';
import type { Actor } from '@court-ledger/ledger-api';
import { ContractClient, type Write } from '../../platform/ledger/contract-client';

/** Public arguments of `preservation:apply`. */
export interface PreservationInput {
    readonly caseId: string;
    readonly respondentPseudonym: string;
    readonly amount: number;
    readonly propertyDigest: string;
}

/** Public arguments of `guarantee:apply` (times already normalised). */
export interface GuaranteeInput {
    readonly applicationId: string;
    readonly agency: string;
    readonly amount: number;
    readonly validFrom: string;
    readonly validTo: string;
}

/**
 * Typed calls into the chaincode's `preservation` and `guarantee` contracts (docs/guarantees.md): the one
 * place that knows their function names, argument order and who must endorse.
 */
export class GuaranteeClient extends ContractClient {
    /** `preservation:apply`; the respondent is already a pseudonym. */
    async applyForPreservation(actor: Actor, input: PreservationInput): Promise<Write<PreservationRecord>> {
        const { caseId, transient } = this.caseArgument(input.caseId);
        return this.submit<PreservationRecord>({
            contract: 'preservation',
            fn: 'apply',
            args: [caseId, input.respondentPseudonym, String(input.amount), input.propertyDigest],
            actor,
            transient,
        });
    }

    /** `preservation:act` with canonical JSON params. */
    async actOnPreservation(
        actor: Actor,
        applicationId: string,
        action: string,
        params: Readonly<Record<string, unknown>>,
    ): Promise<Write<PreservationRecord>> {
        return this.submit<PreservationRecord>({
            contract: 'preservation',
            fn: 'act',
            args: [applicationId, action, canonicalJson(params)],
            actor,
        });
    }

    /** `preservation:get`. */
    async preservation(actor: Actor, applicationId: string): Promise<PreservationRecord> {
        return this.evaluate<PreservationRecord>('preservation', 'get', [applicationId], actor);
    }

    /** `guarantee:apply`. */
    async applyForGuarantee(actor: Actor, input: GuaranteeInput): Promise<Write<GuaranteeRecord>> {
        return this.submit<GuaranteeRecord>({
            contract: 'guarantee',
            fn: 'apply',
            args: [input.applicationId, input.agency, String(input.amount), input.validFrom, input.validTo],
            actor,
        });
    }

    /**
     * `guarantee:act` with canonical JSON params, endorsed by AgencyMSP and CourtMSP (`LETTER_ENDORSING_ORGS`):
     * once a letter is issued its key carries that key-level policy (docs/guarantees.md), so not only the
     * agency's actions but also the court's (`consent-cancel`, `claim`, `release`) and the applicant's `cancel`
     * need the agency's peer. Before issue the extra endorsement is harmless.
     */
    async actOnGuarantee(
        actor: Actor,
        letterId: string,
        action: string,
        params: Readonly<Record<string, unknown>>,
    ): Promise<Write<GuaranteeRecord>> {
        return this.submit<GuaranteeRecord>({
            contract: 'guarantee',
            fn: 'act',
            args: [letterId, action, canonicalJson(params)],
            actor,
            endorsingOrganizations: LETTER_ENDORSING_ORGS,
        });
    }

    /** `guarantee:get`: the record and its `effectiveStatus` at the query's time. */
    async guarantee(actor: Actor, letterId: string): Promise<GuaranteeView> {
        return this.evaluate<GuaranteeView>('guarantee', 'get', [letterId], actor);
    }

    /** `guarantee:check` (court roles): the conditions the court requires of a letter for an application. */
    async check(actor: Actor, letterId: string, applicationId: string): Promise<GuaranteeCheck> {
        return this.evaluate<GuaranteeCheck>('guarantee', 'check', [letterId, applicationId], actor);
    }
}
