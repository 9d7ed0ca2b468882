/**
 * Child of the start-up benchmark: opens the embedded ledger in argv[2] and prints one JSON line
 * `{readyMs, rssMb, height}` — time from process start to an open ledger, RSS once open — then closes it.
 */
import { performance } from 'node:perf_hooks';
import { createEmbeddedLedger } from '@court-ledger/gateway/dist/src/platform/ledger/embedded';

async function main(): Promise<void> {
    const dataDir = process.argv[2];
    if (dataDir === undefined) {
        throw new Error('usage: startup-child <ledgerDir>');
    }
    const ledger = await createEmbeddedLedger({ dataDir, logger: console });
    const readyMs = performance.now();
    const rssMb = process.memoryUsage().rss / 2 ** 20;
    const height = (await ledger.health()).height;
    await ledger.close();
    process.stdout.write(`${JSON.stringify({ readyMs, rssMb, height })}\n`);
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
