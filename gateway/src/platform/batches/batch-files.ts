import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDirectory, writeFileDurably } from '@court-ledger/ledger-embedded';
import type { Actor } from '@court-ledger/ledger-api';
import { buildTree } from '../merkle';

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The identity the anchoring batcher records anchors as: the gateway itself acting as a court subsystem. The
 * batches recorded under it are the ones whose leaves this gateway keeps in batch files (`index rebuild`
 * restores their receipts).
 */
export const BATCHER_ACTOR: Actor = { sub: 'gateway-batcher', role: 'subsystem', org: 'CourtMSP' };

/** Where the batch files of a gateway data folder live. */
export function batchFolder(dataDir: string): string {
    return path.join(dataDir, 'batches');
}

/** A batch file is missing or does not hash to the root anchored on the ledger. */
export class BatchFileError extends Error {
    constructor(
        readonly batchId: string,
        readonly rootHash: string,
        reason: string,
    ) {
        super(`batch ${batchId} (root ${rootHash}): ${reason}`);
        this.name = 'BatchFileError';
    }
}

/**
 * The leaves of every sealed anchor batch, kept outside the index: the ledger holds only a batch's root, so
 * without its leaves no receipt can be rebuilt. One content-addressed file per batch, `batches/<root hex>`,
 * holding the 32-byte digests in leaf order, written durably (file and folder fsynced) before the root is
 * submitted to the ledger. `court-ledger index rebuild` restores the receipts from them.
 */
export class BatchFileStore {
    private constructor(readonly dir: string) {}

    /** Opens (creating durably if needed) the folder of batch files. */
    static async open(dir: string): Promise<BatchFileStore> {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await fsyncDirectory(dir);
        return new BatchFileStore(dir);
    }

    pathOf(rootHash: string): string {
        if (!HEX64.test(rootHash)) {
            throw new RangeError('a batch root is 64 lowercase hex characters');
        }
        return path.join(this.dir, rootHash);
    }

    /** Writes the batch's digests (leaf order) under its root, durably; an existing file is kept. */
    async write(rootHash: string, digests: Buffer): Promise<void> {
        const file = this.pathOf(rootHash);
        const existing = await readFile(file).catch(() => undefined);
        if (existing?.equals(digests) === true) {
            return;
        }
        await writeFileDurably(file, digests, 0o600);
    }

    /**
     * The digests of the batch with this root, checked against it: the file must hold `treeSize` digests whose
     * RFC 6962 tree has this root.
     *
     * @throws BatchFileError naming the batch when the file is missing or does not match
     */
    async read(batchId: string, rootHash: string, treeSize: number): Promise<Buffer> {
        let digests: Buffer;
        try {
            digests = await readFile(this.pathOf(rootHash));
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
                throw new BatchFileError(batchId, rootHash, `batch file ${this.pathOf(rootHash)} is missing`);
            }
            throw error;
        }
        if (digests.length !== treeSize * 32) {
            throw new BatchFileError(
                batchId,
                rootHash,
                `batch file holds ${digests.length} bytes, the anchored tree has ${treeSize} leaves (${treeSize * 32} bytes)`,
            );
        }
        const actual = buildTree(digests).rootHash().toString('hex');
        if (actual !== rootHash) {
            throw new BatchFileError(
                batchId,
                rootHash,
                `batch file's leaves hash to root ${actual}, not the anchored one`,
            );
        }
        return digests;
    }
}
