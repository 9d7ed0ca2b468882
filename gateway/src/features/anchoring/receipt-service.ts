import { canonicalJson } from '@court-ledger/chaincode';
import type { Ledger, TransactionProof } from '../../platform/ledger/ledger';
import { buildTree, type MerkleTree } from '../../platform/merkle';
import { buildReceipt, type Receipt } from '../../platform/receipts';
import type { TreeCache } from './tree-cache';

/** What receipts need of the index. */
export interface ReceiptSource {
    itemStatus(digestHex: string): Promise<
        | {
              status: 'pending' | 'anchored';
              batchId?: string | undefined;
              leafIndex?: number | undefined;
              txId?: string | undefined;
          }
        | undefined
    >;
    batchDigests(batchId: string): Promise<Buffer>;
}

/**
 * Builds inclusion receipts: the item's leaf index and proof in its batch tree (cached, or rebuilt from the
 * index's leaf order), plus the ledger's proof of the anchoring transaction (cached per batch).
 */
export class ReceiptService {
    private readonly loadingTrees = new Map<string, Promise<MerkleTree>>();
    private readonly anchorProofs = new Map<string, Promise<TransactionProof>>();

    constructor(
        private readonly index: ReceiptSource,
        private readonly ledger: Ledger,
        private readonly trees: TreeCache,
    ) {}

    /** The receipt, `'pending'` while the item's batch is not on the ledger, undefined for an unknown digest. */
    async receiptFor(digestHex: string): Promise<Receipt | 'pending' | undefined> {
        const status = await this.index.itemStatus(digestHex);
        if (status === undefined) {
            return undefined;
        }
        const { batchId, leafIndex, txId } = status;
        if (status.status === 'pending' || batchId === undefined || leafIndex === undefined || txId === undefined) {
            return 'pending';
        }
        const tree = await this.tree(batchId);
        const anchor = await this.anchorProof(txId);
        return buildReceipt({ digest: digestHex, leafIndex, tree, batchId, anchor });
    }

    private tree(batchId: string): Promise<MerkleTree> {
        const cached = this.trees.get(batchId);
        if (cached !== undefined) {
            return Promise.resolve(cached);
        }
        let loading = this.loadingTrees.get(batchId);
        if (loading === undefined) {
            loading = this.index
                .batchDigests(batchId)
                .then((digests) => {
                    const tree = buildTree(digests);
                    this.trees.set(batchId, tree);
                    return tree;
                })
                .finally(() => this.loadingTrees.delete(batchId));
            this.loadingTrees.set(batchId, loading);
        }
        return loading;
    }

    private anchorProof(txId: string): Promise<TransactionProof> {
        let proof = this.anchorProofs.get(txId);
        if (proof === undefined) {
            // Canonical key order: the same receipt, byte for byte, whether the block came from a cache or the disk.
            proof = this.ledger
                .transactionProof(txId)
                .then((fresh) => JSON.parse(canonicalJson(fresh)) as TransactionProof);
            proof.catch(() => this.anchorProofs.delete(txId));
            if (this.anchorProofs.size > 10_000) {
                this.anchorProofs.clear();
            }
            this.anchorProofs.set(txId, proof);
        }
        return proof;
    }
}
