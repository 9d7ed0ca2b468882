import { createSHA256, createSM3 } from 'hash-wasm';

/** Bytes read per step: large enough for WebAssembly to run at speed, small enough to keep memory flat. */
const CHUNK = 8 * 1024 * 1024;

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

/**
 * Hashes a file in the browser with SHA-256 and SM3 (hash-wasm), streamed chunk by chunk so a file of several
 * gigabytes never sits in memory; the file is read locally and never sent anywhere.
 */
export async function hashFile(
    file: Blob,
    onProgress: (progress: HashProgress) => void = () => undefined,
): Promise<FileDigests> {
    const [sha256, sm3] = await Promise.all([createSHA256(), createSM3()]);
    sha256.init();
    sm3.init();
    const started = performance.now();
    for (let offset = 0; offset < file.size; offset += CHUNK) {
        const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK).arrayBuffer());
        sha256.update(bytes);
        sm3.update(bytes);
        const done = Math.min(file.size, offset + CHUNK);
        const seconds = Math.max((performance.now() - started) / 1000, 1e-3);
        onProgress({ done, total: file.size, mbPerSecond: done / 1e6 / seconds });
    }
    return { sha256: sha256.digest('hex'), sm3: sm3.digest('hex'), size: file.size };
}
