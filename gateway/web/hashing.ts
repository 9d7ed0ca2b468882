import { createSHA256, createSM3, type IHasher } from 'hash-wasm';
import { bytesToHex } from '../src/platform/receipts/hex';

/** Bytes read per step: large enough for WebAssembly to run at speed, small enough to keep memory flat. */
const CHUNK = 8 * 1024 * 1024;

/**
 * Files up to this size are read into memory whole so that WebCrypto computes their SHA-256 (one call, it cannot
 * stream; on its own thread while SM3 runs here); larger files stream both digests through hash-wasm.
 */
export const ONE_SHOT_LIMIT = 256 * 1024 * 1024;

/** Progress of {@link hashFile}. */
export interface HashProgress {
    readonly done: number;
    readonly total: number;
    /** Throughput so far, MB/s (10^6 bytes). */
    readonly mbPerSecond: number;
}

/** SHA-256 and SM3 of a file, lower-case hex. */
export interface FileDigests {
    readonly sha256: string;
    readonly sm3: string;
    readonly size: number;
}

/** Resolves after the browser's next task, so that a progress update can paint between chunks. */
function nextTask(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Hashes a file in the browser with SHA-256 and SM3; the file is read locally and never sent anywhere. SM3 is
 * always streamed chunk by chunk (hash-wasm). SHA-256 comes from WebCrypto over the whole file when it is at most
 * {@link ONE_SHOT_LIMIT} and the page is a secure context, else it is streamed by hash-wasm too, so a file of
 * several gigabytes never sits in memory. `oneShotLimit` is for tests of the streamed path.
 */
export async function hashFile(
    file: Blob,
    onProgress: (progress: HashProgress) => void = () => undefined,
    oneShotLimit = ONE_SHOT_LIMIT,
): Promise<FileDigests> {
    const oneShot = file.size <= oneShotLimit && typeof crypto !== 'undefined' && 'subtle' in crypto;
    const sm3 = await createSM3();
    const sha256: IHasher | undefined = oneShot ? undefined : await createSHA256();
    sm3.init();
    sha256?.init();
    const started = performance.now();
    const report = (done: number): void => {
        const seconds = Math.max((performance.now() - started) / 1000, 1e-3);
        onProgress({ done, total: file.size, mbPerSecond: done / 1e6 / seconds });
    };
    if (sha256 === undefined) {
        const whole = await file.arrayBuffer();
        const digest = crypto.subtle.digest('SHA-256', whole);
        for (let offset = 0; offset < whole.byteLength; offset += CHUNK) {
            const length = Math.min(CHUNK, whole.byteLength - offset);
            sm3.update(new Uint8Array(whole, offset, length));
            report(offset + length);
            await nextTask();
        }
        return { sha256: bytesToHex(new Uint8Array(await digest)), sm3: sm3.digest('hex'), size: file.size };
    }
    for (let offset = 0; offset < file.size; offset += CHUNK) {
        const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK).arrayBuffer());
        sha256.update(bytes);
        sm3.update(bytes);
        report(Math.min(file.size, offset + CHUNK));
    }
    return { sha256: sha256.digest('hex'), sm3: sm3.digest('hex'), size: file.size };
}
