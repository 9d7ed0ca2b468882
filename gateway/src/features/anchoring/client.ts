import type { AnchorBatch, AnchorRecord } from '@court-ledger/chaincode';
import { ContractClient, type Write } from '../../platform/ledger/contract-client';
import type { Actor } from '@court-ledger/ledger-api';

/**
 * Typed calls into the chaincode's `anchor` contract (docs/architecture.md "Chaincode contract API"): the one
 * place that knows its function names and argument order.
 */
export class AnchorClient extends ContractClient {
    /** `anchor:record`: a batch's root, kinds and the pseudonyms of its sources (sorted, as canonical JSON). */
    async recordAnchor(actor: Actor, batch: AnchorBatch): Promise<Write<AnchorRecord>> {
        return this.submit<AnchorRecord>({
            contract: 'anchor',
            fn: 'record',
            args: [
                batch.batchId,
                batch.rootHash,
                String(batch.treeSize),
                JSON.stringify([...batch.kinds].sort()),
                JSON.stringify(batch.sources.map((sub) => this.pepper.pseudonym(sub)).sort()),
            ],
            actor,
        });
    }
}
