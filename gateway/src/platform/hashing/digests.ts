import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** Digests computed for a file: SHA-256 always, SM3 (GB/T 32905) unless turned off. */
export interface FileDigests {
    readonly sha256: string;
    readonly sm3: string;
    readonly size: number;
}

export interface DigestOptions {
    /** Also compute SM3 (default true). */
    readonly sm3?: boolean;
}

/**
 * Hashes a stream with SHA-256 and SM3 in one pass, holding no more than one chunk in memory.
 * Both algorithms come from node:crypto (OpenSSL), so no JavaScript hashing is on this hot path.
 * With `{sm3: false}` the returned `sm3` is the empty string.
 */
export async function digestStream(stream: Readable, options: DigestOptions = {}): Promise<FileDigests> {
    const sha256 = createHash('sha256');
    const sm3 = options.sm3 === false ? undefined : createHash('sm3');
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
        sha256.update(chunk);
        sm3?.update(chunk);
        size += chunk.length;
    }
    return { sha256: sha256.digest('hex'), sm3: sm3?.digest('hex') ?? '', size };
}
