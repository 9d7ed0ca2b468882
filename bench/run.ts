import { benchAnchoring } from './anchoring';
import { benchBrowser } from './browser';
import { benchDispatch } from './dispatch';
import { benchEnforcement } from './enforcement';
import { benchAnchoringLatency } from './anchoring-latency';
import { benchFabric } from './fabric';
import { benchHashing } from './hashing';
import { benchMerkle } from './merkle';
import { benchNotifications } from './notifications';
import { printResults, type BenchResult } from './result';
import { benchService } from './service';
import { benchStartup } from './startup';
import { benchVerifyHttp } from './verify-http';

const suites: Record<string, () => Promise<BenchResult[]>> = {
    hashing: benchHashing,
    browser: benchBrowser,
    merkle: benchMerkle,
    verify: benchVerifyHttp,
    anchoring: benchAnchoring,
    latency: benchAnchoringLatency,
    notifications: benchNotifications,
    service: benchService,
    dispatch: benchDispatch,
    enforcement: benchEnforcement,
    fabric: benchFabric,
    startup: benchStartup,
};

/** `npm run bench [-- suite…]`: runs the named suites (default all) and prints figures with same-run baselines. */
async function main(): Promise<void> {
    const wanted = process.argv.slice(2);
    // `fabric` needs a running network (npm run network:up), so it runs only when named.
    const names = wanted.length > 0 ? wanted : Object.keys(suites).filter((name) => name !== 'fabric');
    console.log(`court-ledger benchmarks — node ${process.version}, ${new Date().toISOString()}`);
    for (const name of names) {
        const suite = suites[name];
        if (suite === undefined) {
            throw new Error(`unknown benchmark "${name}" (known: ${Object.keys(suites).join(', ')})`);
        }
        console.log(`\n[${name}]`);
        printResults(await suite());
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
