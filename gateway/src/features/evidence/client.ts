import type { EvidenceRecord, SubmitResult } from '@court-ledger/chaincode';
import { ContractClient, type Write } from '../../platform/ledger/contract-client';
import type { Actor, Committed } from '@court-ledger/ledger-api';

/** Public arguments of `evidence:submit`. */
export interface EvidenceInput {
    readonly caseId: string;
    readonly sha256: string;
    readonly sm3?: string | undefined;
    readonly size?: number | undefined;
    readonly mediaType?: string | undefined;
}

/**
 * Typed calls into the chaincode's `evidence` contract (docs/architecture.md "Chaincode contract API"): the
 * one place that knows its function names and argument order.
 */
export class EvidenceClient extends ContractClient {
    /** `evidence:submit`; `created` is false when the same item was already on the ledger. */
    async submitEvidence(actor: Actor, input: EvidenceInput): Promise<{ committed: Committed } & SubmitResult> {
        const { caseId, transient } = this.caseArgument(input.caseId);
        const { committed, record } = await this.submit<SubmitResult>({
            contract: 'evidence',
            fn: 'submit',
            args: [caseId, input.sha256, input.sm3 ?? '', input.size?.toString() ?? '', input.mediaType ?? ''],
            actor,
            transient,
        });
        return { committed, ...record };
    }

    /** `evidence:custody`: a custody event, with the digest of a note kept off the ledger. */
    async custody(
        actor: Actor,
        evidenceId: string,
        event: string,
        noteSha256: string | undefined,
    ): Promise<Write<EvidenceRecord>> {
        return this.submit<EvidenceRecord>({
            contract: 'evidence',
            fn: 'custody',
            args: [evidenceId, event, noteSha256 ?? ''],
            actor,
        });
    }

    /** `evidence:get`. */
    async evidence(actor: Actor, evidenceId: string): Promise<EvidenceRecord> {
        return this.evaluate<EvidenceRecord>('evidence', 'get', [evidenceId], actor);
    }

    /** `evidence:byCase`. */
    async evidenceByCase(actor: Actor, caseId: string): Promise<EvidenceRecord[]> {
        return this.evaluate<EvidenceRecord[]>('evidence', 'byCase', [this.chainCaseId(caseId)], actor);
    }
}
