import { createHash } from 'node:crypto';
import path from 'node:path';
import { build } from 'esbuild';
import { chromiumBrowser, launchChromium } from '../test/support/browser';
import { benchChunks, timeCandidates, type CandidateTiming } from './hashing-candidates';
import type { BenchResult } from './result';

/** 64 MiB in the page's 8 MiB chunks (gateway/web/hashing.ts). */
const CHUNKS = 8;
const CHUNK_BYTES = 8 * 1024 * 1024;
const RUNS = 3;
const MEGABYTES = (CHUNKS * CHUNK_BYTES) / 1e6;

/** Best-of-`RUNS` seconds and digest of node:crypto's `algorithm` over the benchmark data. */
function nodeCrypto(algorithm: 'sha256' | 'sm3', data: readonly Uint8Array[]): { seconds: number; digest: string } {
    let seconds = Infinity;
    let digest = '';
    for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const hash = createHash(algorithm);
        for (const chunk of data) {
            hash.update(chunk);
        }
        digest = hash.digest('hex');
        seconds = Math.min(seconds, (performance.now() - started) / 1000);
    }
    return { seconds, digest };
}

/** The candidates timed in the system Chromium (hashing-candidates.ts bundled by esbuild into a blank page). */
async function inChromium(): Promise<CandidateTiming[]> {
    const bundle = await build({
        entryPoints: [path.join(__dirname, 'hashing-candidates.js')],
        bundle: true,
        write: false,
        format: 'iife',
        globalName: 'candidates',
        platform: 'browser',
        target: ['es2022'],
        logLevel: 'warning',
    });
    const browser = await launchChromium();
    try {
        const page = await browser.newPage();
        // A localhost page (answered here, no server) is a secure context, so WebCrypto is there.
        const url = 'http://localhost/browser-hashing';
        await page.route(url, (route) =>
            route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }),
        );
        await page.goto(url);
        await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
        return await page.evaluate<CandidateTiming[]>(`candidates.timeCandidates(${CHUNKS}, ${CHUNK_BYTES}, ${RUNS})`);
    } finally {
        await browser.close();
    }
}

/**
 * `npm run bench -- browser-hashing`: what the / page can hash with, SHA-256 by hash-wasm (WebAssembly) and by
 * @noble/hashes (pure JS), SM3 by hash-wasm, over 64 MiB in the page's chunks, in Node and in Chromium, each
 * against node:crypto SHA-256 over the same bytes in the same run (every digest checked against node:crypto's).
 */
export async function benchBrowserHashing(): Promise<BenchResult[]> {
    const data = benchChunks(CHUNKS, CHUNK_BYTES);
    const sha256 = nodeCrypto('sha256', data);
    const sm3 = nodeCrypto('sm3', data);
    const expected: Record<string, string> = {
        'SHA-256 WebCrypto one-shot': sha256.digest,
        'SHA-256 hash-wasm': sha256.digest,
        'SHA-256 @noble/hashes': sha256.digest,
        'SM3 hash-wasm': sm3.digest,
    };
    const baseline = MEGABYTES / sha256.seconds;
    const figures = (where: string, timings: readonly CandidateTiming[]): BenchResult[] =>
        timings.map((timing) => {
            if (timing.digest !== expected[timing.name]) {
                throw new Error(`${where} ${timing.name} digest ${timing.digest} is not node:crypto's`);
            }
            const value = MEGABYTES / timing.seconds;
            return {
                name: `${where}: ${timing.name} (MB/s)`,
                value,
                unit: 'MB/s',
                baseline,
                ratio: value / baseline,
                ...(where === 'Chromium' && timing.name === 'SHA-256 hash-wasm' ? { goal: '≥ 0.3' } : {}),
            };
        });
    const results: BenchResult[] = [
        { name: 'node:crypto SM3 (MB/s, for comparison)', value: MEGABYTES / sm3.seconds, unit: 'MB/s', baseline },
        ...figures('Node', await timeCandidates(CHUNKS, CHUNK_BYTES, RUNS)),
    ];
    const chromium = chromiumBrowser();
    if (!chromium.available) {
        console.log(`  (no browser figures: ${chromium.reason})`);
        return results;
    }
    return [...results, ...figures('Chromium', await inChromium())];
}
