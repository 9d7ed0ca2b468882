import type { AnchorRecord } from '@court-ledger/chaincode';
import type { Actor, Committed, Ledger } from './ledger';
import type { EvidenceRecord } from '../http/schemas';

/** An anchor batch as the `anchor` contract records it. */
export type AnchorBatchRecord = AnchorRecord;

export interface EvidenceInput {
    readonly caseId: string;
    readonly sha256: string;
    readonly sm3?: string | undefined;
    readonly size?: number | undefined;
    readonly mediaType?: string | undefined;
}

/** Parses a chaincode result (canonical JSON); the contract API fixes its shape (docs/architecture.md). */
export function parseResult(bytes: Uint8Array): unknown {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
}

/**
 * Typed calls into the court-ledger chaincode: the one place that knows contract names, function names and
 * argument order (see docs/architecture.md "Chaincode contract API").
 */
export class CourtLedgerClient {
    constructor(readonly ledger: Ledger) {}

    async submitEvidence(
        actor: Actor,
        input: EvidenceInput,
    ): Promise<{ committed: Committed; created: boolean; record: EvidenceRecord }> {
        const committed = await this.ledger.submit({
            contract: 'evidence',
            fn: 'submit',
            args: [input.caseId, input.sha256, input.sm3 ?? '', input.size?.toString() ?? '', input.mediaType ?? ''],
            actor,
        });
        const result = parseResult(committed.result) as { created: boolean; record: EvidenceRecord };
        return { committed, ...result };
    }

    async custody(
        actor: Actor,
        evidenceId: string,
        event: string,
        noteSha256: string | undefined,
    ): Promise<{ committed: Committed; record: EvidenceRecord }> {
        const committed = await this.ledger.submit({
            contract: 'evidence',
            fn: 'custody',
            args: [evidenceId, event, noteSha256 ?? ''],
            actor,
        });
        return { committed, record: parseResult(committed.result) as EvidenceRecord };
    }

    async evidence(actor: Actor, evidenceId: string): Promise<EvidenceRecord> {
        return parseResult(
            await this.ledger.evaluate({ contract: 'evidence', fn: 'get', args: [evidenceId], actor }),
        ) as EvidenceRecord;
    }

    async evidenceByCase(actor: Actor, caseId: string): Promise<EvidenceRecord[]> {
        return parseResult(
            await this.ledger.evaluate({ contract: 'evidence', fn: 'byCase', args: [caseId], actor }),
        ) as EvidenceRecord[];
    }

    async recordAnchor(
        actor: Actor,
        batch: { batchId: string; rootHash: string; treeSize: number; kinds: string[]; sources: string[] },
    ): Promise<{ committed: Committed; record: AnchorBatchRecord }> {
        const committed = await this.ledger.submit({
            contract: 'anchor',
            fn: 'record',
            args: [
                batch.batchId,
                batch.rootHash,
                String(batch.treeSize),
                JSON.stringify([...batch.kinds].sort()),
                JSON.stringify([...batch.sources].sort()),
            ],
            actor,
        });
        return { committed, record: parseResult(committed.result) as AnchorBatchRecord };
    }

    async anchorBatch(actor: Actor, batchId: string): Promise<AnchorBatchRecord> {
        return parseResult(
            await this.ledger.evaluate({ contract: 'anchor', fn: 'get', args: [batchId], actor }),
        ) as AnchorBatchRecord;
    }
}
