/**
 * Run as a child process by environment.ts: connects to the Fabric network of FABRIC_CONNECTION (or the
 * repository's network/run/connection.json), asks the court peer for the chain height, prints a one-line JSON
 * `{available, reason?}` and exits. A child process because mocha defines suites synchronously.
 */
import { loadConfig } from '@court-ledger/gateway/dist/src/config';
import { createFabricLedger } from '@court-ledger/gateway/dist/src/platform/ledger/fabric';

async function probe(): Promise<{ available: boolean; reason?: string }> {
    const config = loadConfig({ ...process.env, LEDGER_MODE: 'fabric', FABRIC_EVALUATE_TIMEOUT_MS: '10000' });
    try {
        const ledger = await createFabricLedger(config.fabric);
        try {
            const health = await ledger.health();
            return health.ok
                ? { available: true }
                : { available: false, reason: `the court peer does not answer: ${health.message ?? ''}` };
        } finally {
            await ledger.close();
        }
    } catch (error) {
        return { available: false, reason: (error as Error).message };
    }
}

void probe().then((result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
});
