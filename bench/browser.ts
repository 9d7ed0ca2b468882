import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { digestStream } from '@court-ledger/gateway/dist/src/platform/hashing/digests';
import { bundleForPage, chromiumBrowser, launchChromium } from '../test/support/browser';
import { startBenchGateway } from './gateway';
import type { CandidateTiming } from './hashing-candidates';
import { percentile, type BenchResult } from './result';

/** Size of the hashed file, MB (10^6 bytes): BENCH_BROWSER_MB, default 512 (the figure). */
const MEGABYTES = Number(process.env.BENCH_BROWSER_MB ?? 512);
/** The file dropped on the real `/` page, MB. */
const DROP_MEGABYTES = 10;
const RUNS = 2;
const DROP_RUNS = 5;

/** Writes `bytes` random bytes to `file` in 8 MiB pieces. */
async function writeRandomFile(file: string, bytes: number): Promise<void> {
    const handle = await open(file, 'w');
    try {
        for (let written = 0; written < bytes; written += 8 << 20) {
            await handle.write(randomBytes(Math.min(8 << 20, bytes - written)));
        }
    } finally {
        await handle.close();
    }
}

/** Best-of-`RUNS` seconds and digests of node:crypto's `algorithms`, all fed in one pass over `data`. */
function nodeCrypto(algorithms: readonly ('sha256' | 'sm3')[], data: Buffer): { seconds: number; digests: string[] } {
    let seconds = Infinity;
    let digests: string[] = [];
    for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const hashes = algorithms.map((algorithm) => createHash(algorithm));
        for (let offset = 0; offset < data.length; offset += 8 << 20) {
            const chunk = data.subarray(offset, offset + (8 << 20));
            hashes.forEach((hash) => hash.update(chunk));
        }
        digests = hashes.map((hash) => hash.digest('hex'));
        seconds = Math.min(seconds, (performance.now() - started) / 1000);
    }
    return { seconds, digests };
}

/** The candidates (hashing-candidates.ts) and the page's own hashFile (gateway/web/hashing.ts), for one page. */
function bundle(): Promise<string> {
    return bundleForPage(
        "export { timeCandidates } from './dist/bench/hashing-candidates.js';\n" +
            "export { hashFile } from './gateway/web/hashing.ts';\n",
        'bench',
    );
}

/** In Chromium: every candidate, and the page's hashFile (SHA-256 + SM3, as `/` runs it), over `file`. */
async function inChromium(browser: Browser, file: string): Promise<CandidateTiming[]> {
    const page = await browser.newPage();
    try {
        // A localhost page (answered here, no server) is a secure context, so WebCrypto is there.
        const url = 'http://localhost/browser-bench';
        await page.route(url, (route) =>
            route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title><input type=file>' }),
        );
        await page.goto(url);
        await page.addScriptTag({ content: await bundle() });
        // From a path: the local browser reads the file itself (nothing crosses the protocol).
        await page.setInputFiles('input', file);
        const picked = 'document.querySelector("input").files[0]';
        const candidates = await page.evaluate<CandidateTiming[]>(`bench.timeCandidates(${picked}, ${RUNS})`);
        const pageWay = await page.evaluate<CandidateTiming>(`(async () => {
            let seconds = Infinity, digest = '';
            for (let run = 0; run < ${RUNS}; run++) {
                const started = performance.now();
                const digests = await bench.hashFile(${picked});
                seconds = Math.min(seconds, (performance.now() - started) / 1000);
                digest = digests.sha256 + ' ' + digests.sm3;
            }
            return { name: 'SHA-256 + SM3, the page (hashFile)', seconds, digest };
        })()`);
        return [...candidates, pageWay];
    } finally {
        await page.close();
    }
}

/** Median seconds from setting the file on the real `/` page to its answer, and the digests it showed. */
async function dropToAnswer(
    browser: Browser,
    url: string,
    file: string,
): Promise<{ seconds: number; shown: string[] }> {
    const page = await browser.newPage();
    try {
        const times: number[] = [];
        let shown: string[] = [];
        for (let run = 0; run < DROP_RUNS; run++) {
            await page.goto(`${url}/?lang=en`);
            await page.locator('html[data-ready="true"]').waitFor();
            const started = performance.now();
            await page.setInputFiles('#file', file);
            await page.locator('#answer .answer').waitFor();
            times.push((performance.now() - started) / 1000);
            shown = await page.locator('.digests td').allTextContents();
        }
        return {
            seconds: percentile(
                times.sort((a, b) => a - b),
                50,
            ),
            shown,
        };
    } finally {
        await page.close();
    }
}

