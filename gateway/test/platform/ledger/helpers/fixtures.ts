import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Actor, EventCheckpoint, Ledger, LedgerEvent, Proposal } from '../../../../src/platform/ledger/ledger';
import { createEmbeddedLedger, type LedgerLogger } from '../../../../src/platform/ledger/embedded';
import type { KeyWrite } from '../../../../src/platform/ledger/embedded/rwset';
import { WorldState } from '../../../../src/platform/ledger/embedded/state-db';

const made: string[] = [];

/** A fresh directory under the OS temp dir, removed by {@link removeTempDirs}. */
export function tempDir(prefix = 'court-ledger-embedded-'): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
}

/** Removes every directory made by {@link tempDir}. */
export function removeTempDirs(): void {
    for (const dir of made.splice(0)) {
        rmSync(dir, { recursive: true, force: true });
    }
}

let counterModuleDir: string | undefined;

/**
 * A chaincode package directory for the counter fixture: package.json whose `main` is the compiled
 * fixture, plus a collections config defining `pii`. Made once per process, removed at exit.
 */
export function counterModule(): string {
    if (counterModuleDir === undefined) {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'court-ledger-counter-cc-'));
        const main = path.join(__dirname, '..', 'fixtures', 'counter-contract.js');
        writeFileSync(
            path.join(dir, 'package.json'),
            JSON.stringify({ name: 'counter-chaincode', version: '1.0.0', main }),
        );
        writeFileSync(path.join(dir, 'collections_config.json'), JSON.stringify([{ name: 'pii' }]));
        counterModuleDir = dir;
        process.once('exit', () => {
            rmSync(dir, { recursive: true, force: true });
        });
    }
    return counterModuleDir;
}

/** A clerk acting through the CourtMSP gateway. */
export const CLERK: Actor = { sub: 'clerk-1', role: 'clerk', org: 'CourtMSP' };

/** A proposal to the counter fixture. */
export function counter(fn: string, args: string[] = [], extra: Partial<Proposal> = {}): Proposal {
    return { contract: 'counter', fn, args, actor: CLERK, ...extra };
}

/** A logger that keeps what it is told (warnings and errors in `warnings`, the rest in `infos`). */
export function recordingLogger(): LedgerLogger & { readonly warnings: string[]; readonly infos: string[] } {
    const warnings: string[] = [];
    const infos: string[] = [];
    return {
        warnings,
        infos,
        info: (message: string) => infos.push(message),
        warn: (message: string) => warnings.push(message),
        error: (message: string) => warnings.push(message),
    };
}

/** UTF-8 text of bytes. */
export function text(bytes: Uint8Array): string {
    return Buffer.from(bytes).toString('utf8');
}

/** Reads `count` events from the ledger's stream (then aborts it). */
export async function takeEvents(
    ledger: Ledger,
    after: EventCheckpoint | undefined,
    count: number,
    timeoutMs = 10_000,
): Promise<LedgerEvent[]> {
    const abort = new AbortController();
    const timer = setTimeout(() => {
        abort.abort();
    }, timeoutMs);
    const events: LedgerEvent[] = [];
    try {
        for await (const event of ledger.events(after, abort.signal)) {
            events.push(event);
            if (events.length === count) {
                break;
            }
        }
    } finally {
        clearTimeout(timer);
        abort.abort();
    }
    return events;
}

/** Opens an embedded ledger running the counter fixture chaincode in a fresh temp dir. */
export async function openCounterLedger(): Promise<{ ledger: Ledger; dataDir: string }> {
    const dataDir = tempDir();
    return { ledger: await createEmbeddedLedger({ dataDir, chaincodeModulePath: counterModule() }), dataDir };
}

/** Closes a ledger opened by {@link openCounterLedger} and removes the temp dirs. */
export async function closeLedger(ledger: Ledger): Promise<void> {
    await ledger.close();
    removeTempDirs();
}

const openStates: WorldState[] = [];

/** A new, empty state DB in a temporary directory (closed by {@link closeStates}). */
export async function openState(): Promise<WorldState> {
    const state = await WorldState.open(tempDir('court-ledger-state-'));
    openStates.push(state);
    return state;
}

/** Closes every state DB {@link openState} opened. */
export async function closeStates(): Promise<void> {
    await Promise.all(openStates.splice(0).map((state) => state.close()));
}

/** Commits `writes` (public) as the only transaction of the next block, as the commit queue does after its fsync. */
export async function commitWrites(state: WorldState, writes: ReadonlyMap<string, KeyWrite>): Promise<void> {
    const number = state.height;
    const update = state.update(number);
    update.apply({ public: writes, collections: new Map() }, { blockNumber: number, txIndex: 0 });
    await update.commit({ height: number + 1, headerHash: '', blockEnd: 0, pvtEnd: 0 }, 0);
}
