import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { loadConfig, type GatewayConfig } from '../config';
import { batchFolder, BatchFileStore } from '../platform/batches/batch-files';
import { restoreBatchItems, type RestoreReport } from '../features/anchoring/restore';
import { QueueStore } from '../platform/anchor-queue/queue-store';
import { INDEX_FEATURES } from '../projections';
import { restrictFileModes } from '../platform/store/data-dir';
import { rebuildIndex } from '../platform/store/rebuild';

/** What {@link rebuildGatewayIndex} did. */
export interface RebuildReport extends RestoreReport {
    /** The ledger height replayed. */
    readonly height: number;
}

/**
 * Rebuilds every feature's part of the index from the ledger (see `rebuildIndex`), then restores into the
 * anchoring queue any of this gateway's batches it lost, from their batch files, so every receipt is served.
 */
export async function rebuildGatewayIndex(config: GatewayConfig, log: FastifyBaseLogger): Promise<RebuildReport> {
    const { height, restored } = await rebuildIndex(config, log, INDEX_FEATURES, async (db, pepper) => {
        const queue = await QueueStore.open(QueueStore.folder(config.dataDir));
        try {
            return await restoreBatchItems(
                db,
                queue,
                await BatchFileStore.open(batchFolder(config.dataDir)),
                log,
                pepper,
            );
        } finally {
            await queue.close();
        }
    });
    return { height, ...restored };
}

/**
 * `court-ledger index rebuild`: with the gateway stopped, empties the index and replays it from the ledger,
 * restoring every receipt from the batch files. Exit code 1 when some batch could not be restored.
 */
export async function indexRebuildCommand(options: { data?: string }): Promise<void> {
    restrictFileModes();
    const config = loadConfig({
        ...process.env,
        ...(options.data === undefined ? {} : { COURT_LEDGER_DATA: options.data }),
    });
    const log = pino({ level: config.logLevel }, pino.destination(2));
    const report = await rebuildGatewayIndex(config, log);
    process.stdout.write(
        `index rebuilt from the ledger (height ${report.height}): ${report.batchesRestored} batches, ` +
            `${report.itemsRestored} receipts restored from batch files\n`,
    );
    if (report.problems.length > 0) {
        process.stderr.write(
            `court-ledger: ${report.problems.length} batch(es) not restored; their items have no receipt:\n` +
                report.problems.map((problem) => `  ${problem.message}\n`).join(''),
        );
        process.exitCode = 1;
    }
}
