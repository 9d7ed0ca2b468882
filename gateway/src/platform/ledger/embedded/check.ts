/**
 * `court-ledger ledger check`: verifies a whole embedded ledger offline — every block (frame checksum,
 * numbering, hash chain, data hash, node signature, key-level endorsement), the private data store against
 * the hashes in the blocks, and the checkpoint (signature, height, header hash) — by replaying the chain into
 * a scratch state DB that is deleted afterwards. Opens every file read-only and takes no lock, so it can run
 * beside a live gateway (blocks appended meanwhile are left for the next run).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BlockStore } from './block-store';
import { checkChainAgainst, readCheckpoint } from './checkpoint';
import type { LedgerLogger } from './files';
import { PrivateDataStore } from './pvt-store';
import { ChainReplayer } from './replay';
import { ledgerFiles } from './startup';
import { WorldState } from './state-db';

/** What a successful check found. */
export interface LedgerCheckReport {
    readonly height: number;
    /** Hash of the last block's header (what the next block will chain to). */
    readonly headHash: string;
    /** Height the checkpoint records as acknowledged (undefined: no checkpoint file). */
    readonly checkpointHeight: number | undefined;
    /** Blocks whose private data was checked. */
    readonly privateDataBlocks: number;
    /** Unfinished write after the last block (a write in progress or a crash; start-up truncates it). */
    readonly tornTail: { readonly offset: number; readonly reason: string } | undefined;
}

const quiet: LedgerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Verifies the ledger in `dataDir`; throws (naming the first bad block, where there is one) when it is not intact. */
export async function checkLedger(dataDir: string): Promise<LedgerCheckReport> {
    const files = ledgerFiles(dataDir);
    const nodePublicKey = await readFile(path.join(dataDir, 'node', 'public.pem'), 'utf8');
    // Read before the blocks, so blocks a live ledger appends during the scan cannot make it look ahead.
    const checkpoint = await readCheckpoint(files.checkpoint, nodePublicKey);
    const scratchDir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-check-'));
    const scratch = await WorldState.open(scratchDir);
    try {
        const privateData = await PrivateDataStore.open(files.pvtdata, quiet, { readOnly: true });
        let privateDataBlocks = 0;
        try {
            const replayer = new ChainReplayer(files.blocks, scratch, privateData);
            const blocks = await BlockStore.open(
                files.blocks,
                { logger: quiet, readOnly: true, acknowledgedHeight: checkpoint?.height ?? 0 },
                async (block, number, position) => {
                    if (privateData.has(number)) {
                        privateDataBlocks += 1;
                    }
                    await replayer.replay(block, number, position);
                },
            );
            try {
                if (replayer.genesis !== undefined && replayer.genesis.nodePublicKey.trim() !== nodePublicKey.trim()) {
                    throw new Error(`node/public.pem is not the node key of block 0 in ${files.blocks}`);
                }
                if (checkpoint !== undefined) {
                    await checkChainAgainst(blocks, checkpoint, files.checkpoint);
                }
                return {
                    height: blocks.height,
                    headHash: replayer.lastHash,
                    checkpointHeight: checkpoint?.height,
                    privateDataBlocks,
                    tornTail: blocks.tornTail,
                };
            } finally {
                await blocks.close();
            }
        } finally {
            await privateData.close();
        }
    } finally {
        await scratch.close();
        await rm(scratchDir, { recursive: true, force: true });
    }
}
