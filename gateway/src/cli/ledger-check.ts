import { existsSync } from 'node:fs';
import path from 'node:path';
import { ChainIntegrityError } from '../platform/ledger/embedded';
import { checkLedger } from '../platform/ledger/embedded/check';

/** The embedded ledger folder of a gateway data directory (`DIR/ledger`), or DIR itself when it is one. */
export function ledgerDirOf(dataDir: string): string {
    return existsSync(path.join(dataDir, 'chain')) ? dataDir : path.join(dataDir, 'ledger');
}

/**
 * `court-ledger ledger check [--data DIR]`: verifies the whole embedded ledger (see ledger/embedded/check.ts);
 * prints its height and head hash, or, with exit code 1, what is wrong, naming the first bad block.
 */
export async function ledgerCheckCommand(options: { data: string }): Promise<void> {
    const dir = ledgerDirOf(options.data);
    if (!existsSync(path.join(dir, 'chain', 'blocks.dat'))) {
        throw new Error(`no embedded ledger in ${dir} (chain/blocks.dat is missing)`);
    }
    let report;
    try {
        report = await checkLedger(dir);
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const first = error instanceof ChainIntegrityError ? `first bad block: ${error.blockNumber}\n` : '';
        process.stderr.write(`ledger check FAILED for ${dir}\n${first}${message}\n`);
        process.exitCode = 1;
        return;
    }
    const lines = [
        `ledger check OK: ${dir}`,
        `height ${report.height} (blocks 0..${report.height - 1}), head hash ${report.headHash}`,
        report.checkpointHeight === undefined
            ? 'checkpoint: none (written at the next start)'
            : `checkpoint: height ${report.checkpointHeight} acknowledged, signature and header hash verified`,
        `private data: verified for ${report.privateDataBlocks} blocks`,
    ];
    if (report.tornTail !== undefined) {
        lines.push(
            `note: an unfinished write after the last block at byte ${report.tornTail.offset} ` +
                `(${report.tornTail.reason}); a write in progress, or a crash that start-up repairs`,
        );
    }
    process.stdout.write(lines.join('\n') + '\n');
}
