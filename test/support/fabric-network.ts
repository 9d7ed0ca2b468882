import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Availability } from './environment';

/** The repository root (compiled tests live in dist/test/support). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** A network instance the scripts manage: its run folder and port base (scripts/network-env.sh). */
export interface NetworkInstance {
    readonly runDir: string;
    readonly portBase: number;
}

export interface ScriptResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs scripts/<script> for `instance` and returns its exit status and output (never throws). */
export function runNetworkScript(
    script: string,
    instance: NetworkInstance,
    args: readonly string[] = [],
): ScriptResult {
    const result: SpawnSyncReturns<string> = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', script), ...args], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, NETWORK_RUN_DIR: instance.runDir, NETWORK_PORT_BASE: String(instance.portBase) },
        timeout: 300_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Whether Fabric binaries can be had here (prebuilt FABRIC_BIN_DIR, the cache, or a build from FABRIC_SOURCE):
 * asks scripts/build-fabric.sh, which may build them (minutes) on first use.
 */
export function fabricBinaries(): Availability {
    const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'build-fabric.sh')], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 900_000,
    });
    if (result.status === 0) {
        return { available: true };
    }
    const reason = result.stderr.trim().split('\n').pop() ?? 'scripts/build-fabric.sh failed';
    return { available: false, reason: `no Fabric binaries: ${reason}` };
}

/** The PIDs recorded in <runDir>/pids/*.pid, by process name. */
export function recordedPids(instance: NetworkInstance, names: readonly string[]): Map<string, number> {
    const pids = new Map<string, number>();
    for (const name of names) {
        const text = readFileSync(path.join(instance.runDir, 'pids', `${name}.pid`), 'utf8');
        pids.set(name, Number(text.split(' ')[0]));
    }
    return pids;
}
