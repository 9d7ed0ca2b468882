import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fabricBinaries, REPO_ROOT, runNetworkScript } from './fabric-network';

/**
 * Which external servers the end-to-end suites can use here. A missing server makes its suites skip with a
 * printed reason on a developer's machine; CI sets COURT_LEDGER_REQUIRE_PG / COURT_LEDGER_REQUIRE_FABRIC so
 * that the same absence fails instead.
 */
export interface Availability {
    readonly available: boolean;
    readonly reason?: string;
}

export function postgresServer(): Availability {
    if (process.env.DATABASE_URL) {
        return { available: true };
    }
    return {
        available: false,
        reason: 'DATABASE_URL is not set (start one with `source scripts/ci-postgres.sh && start_ci_postgres`)',
    };
}

let fabric: Availability | undefined;

/**
 * A Fabric network the gateway can use: FABRIC_CONNECTION (or the repository's network/run/connection.json,
 * written by `npm run network:up`) exists and its court peer answers (probed once, in a child process).
 */
export function fabricNetwork(): Availability {
    if (fabric !== undefined) {
        return fabric;
    }
    const connection = fabricConnectionPath();
    if (!existsSync(connection)) {
        const started = startDefaultNetwork();
        if (!started.available) {
            fabric = started;
            return fabric;
        }
    }
    try {
        const output = execFileSync(process.execPath, [require.resolve('./fabric-probe.js')], {
            env: { ...process.env, FABRIC_CONNECTION: connection },
            timeout: 30_000,
            encoding: 'utf8',
        });
        fabric = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Availability;
    } catch (error) {
        fabric = { available: false, reason: `probing the Fabric network failed: ${(error as Error).message}` };
    }
    return fabric;
}

/**
 * Without FABRIC_CONNECTION and with no network running, the suites bring the repository's network up
 * themselves (`npm run network:up`: a few seconds) when Fabric binaries can be had (prebuilt, cached, or built
 * from FABRIC_SOURCE), so `npm test` runs every suite; the network stays up afterwards (`npm run network:down`).
 */
function startDefaultNetwork(): Availability {
    const explicit = process.env.FABRIC_CONNECTION;
    if (explicit !== undefined && explicit !== '') {
        return { available: false, reason: `no Fabric network: FABRIC_CONNECTION=${explicit} does not exist` };
    }
    const binaries = fabricBinaries();
    if (!binaries.available) {
        return binaries;
    }
    console.log('  starting the Fabric network for the Fabric suites (npm run network:down stops it)');
    const up = runNetworkScript('network-up.sh', { runDir: path.join(REPO_ROOT, 'network', 'run'), portBase: 7050 });
    if (up.status !== 0) {
        const reason = up.stderr.trim().split('\n').pop() ?? 'failed';
        return { available: false, reason: `npm run network:up failed: ${reason}` };
    }
    return { available: true };
}

/** The Fabric connection settings the suites use: FABRIC_CONNECTION, else the repository's network/run. */
export function fabricConnectionPath(): string {
    const explicit = process.env.FABRIC_CONNECTION;
    return explicit !== undefined && explicit !== ''
        ? path.resolve(explicit)
        : path.resolve(__dirname, '..', '..', '..', 'network', 'run', 'connection.json');
}

/** Calls `define` when the server is available; otherwise prints why it skips, or fails when it is required. */
export function requireOrSkip(
    title: string,
    availability: Availability,
    requiredVariable: string,
    define: () => void,
): void {
    if (availability.available) {
        define();
        return;
    }
    if (process.env[requiredVariable] === '1') {
        describe(title, () => {
            it(`is required (${requiredVariable}=1) but unavailable`, () => {
                throw new Error(`${title}: ${availability.reason ?? 'unavailable'}`);
            });
        });
        return;
    }
    console.log(`  skipping "${title}": ${availability.reason ?? 'unavailable'}`);
}
