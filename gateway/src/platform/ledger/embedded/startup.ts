/**
 * Start-up of the embedded ledger's stores: opens the state DB, the private data store, the checkpoint and
 * the block file; replays the blocks after the state's savepoint (every block when the state DB is new or was
 * deleted); refuses a block file that ends before the checkpoint or the savepoint.
 */
import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import { BlockStore, type FramePosition } from './block-store';
import { catchUpCheckpoint, CheckpointFile, checkChainAgainst, readCheckpoint } from './checkpoint';
import type { ConfigTransaction } from './envelope';
import type { LedgerLogger } from './files';
import { PrivateDataStore } from './pvt-store';
import { ChainReplayer } from './replay';
import { WorldState } from './state-db';

/** Where the stores of a ledger data directory live. */
export function ledgerFiles(dataDir: string): { blocks: string; checkpoint: string; pvtdata: string; state: string } {
    return {
        blocks: path.join(dataDir, 'chain', 'blocks.dat'),
        checkpoint: path.join(dataDir, 'checkpoint.dat'),
        pvtdata: path.join(dataDir, 'pvtdata', 'pvtdata.dat'),
        state: path.join(dataDir, 'statedb'),
    };
}

/** The open stores, replayed up to the block file's height. */
export interface LedgerStores {
    readonly state: WorldState;
    readonly blocks: BlockStore;
    readonly privateData: PrivateDataStore;
    readonly checkpoint: CheckpointFile;
    /** Hash of the last block's header. */
    readonly lastHash: string;
    /** Block 0's configuration; undefined for a new ledger. */
    readonly genesis: ConfigTransaction | undefined;
}

/** Logs replay progress at most every few seconds (start-up after a state DB loss can take a while). */
class ReplayProgress {
    private last = Date.now();
    private readonly started = Date.now();
    private count = 0;

    constructor(
        private readonly logger: LedgerLogger,
        private readonly file: string,
    ) {}

    block(number: number, position: FramePosition): void {
        this.count += 1;
        const now = Date.now();
        if (now - this.last >= 5000) {
            this.last = now;
            const percent = Math.floor((100 * position.end) / Math.max(position.fileSize, 1));
            this.logger.info(`embedded ledger: replaying block ${number} (${percent}% of ${this.file})`);
        }
    }

    done(height: number): void {
        if (this.count > 0) {
            const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
            this.logger.info(`embedded ledger: replayed ${this.count} blocks up to height ${height} in ${seconds} s`);
        }
    }
}

async function readGenesis(blocks: BlockStore): Promise<ConfigTransaction> {
    const [line] = (await blocks.read(0)).transactions;
    return JSON.parse((line as Buffer).toString('utf8')) as ConfigTransaction;
}

/** Opens and replays the stores of `dataDir`, signing checkpoints with the node key. */
export async function openStores(
    dataDir: string,
    nodeKey: { readonly publicKey: string; readonly privateKey: KeyObject },
    logger: LedgerLogger,
): Promise<LedgerStores> {
    const files = ledgerFiles(dataDir);
    const state = await WorldState.open(files.state);
    let privateData: PrivateDataStore | undefined;
    let blocks: BlockStore | undefined;
    let checkpoint: CheckpointFile | undefined;
    try {
        const { savepoint } = state;
        privateData = await PrivateDataStore.open(files.pvtdata, logger, { from: savepoint?.pvtEnd ?? 0 });
        const acknowledged = await readCheckpoint(files.checkpoint, nodeKey.publicKey);
        const replayer = new ChainReplayer(files.blocks, state, privateData);
        if (savepoint !== undefined) {
            replayer.resume(savepoint, nodeKey.publicKey);
        } else if (acknowledged !== undefined) {
            logger.info(`embedded ledger: no state database in ${files.state}; rebuilding it from the blocks`);
        }
        const progress = new ReplayProgress(logger, files.blocks);
        blocks = await BlockStore.open(
            files.blocks,
            {
                logger,
                acknowledgedHeight: acknowledged?.height ?? 0,
                ...(savepoint === undefined
                    ? {}
                    : {
                          resume: {
                              height: savepoint.height,
                              end: savepoint.blockEnd,
                              headerHash: savepoint.headerHash,
                          },
                      }),
                offsetOf: (number) => state.blockOffset(number),
            },
            async (block, number, position) => {
                await replayer.replay(block, number, position);
                progress.block(number, position);
            },
        );
        progress.done(blocks.height);
        if (acknowledged !== undefined) {
            await checkChainAgainst(blocks, acknowledged, files.checkpoint);
        }
        await privateData.discardFrom(blocks.height, logger);
        checkpoint = await CheckpointFile.open(files.checkpoint, nodeKey.privateKey);
        await catchUpCheckpoint(checkpoint, acknowledged?.height, blocks.height, replayer.lastHash, logger);
        const genesis = replayer.genesis ?? (blocks.height > 0 ? await readGenesis(blocks) : undefined);
        return { state, blocks, privateData, checkpoint, lastHash: replayer.lastHash, genesis };
    } catch (error) {
        await blocks?.close();
        await checkpoint?.close();
        await privateData?.close();
        await state.close();
        throw error;
    }
}
