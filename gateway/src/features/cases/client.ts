import type { CaseRecord, CaseSide, CaseTypePolicy } from '@court-ledger/chaincode';
import type { Actor } from '@court-ledger/ledger-api';
import { ContractClient, type Write } from '../../platform/ledger/contract-client';

/** Public arguments of `case:addParticipant` (ids already pseudonyms, the ledger's tokens of principals). */
export interface ParticipantInput {
    readonly participant: string;
    readonly side: CaseSide;
    readonly agentOf?: string | undefined;
}

/**
 * Typed calls into the chaincode's `case` contract (README "Case participation"): the one place that knows its
 * function names and argument order. Cases are named by their clear numbers here and go to the ledger as case
 * keys: `register` sends the clear number in the transient (kept in `courtPrivate` only), later calls the key.
 */
export class CaseClient extends ContractClient {
    /** `case:register`: the case of the caller's court, of `caseType` (idempotent). */
    async register(actor: Actor, caseId: string, caseType: string): Promise<Write<CaseRecord>> {
        const argument = this.caseArgument(caseId);
        return this.submit<CaseRecord>({
            contract: 'case',
            fn: 'register',
            args: [argument.caseId, caseType],
            actor,
            transient: argument.transient,
        });
    }

    /** `case:addParticipant`. */
    async addParticipant(actor: Actor, caseId: string, input: ParticipantInput): Promise<Write<CaseRecord>> {
        return this.submit<CaseRecord>({
            contract: 'case',
            fn: 'addParticipant',
            args: [this.chainCaseId(caseId), input.participant, input.side, input.agentOf ?? ''],
            actor,
        });
    }

    /** `case:removeParticipant`. */
    async removeParticipant(actor: Actor, caseId: string, participant: string): Promise<Write<CaseRecord>> {
        return this.submit<CaseRecord>({
            contract: 'case',
            fn: 'removeParticipant',
            args: [this.chainCaseId(caseId), participant],
            actor,
        });
    }

    /** `case:setPolicy`: whether submitters of evidence in cases of `caseType` self-register. */
    async setPolicy(actor: Actor, caseType: string, selfRegistration: boolean): Promise<Write<CaseTypePolicy>> {
        return this.submit<CaseTypePolicy>({
            contract: 'case',
            fn: 'setPolicy',
            args: [caseType, String(selfRegistration)],
            actor,
        });
    }

    /** `case:get`: the case and its participants (the chaincode decides who may see it). */
    async case(actor: Actor, caseId: string): Promise<CaseRecord> {
        return this.evaluate<CaseRecord>('case', 'get', [this.chainCaseId(caseId)], actor);
    }
}
