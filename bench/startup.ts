import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchResult } from './result';
import { buildEvidenceLedger } from './startup-build';

/** Evidence records in the benchmark ledger (built once by a fast path, startup-build.ts). */
const RECORDS = Number(process.env.BENCH_STARTUP_RECORDS ?? 1_000_000);
/** Where the ledger is built; kept between runs (built once, then reused while it holds enough records). */
const DIR = process.env.BENCH_STARTUP_DIR ?? path.join(os.tmpdir(), 'court-ledger-bench-startup');

/** Builds the ledger in `dir` once (the record count it holds is kept in a file beside it). */
async function build(dir: string, records: number): Promise<void> {
    const countFile = path.join(dir, 'records.txt');
    if (existsSync(countFile) && Number(readFileSync(countFile, 'utf8')) === records) {
        return;
    }
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, 'ledger'), { recursive: true });
    const started = Date.now();
    await buildEvidenceLedger(path.join(dir, 'ledger'), records, (line) => {
        console.log(line);
    });
    console.log(`  built ${records} records in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    writeFileSync(countFile, String(records));
}

interface Start {
    readonly readyMs: number;
    readonly rssMb: number;
    readonly height: number;
}

/** Opens the ledger in a fresh process; its time to ready and RSS. */
function start(dir: string): Promise<Start> {
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            [path.join(__dirname, 'startup-child.js'), path.join(dir, 'ledger')],
            { maxBuffer: 16 * 2 ** 20 },
            (error, stdout, stderr) => {
                if (error !== null) {
                    reject(new Error(`start-up child failed: ${stderr}`, { cause: error }));
                    return;
                }
                resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Start);
            },
        );
    });
}

/**
 * Start-up of a ledger holding many evidence records: a start that resumes from the state DB's savepoint
 * (what every start does now), against a start that replays every block into the state (what every start
 * did before the state moved to LevelDB, and what a start after losing the state DB still does).
 */
export async function benchStartup(): Promise<BenchResult[]> {
    await build(DIR, RECORDS);
    const resumed = await start(DIR);
    rmSync(path.join(DIR, 'ledger', 'statedb'), { recursive: true, force: true });
    const replayed = await start(DIR);
    const again = await start(DIR);
    const scale = `${RECORDS.toLocaleString('en')} evidence records, ${resumed.height} blocks`;
    return [
        {
            name: `start to ready (${scale})`,
            value: Math.min(resumed.readyMs, again.readyMs) / 1000,
            unit: 's',
            baseline: replayed.readyMs / 1000,
            ratio: replayed.readyMs / Math.min(resumed.readyMs, again.readyMs),
            goal: '≤ 10 s',
            note: 'baseline: replay of every block (state DB deleted)',
        },
        {
            name: 'RSS once ready',
            value: Math.max(resumed.rssMb, again.rssMb),
            unit: 'MB',
            baseline: replayed.rssMb,
            ratio: replayed.rssMb / Math.max(resumed.rssMb, again.rssMb),
            goal: '≤ 400 MB',
        },
    ];
}
