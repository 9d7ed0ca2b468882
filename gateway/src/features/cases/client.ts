import type { CaseRecord, CaseSide, CaseTypePolicy } from '@court-ledger/chaincode';
import type { Actor } from '@court-ledger/ledger-api';
import { ContractClient, type Write } from '../../platform/ledger/contract-client';

/** Public arguments of `case:addParticipant` (ids already mapped to ledger tokens). */
export interface ParticipantInput {
    readonly participant: string;
    readonly side: CaseSide;
    readonly agentOf?: string | undefined;
}

/**
 * Typed calls into the chaincode's `case` contract (README "Case participation"): the one place that knows its
 * function names and argument order.
 */
export class CaseClient extends ContractClient {
    /** `case:register`: the case of the caller's court, of `caseType` (idempotent). */
    async register(actor: Actor, caseId: string, caseType: string): Promise<Write<CaseRecord>> {
        return this.submit<CaseRecord>({ contract: 'case', fn: 'register', args: [caseId, caseType], actor });
    }

    /** `case:addParticipant`. */
    async addParticipant(actor: Actor, caseId: string, input: ParticipantInput): Promise<Write<CaseRecord>> {
        return this.submit<CaseRecord>({
            contract: 'case',
            fn: 'addParticipant',
            args: [caseId, input.participant, input.side, input.agentOf ?? ''],
            actor,
        });
    }

    /** `case:removeParticipant`. */
    async removeParticipant(actor: Actor, caseId: string, participant: string): Promise<Write<CaseRecord>> {
        return this.submit<CaseRecord>({
            contract: 'case',
            fn: 'removeParticipant',
            args: [caseId, participant],
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
        return this.evaluate<CaseRecord>('case', 'get', [caseId], actor);
    }
}
