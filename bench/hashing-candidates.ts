/*
 * The in-browser hashing candidates of the / page, timed over the same bytes in Node and, bundled by esbuild, in
 * Chromium (browser-hashing.ts): hash-wasm (WebAssembly) and @noble/hashes (pure JS) for SHA-256, hash-wasm for
 * SM3 (@noble/hashes has no SM3), and WebCrypto's one-shot SHA-256 for reference. Uses only what a browser and Node both have (no Node built-ins).
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import { createSHA256, createSM3 } from 'hash-wasm';

/** One candidate's best time over the data, and its digest (hex) to check it against node:crypto's. */
export interface CandidateTiming {
    readonly name: string;
    readonly seconds: number;
    readonly digest: string;
}

/**
 * The benchmark data: `chunks` chunks of `chunkBytes` from a xorshift32 generator (deterministic, so Node and
 * the browser hash the same bytes).
 */
export function benchChunks(chunks: number, chunkBytes: number): Uint8Array[] {
    let state = 0x9e3779b9;
    return Array.from({ length: chunks }, () => {
        const words = new Uint32Array(chunkBytes / 4);
        for (let i = 0; i < words.length; i++) {
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            words[i] = state >>> 0;
        }
        return new Uint8Array(words.buffer);
    });
}

/** A streaming hash as the page drives it: update per chunk, then the hex digest. */
interface Streaming {
    update(bytes: Uint8Array): void;
    digest(): string;
}

async function best(runs: number, make: () => Promise<Streaming>, data: readonly Uint8Array[]) {
    let seconds = Infinity;
    let digest = '';
    for (let run = 0; run < runs; run++) {
        const hash = await make();
        const started = performance.now();
        for (const chunk of data) {
            hash.update(chunk);
        }
        digest = hash.digest();
        seconds = Math.min(seconds, (performance.now() - started) / 1000);
    }
    return { seconds, digest };
}

/** Times every candidate over `chunks` × `chunkBytes` bytes (best of `runs`). */
export async function timeCandidates(chunks: number, chunkBytes: number, runs: number): Promise<CandidateTiming[]> {
    const data = benchChunks(chunks, chunkBytes);
    const wasm = (create: typeof createSHA256) => async (): Promise<Streaming> => {
        const hasher = await create();
        hasher.init();
        return { update: (bytes) => hasher.update(bytes), digest: () => hasher.digest('hex') };
    };
    const noble = (): Promise<Streaming> => {
        const hasher = sha256.create();
        return Promise.resolve({ update: (bytes) => hasher.update(bytes), digest: () => bytesToHex(hasher.digest()) });
    };
    // WebCrypto cannot stream (one digest call over all the bytes), so the page cannot use it for a large file;
    // timed as the hardware-backed reference a browser has.
    const whole = new Uint8Array(chunks * chunkBytes);
    for (const [i, chunk] of data.entries()) {
        whole.set(chunk, i * chunkBytes);
    }
    let oneShot = { seconds: Infinity, digest: '' };
    for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const digest = bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', whole)));
        oneShot = { seconds: Math.min(oneShot.seconds, (performance.now() - started) / 1000), digest };
    }
    return [
        { name: 'SHA-256 WebCrypto one-shot', ...oneShot },
        { name: 'SHA-256 hash-wasm', ...(await best(runs, wasm(createSHA256), data)) },
        { name: 'SHA-256 @noble/hashes', ...(await best(runs, noble, data)) },
        { name: 'SM3 hash-wasm', ...(await best(runs, wasm(createSM3), data)) },
    ];
}