/** Median seconds of `fn` over `DROP_RUNS` runs. */
async function median(fn: () => Promise<unknown>): Promise<number> {
    const times: number[] = [];
    for (let run = 0; run < DROP_RUNS; run++) {
        const started = performance.now();
        await fn();
        times.push((performance.now() - started) / 1000);
    }
    return percentile(
        times.sort((a, b) => a - b),
        50,
    );
}

/** Drop to answer for a `DROP_MEGABYTES` file on `/`, against node:crypto hashing the same file from disk. */
async function benchDrop(browser: Browser, dir: string): Promise<BenchResult> {
    const file = path.join(dir, 'drop.bin');
    await writeRandomFile(file, DROP_MEGABYTES * 1e6);
    // The baseline: the same two digests by node:crypto, streamed from disk (what POST /v1/verify does).
    const digests = await digestStream(createReadStream(file));
    const baseline = await median(() => digestStream(createReadStream(file)));
    const gateway = await startBenchGateway();
    try {
        const { seconds, shown } = await dropToAnswer(browser, gateway.url, file);
        if (shown.join(' ') !== `${digests.sha256} ${digests.sm3}`) {
            throw new Error(
                `the page showed ${shown.join(' ')}, node:crypto computed ${digests.sha256} ${digests.sm3}`,
            );
        }
        const roundTrip = await median(() => fetch(`${gateway.url}/v1/verify/sha256/${digests.sha256}`));
        return {
            name: `/ page: ${DROP_MEGABYTES} MB file set → answer shown (s)`,
            value: seconds,
            unit: 's',
            baseline,
            ratio: baseline / seconds,
            note: `median of ${DROP_RUNS}; baseline node:crypto SHA-256 + SM3 of the file from disk; GET /v1/verify round trip ${(roundTrip * 1000).toFixed(1)} ms`,
        };
    } finally {
        await gateway.close();
    }
}

/**
 * `npm run bench -- browser`: in the system Chromium, SHA-256 by WebCrypto (one shot), hash-wasm and
 * @noble/hashes, SM3 by hash-wasm, and the `/` page's own hashFile (both digests), over a BENCH_BROWSER_MB file
 * (default 512 MB) given to a page's file input, each against raw node:crypto over the same bytes in memory in
 * the same run (every digest checked against node:crypto's); then the time from setting a 10 MB file on the real
 * `/` page to its answer.
 */
export async function benchBrowser(): Promise<BenchResult[]> {
    const chromium = chromiumBrowser();
    if (!chromium.available) {
        console.log(`  (no browser figures: ${chromium.reason})`);
        return [];
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-bench-'));
    const browser = await launchChromium();
    try {
        const file = path.join(dir, 'evidence.bin');
        await writeRandomFile(file, MEGABYTES * 1e6);
        const data = await readFile(file);
        const sha256 = nodeCrypto(['sha256'], data);
        const sm3 = nodeCrypto(['sm3'], data);
        const both = nodeCrypto(['sha256', 'sm3'], data);
        const expected: Record<string, string | undefined> = {
            'SHA-256 WebCrypto one-shot': sha256.digests[0],
            'SHA-256 hash-wasm': sha256.digests[0],
            'SHA-256 @noble/hashes': sha256.digests[0],
            'SM3 hash-wasm': sm3.digests[0],
            'SHA-256 + SM3, the page (hashFile)': both.digests.join(' '),
        };
        const rate = (seconds: number) => MEGABYTES / seconds;
        const results: BenchResult[] = (await inChromium(browser, file)).map((timing) => {
            if (timing.digest !== expected[timing.name]) {
                throw new Error(`Chromium ${timing.name} digest ${timing.digest} is not node:crypto's`);
            }
            const baseline = rate(timing.name.startsWith('SHA-256 +') ? both.seconds : sha256.seconds);
            const value = rate(timing.seconds);
            return {
                name: `Chromium, ${MEGABYTES} MB: ${timing.name} (MB/s)`,
                value,
                unit: 'MB/s',
                baseline,
                ratio: value / baseline,
                ...(timing.name.startsWith('SHA-256 +')
                    ? { note: 'baseline node:crypto SHA-256 + SM3 in one pass' }
                    : timing.name.startsWith('SHA-256 ')
                      ? { goal: '≥ 0.3' }
                      : {}),
            };
        });
        return [
            { name: 'node:crypto SM3 (MB/s, for comparison)', value: rate(sm3.seconds), unit: 'MB/s' },
            ...results,
            await benchDrop(browser, dir),
        ];
    } finally {
        await browser.close();
        await rm(dir, { recursive: true, force: true });
    }
}
