/*
 * The in-browser hashing candidates of the / page, bundled by esbuild into a page of the system Chromium and
 * timed over a file the page was given (browser.ts): hash-wasm (WebAssembly) and @noble/hashes (pure JS) for
 * SHA-256 streamed in the page's 8 MiB slices, hash-wasm for SM3 (@noble/hashes has no SM3), and WebCrypto's
 * one-shot SHA-256 over the whole file read into memory. Uses only what a browser has (typed here against the
 * Blob and WebCrypto that Node's types also declare).
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import { createSHA256, createSM3 } from 'hash-wasm';

/** The page's slice size (gateway/web/hashing.ts). */
const SLICE = 8 * 1024 * 1024;

/** One candidate's best time over the file (reading included), and its digest (hex) to check against node:crypto's. */
export interface CandidateTiming {
    readonly name: string;
    readonly seconds: number;
    readonly digest: string;
}

/** A streaming hash as the page drives it: update per slice, then the hex digest. */
interface Streaming {
    update(bytes: Uint8Array): void;
    digest(): string;
}

/** Best of `runs`: `once` hashes the file and returns its digest. */
async function best(name: string, runs: number, once: () => Promise<string>): Promise<CandidateTiming> {
    let seconds = Infinity;
    let digest = '';
    for (let run = 0; run < runs; run++) {
        const started = performance.now();
        digest = await once();
        seconds = Math.min(seconds, (performance.now() - started) / 1000);
    }
    return { name, seconds, digest };
}

/** Streams `file` through a fresh hash from `make`, slice by slice, as the page reads a file. */
async function streamed(file: Blob, make: () => Promise<Streaming>): Promise<string> {
    const hash = await make();
    for (let offset = 0; offset < file.size; offset += SLICE) {
        hash.update(new Uint8Array(await file.slice(offset, offset + SLICE).arrayBuffer()));
    }
    return hash.digest();
}

/** Times every candidate over `file` (best of `runs`; @noble/hashes, ~3× slower, once). */
export async function timeCandidates(file: Blob, runs: number): Promise<CandidateTiming[]> {
    const wasm = (create: typeof createSHA256) => async (): Promise<Streaming> => {
        const hasher = await create();
        hasher.init();
        return { update: (bytes) => hasher.update(bytes), digest: () => hasher.digest('hex') };
    };
    const noble = (): Promise<Streaming> => {
        const hasher = sha256.create();
        return Promise.resolve({ update: (bytes) => hasher.update(bytes), digest: () => bytesToHex(hasher.digest()) });
    };
    // WebCrypto cannot stream: one digest call over all the bytes, so the whole file is read into memory first.
    const oneShot = async (): Promise<string> =>
        bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer())));
    return [
        await best('SHA-256 WebCrypto one-shot', runs, oneShot),
        await best('SHA-256 hash-wasm', runs, () => streamed(file, wasm(createSHA256))),
        await best('SHA-256 @noble/hashes', 1, () => streamed(file, noble)),
        await best('SM3 hash-wasm', runs, () => streamed(file, wasm(createSM3))),
    ];
}
