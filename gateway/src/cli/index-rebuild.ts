import pino from 'pino';
import { loadConfig } from '../config';
import { restrictFileModes } from '../platform/store/data-dir';
import { rebuildIndex } from '../platform/store/rebuild';

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
    const report = await rebuildIndex(config, log);
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
