import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import { fsyncDirectory } from '../ledger/embedded/files';

/** A document as stored: its digests (lowercase hex) and size. */
export interface StoredDocument {
    readonly sha256: string;
    readonly sm3: string;
    readonly size: number;
}

/**
 * An uploaded document written (and fsynced) to a temporary file, not yet in the store: {@link commit} it once
 * the ledger write that references it committed, {@link discard} it otherwise (a no-op after commit).
 */
export interface StagedDocument extends StoredDocument {
    readonly commit: () => Promise<void>;
    readonly discard: () => Promise<void>;
}

/** A document whose bytes were checked against the expected digest, ready to send. */
export interface VerifiedDocument extends StoredDocument {
    /**
     * The bytes: a Buffer (exactly the bytes that were verified) up to the buffer limit, else a stream read from
     * the same open file after a verifying pass, re-hashed as it flows and destroyed on a mismatch.
     */
    readonly body: Buffer | Readable;
}

/** The stored bytes do not hash to the digest the ledger holds: the document must not be served. */
export class DocumentIntegrityError extends Error {
    constructor(
        readonly expected: string,
        readonly actual: string,
    ) {
        super(`stored document ${expected} fails its integrity check (its bytes hash to ${actual})`);
        this.name = 'DocumentIntegrityError';
    }
}

/** No document with this digest is stored here. */
export class DocumentNotFoundError extends Error {
    constructor(readonly sha256: string) {
        super(`no stored document ${sha256}`);
        this.name = 'DocumentNotFoundError';
    }
}

/** Options of {@link DocumentStore}. */
export interface DocumentStoreOptions {
    /**
     * Documents up to this size (bytes) are read into memory, verified, and served from that buffer; larger
     * ones are verified in a first pass and streamed in a second (default 64 MiB).
     */
    readonly bufferLimit?: number;
    /** Called on every integrity failure (the gateway records a fault for component `documents`). */
    readonly onIntegrityFailure?: (error: DocumentIntegrityError) => void;
    /** Called when a document's bytes matched its digest (a repaired document ends the fault). */
    readonly onVerified?: (sha256: string) => void;
}

const HEX64 = /^[0-9a-f]{64}$/;
const CHUNK = 1024 * 1024;

function equalHex(a: string, b: string): boolean {
    return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Content-addressed, durable document store: `<root>/sha256/ab/cd/<digest>`.
 *
 * Writes stream into a temporary file while hashing (SHA-256 and SM3), fsync it, rename it into place and fsync
 * the directory, so a stored file is complete or absent. Every read hashes the bytes and compares them with
 * the digest the caller expects (the on-chain digest): a mismatch raises {@link DocumentIntegrityError} and
 * the bytes are never handed out. Small documents (the usual case, < 50 MB) are buffered, so what is served
 * is exactly what was verified; larger ones get a verifying pass and then a streaming pass over the same open
 * file that is hashed again and aborted if it no longer matches.
 */
export class DocumentStore {
    private readonly bufferLimit: number;

    constructor(
        /** Root directory of the store. */
        readonly root: string,
        private readonly options: DocumentStoreOptions = {},
    ) {
        this.bufferLimit = options.bufferLimit ?? 64 * 1024 * 1024;
    }

    /** Where the document with this SHA-256 lives. */
    pathOf(sha256: string): string {
        if (!HEX64.test(sha256)) {
            throw new RangeError('a document digest is 64 lowercase hex characters');
        }
        return path.join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    }

    /**
     * Stores the bytes of `source`. `beforeCommit` runs after the last byte and before the rename; if it
     * throws (e.g. the upload was truncated at the size limit), nothing is stored.
     */
    async put(source: AsyncIterable<Uint8Array>, beforeCommit?: () => void): Promise<StoredDocument> {
        const staged = await this.stage(source);
        try {
            beforeCommit?.();
            await staged.commit();
        } finally {
            await staged.discard();
        }
        return { sha256: staged.sha256, sm3: staged.sm3, size: staged.size };
    }

    /**
     * Writes the bytes of `source` to a temporary file (hashing them) and fsyncs it, without storing the
     * document yet: an upload is stored only once the ledger write that references it committed, so a refused
     * request leaves nothing behind. Temporaries of a process that died are removed by
     * {@link sweepTemporaries} at the next start.
     */
    async stage(source: AsyncIterable<Uint8Array>): Promise<StagedDocument> {
        const tempDir = path.join(this.root, 'tmp');
        await mkdir(tempDir, { recursive: true, mode: 0o700 });
        const temp = path.join(tempDir, `${randomBytes(12).toString('hex')}.part`);
        const handle = await open(temp, 'wx', 0o600);
        let staged = false;
        try {
            const sha256 = createHash('sha256');
            const sm3 = createHash('sm3');
            let size = 0;
            for await (const chunk of source) {
                sha256.update(chunk);
                sm3.update(chunk);
                size += chunk.length;
                await writeAll(handle, chunk);
            }
            await handle.sync();
            await handle.close();
            const document = { sha256: sha256.digest('hex'), sm3: sm3.digest('hex'), size };
            const target = this.pathOf(document.sha256);
            let settled = false;
            staged = true;
            return {
                ...document,
                commit: async () => {
                    if (settled) {
                        return;
                    }
                    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
                    await rename(temp, target);
                    settled = true;
                    await fsyncDirectory(target);
                },
                discard: async () => {
                    if (settled) {
                        return;
                    }
                    settled = true;
                    await unlink(temp).catch(() => undefined);
                },
            };
        } finally {
            if (!staged) {
                await handle.close().catch(() => undefined);
                await unlink(temp).catch(() => undefined);
            }
        }
    }

    /**
     * Removes the temporary files of uploads that never finished (a process killed mid-upload); call at start,
     * before any upload. Returns how many were removed.
     */
    async sweepTemporaries(): Promise<number> {
        let names: string[];
        try {
            names = await readdir(path.join(this.root, 'tmp'));
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
                return 0;
            }
            throw error;
        }
        const parts = names.filter((name) => name.endsWith('.part'));
        for (const name of parts) {
            await unlink(path.join(this.root, 'tmp', name)).catch(() => undefined);
        }
        return parts.length;
    }

    /** True when a file is stored under this digest (its bytes are not checked). */
    async has(sha256: string): Promise<boolean> {
        try {
            return (await stat(this.pathOf(sha256))).isFile();
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
                return false;
            }
            throw error;
        }
    }

    /** Hashes the stored file and checks it against `sha256`; returns its digests (SM3 included). */
    async inspect(sha256: string): Promise<StoredDocument> {
        const handle = await this.openFile(sha256);
        try {
            const { document } = await this.hashFile(handle, sha256, false);
            return document;
        } finally {
            await handle.close();
        }
    }

    /**
     * Opens the document stored under `sha256` for sending, after checking its bytes against that digest.
     *
     * @throws DocumentNotFoundError when absent; DocumentIntegrityError when the bytes differ
     */
    async read(sha256: string): Promise<VerifiedDocument> {
        const handle = await this.openFile(sha256);
        let handedOver = false;
        try {
            const { size } = await handle.stat();
            if (size <= this.bufferLimit) {
                const { document, bytes } = await this.hashFile(handle, sha256, true);
                return { ...document, body: Buffer.concat(bytes, document.size) };
            }
            const { document } = await this.hashFile(handle, sha256, false);
            handedOver = true;
            return { ...document, body: this.verifiedStream(handle, sha256) };
        } finally {
            if (!handedOver) {
                await handle.close();
            }
        }
    }

    private async openFile(sha256: string): Promise<FileHandle> {
        try {
            return await open(this.pathOf(sha256), 'r');
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
                throw new DocumentNotFoundError(sha256);
            }
            throw error;
        }
    }

    /** One pass over the file from the start: digests, optionally the bytes; throws on a mismatch. */
    private async hashFile(
        handle: FileHandle,
        expected: string,
        keep: boolean,
    ): Promise<{ document: StoredDocument; bytes: Buffer[] }> {
        const sha256 = createHash('sha256');
        const sm3 = createHash('sm3');
        const bytes: Buffer[] = [];
        let size = 0;
        for (;;) {
            const buffer = Buffer.allocUnsafe(CHUNK);
            const { bytesRead } = await handle.read(buffer, 0, CHUNK, size);
            if (bytesRead === 0) {
                break;
            }
            const chunk = buffer.subarray(0, bytesRead);
            sha256.update(chunk);
            sm3.update(chunk);
            if (keep) {
                bytes.push(chunk);
            }
            size += bytesRead;
        }
        const actual = sha256.digest('hex');
        if (!equalHex(actual, expected)) {
            throw this.integrityFailure(expected, actual);
        }
        this.options.onVerified?.(actual);
        return { document: { sha256: actual, sm3: sm3.digest('hex'), size }, bytes };
    }

    /**
     * Streams the open file from the start, hashing again. The latest chunk is held back until the next one
     * arrives, and the last one until the digest matched, so a file changed after the verifying pass never
     * reaches the client whole: the stream is destroyed with {@link DocumentIntegrityError} instead.
     */
    private verifiedStream(handle: FileHandle, expected: string): Readable {
        const hash = createHash('sha256');
        let held: Buffer | undefined;
        const check = new Transform({
            transform: (chunk: Buffer, _encoding, done) => {
                hash.update(chunk);
                const previous = held;
                held = chunk;
                done(null, previous);
            },
            flush: (done) => {
                const actual = hash.digest('hex');
                if (!equalHex(actual, expected)) {
                    done(this.integrityFailure(expected, actual));
                    return;
                }
                done(null, held);
            },
        });
        return pipeline(handle.createReadStream({ start: 0, autoClose: true, highWaterMark: CHUNK }), check, () => {
            // errors reach the consumer through the returned stream
        });
    }

    private integrityFailure(expected: string, actual: string): DocumentIntegrityError {
        const error = new DocumentIntegrityError(expected, actual);
        this.options.onIntegrityFailure?.(error);
        return error;
    }
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
        offset += bytesWritten;
    }
}
