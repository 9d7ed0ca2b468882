/**
 * The append-only block file (Fabric's blockfile, simplified to one file).
 *
 * Each block is one frame (see framing.ts) whose payload is text lines: line 0 is the canonical JSON
 * `{header, signature}`, every further line is one transaction envelope's canonical JSON — exactly the
 * bytes its hash covers, so start-up verification hashes stored bytes without re-serialising anything.
 * Canonical JSON never contains a raw newline, so lines split unambiguously.
 */
import { constants, type FileHandle, open } from 'node:fs/promises';
import type { BlockHeader } from './envelope';
import { encodeFrame, FRAME_HEADER_BYTES, FrameDamage, readExactly, scanFrames, writeExactly } from './framing';
import { blockHash, canonicalJson } from './chain-hash';
import { crc32 } from 'node:zlib';
import { fsyncDirectory, type LedgerLogger } from './files';

/** A block as stored. */
export interface StoredBlock {
    readonly header: BlockHeader;
    /** ECDSA signature of the canonical header, DER, base64. */
    readonly signature: string;
    /** Canonical JSON bytes of each transaction envelope, in block order. */
    readonly transactions: readonly Buffer[];
}

/** Every block payload starts with these bytes (canonical JSON sorts `header` first, `dataHash` first in it). */
const BLOCK_MARKER = Buffer.from('{"header":{"dataHash":"', 'utf8');
const NEWLINE = 0x0a;
/** Recent blocks kept parsed in memory (live event delivery and proofs of recent transactions read them). */
const CACHE_BYTES = 32 * 1024 * 1024;

/** Serialises a block into a frame payload. */
export function encodeBlock(block: StoredBlock): Buffer {
    const meta = Buffer.from(canonicalJson({ header: block.header, signature: block.signature }), 'utf8');
    const parts: Buffer[] = [meta];
    for (const tx of block.transactions) {
        parts.push(Buffer.of(NEWLINE), tx);
    }
    return Buffer.concat(parts);
}

/** Parses a frame payload; throws when it is not a well-formed block. */
export function decodeBlock(payload: Buffer): StoredBlock {
    const lines: Buffer[] = [];
    let start = 0;
    for (let nl = payload.indexOf(NEWLINE); nl !== -1; nl = payload.indexOf(NEWLINE, start)) {
        lines.push(payload.subarray(start, nl));
        start = nl + 1;
    }
    lines.push(payload.subarray(start));
    const [metaLine, ...transactions] = lines;
    const meta = JSON.parse((metaLine as Buffer).toString('utf8')) as unknown;
    if (!isBlockMeta(meta)) {
        throw new Error('block header line is malformed');
    }
    return { header: meta.header, signature: meta.signature, transactions };
}

function isBlockMeta(value: unknown): value is { header: BlockHeader; signature: string } {
    if (typeof value !== 'object' || value === null) {
        return false;
    }
    const { header, signature } = value as {
        header?: Partial<Record<keyof BlockHeader, unknown>>;
        signature?: unknown;
    };
    return (
        typeof signature === 'string' &&
        typeof header === 'object' &&
        Number.isSafeInteger(header.number) &&
        typeof header.previousHash === 'string' &&
        typeof header.dataHash === 'string' &&
        typeof header.timestamp === 'string'
    );
}

/** Raised when the stored chain cannot be trusted; names the first bad block. */
export class ChainIntegrityError extends Error {
    constructor(
        readonly blockNumber: number,
        readonly file: string,
        reason: string,
    ) {
        super(
            `ledger refuses to start: block ${blockNumber} in ${file} was altered or is corrupted (${reason}); ` +
                'restore the data directory from a backup',
        );
        this.name = 'ChainIntegrityError';
    }
}

/** Raised when the block file ends before the last acknowledged block (truncated or rolled back). */
export class ChainTruncatedError extends Error {
    constructor(
        readonly file: string,
        readonly storedHeight: number,
        readonly acknowledgedHeight: number,
        tornAt: number | undefined,
        recordedBy: 'checkpoint' | 'state database' = 'checkpoint',
    ) {
        const tail = tornAt === undefined ? '' : `, then a cut-off frame at byte ${tornAt}`;
        super(
            `ledger refuses to start: ${file} holds ${storedHeight} complete blocks (height ${storedHeight}${tail}) ` +
                `but the ${recordedBy} records height ${acknowledgedHeight} acknowledged (blocks up to ` +
                `${acknowledgedHeight - 1}); the block file was truncated or rolled back. Restore ${file} from a ` +
                'backup holding at least that height (keep checkpoint.dat) and start again',
        );
        this.name = 'ChainTruncatedError';
    }
}

/** Checks that the block a savepoint was taken at is still where it was, with the same header hash. */
async function checkResumePoint(
    handle: FileHandle,
    file: string,
    resume: { readonly height: number; readonly end: number; readonly headerHash: string },
    offset: number | undefined,
): Promise<void> {
    const number = resume.height - 1;
    let hash: string | undefined;
    if (offset !== undefined && offset + FRAME_HEADER_BYTES <= resume.end) {
        const header = await readExactly(handle, offset, FRAME_HEADER_BYTES);
        const length = header.readUInt32BE(0);
        if (offset + FRAME_HEADER_BYTES + length === resume.end) {
            const payload = await readExactly(handle, offset + FRAME_HEADER_BYTES, length);
            try {
                hash = crc32(payload) === header.readUInt32BE(4) ? blockHash(decodeBlock(payload).header) : undefined;
            } catch {
                hash = undefined;
            }
        }
    }
    if (hash !== resume.headerHash) {
        throw new ChainIntegrityError(
            number,
            file,
            'it is not the block the state database was last saved at: the block file was replaced or rolled back',
        );
    }
}

/** Where a block frame is in the block file, and how far the file goes (for progress reports). */
export interface FramePosition {
    readonly offset: number;
    readonly end: number;
    readonly fileSize: number;
}

/** Options of {@link BlockStore.open}. */
export interface BlockStoreOptions {
    readonly logger: LedgerLogger;
    /** Height the checkpoint records as acknowledged: the file must hold at least that many blocks. */
    readonly acknowledgedHeight?: number;
    /** Open without creating or repairing anything (a torn tail is then reported in `tornTail`). */
    readonly readOnly?: boolean;
    /** Skip the blocks the state already holds: `height` blocks ending at byte `end`. */
    readonly resume?: { readonly height: number; readonly end: number; readonly headerHash: string };
    /** Offset of a block before `resume.height` (the state DB's block index). */
    readonly offsetOf?: (number: number) => number | undefined;
}

/** The block file: append (durably), read by number. */
export class BlockStore {
    /** Offsets of blocks `base`, `base + 1`, …; earlier ones come from `offsetOf`. */
    private readonly offsets: number[];
    private readonly cache = new Map<number, { block: StoredBlock; bytes: number }>();
    private cachedBytes = 0;
    private size: number;
    private broken: Error | undefined;
    /** Read-only opens: the torn tail left in place (a write in progress, or a crash), if any. */
    tornTail: { readonly offset: number; readonly reason: string } | undefined;

    private constructor(
        private readonly handle: FileHandle,
        readonly file: string,
        private readonly base: number,
        scanned: { offsets: number[]; size: number },
        private readonly offsetOf: (number: number) => number | undefined,
    ) {
        this.offsets = scanned.offsets;
        this.size = scanned.size;
    }

    /**
     * Opens (creating if needed) the block file and passes every stored block after `resume` to `onBlock` in
     * order, which verifies and replays it (throwing stops the start-up). A torn last frame after the
     * acknowledged height (a write the process never answered) is truncated with a warning; a file that ends
     * before `acknowledgedHeight` or before `resume` throws {@link ChainTruncatedError}; any other damage throws
     * {@link ChainIntegrityError} naming the block.
     */
    static async open(
        file: string,
        options: BlockStoreOptions,
        onBlock: (block: StoredBlock, number: number, position: FramePosition) => void | Promise<void>,
    ): Promise<BlockStore> {
        const { logger, acknowledgedHeight = 0, readOnly = false } = options;
        const resume = options.resume ?? { height: 0, end: 0, headerHash: '' };
        const handle = await open(file, readOnly ? constants.O_RDONLY : constants.O_RDWR | constants.O_CREAT, 0o644);
        try {
            if (!readOnly) {
                await fsyncDirectory(file);
            }
            const fileSize = (await handle.stat()).size;
            if (fileSize < resume.end) {
                // Shorter than when the state was saved: count what is left, to name it.
                const found = await scanFrames(handle, BLOCK_MARKER, () => undefined);
                const [height, by] =
                    acknowledgedHeight >= resume.height
                        ? [acknowledgedHeight, 'checkpoint' as const]
                        : [resume.height, 'state database' as const];
                throw new ChainTruncatedError(file, found.frames, height, found.torn?.offset, by);
            }
            if (resume.height > 0) {
                await checkResumePoint(handle, file, resume, options.offsetOf?.(resume.height - 1));
            }
            const offsets: number[] = [];
            let scan;
            try {
                scan = await scanFrames(
                    handle,
                    BLOCK_MARKER,
                    async (payload, index, offset, end) => {
                        let block: StoredBlock;
                        try {
                            block = decodeBlock(payload);
                        } catch (error) {
                            throw new ChainIntegrityError(index, file, (error as Error).message);
                        }
                        offsets.push(offset);
                        await onBlock(block, index, { offset, end, fileSize });
                    },
                    { offset: resume.end, index: resume.height },
                );
            } catch (error) {
                if (error instanceof FrameDamage) {
                    throw new ChainIntegrityError(error.index, file, `${error.reason} at byte ${error.offset}`);
                }
                throw error;
            }
            if (scan.frames < acknowledgedHeight) {
                throw new ChainTruncatedError(file, scan.frames, acknowledgedHeight, scan.torn?.offset);
            }
            const offsetOf = options.offsetOf ?? (() => undefined);
            const store = new BlockStore(handle, file, resume.height, { offsets, size: scan.validEnd }, offsetOf);
            if (scan.torn !== undefined && readOnly) {
                store.tornTail = scan.torn;
            } else if (scan.torn !== undefined) {
                logger.warn(
                    `embedded ledger: truncating torn last block frame in ${file} at byte ${scan.torn.offset} ` +
                        `(${scan.torn.reason}); it was being written when the process stopped and was never ` +
                        `acknowledged (the checkpoint records height ${acknowledgedHeight})`,
                );
                await handle.truncate(scan.validEnd);
                await handle.datasync();
            }
            return store;
        } catch (error) {
            await handle.close();
            throw error;
        }
    }

    /** Byte offset just past the last block. */
    get end(): number {
        return this.size;
    }

    /** Number of blocks stored. */
    get height(): number {
        return this.base + this.offsets.length;
    }

    /**
     * Appends a block and fsyncs; on failure the file is cut back so the next append starts clean.
     * Returns where the block's frame starts.
     */
    async append(block: StoredBlock): Promise<number> {
        if (this.broken !== undefined) {
            throw this.broken;
        }
        if (block.header.number !== this.height) {
            throw new Error(`block ${block.header.number} appended at height ${this.height}`);
        }
        const frame = encodeFrame(encodeBlock(block));
        const offset = this.size;
        try {
            await writeExactly(this.handle, offset, frame);
            await this.handle.datasync();
        } catch (error) {
            try {
                await this.handle.truncate(offset);
            } catch (truncateError) {
                this.broken = new Error(`block file ${this.file} is in an unknown state`, { cause: truncateError });
            }
            throw error;
        }
        this.size = offset + frame.length;
        this.offsets.push(offset);
        this.remember(block.header.number, block);
        return offset;
    }

    /** Reads block `number` (recent blocks come from a cache). */
    async read(number: number): Promise<StoredBlock> {
        const cached = this.cache.get(number);
        if (cached !== undefined) {
            return cached.block;
        }
        const offset = number < this.base ? this.offsetOf(number) : this.offsets[number - this.base];
        if (offset === undefined || number < 0) {
            throw new RangeError(`block ${number} does not exist (height ${this.height})`);
        }
        const header = await readExactly(this.handle, offset, FRAME_HEADER_BYTES);
        const payload = await readExactly(this.handle, offset + FRAME_HEADER_BYTES, header.readUInt32BE(0));
        const block = decodeBlock(payload);
        this.remember(number, block);
        return block;
    }

    async close(): Promise<void> {
        this.cache.clear();
        this.cachedBytes = 0;
        await this.handle.close();
    }

    /** Why appends are refused (a failed append could not be undone), if they are. */
    get failure(): Error | undefined {
        return this.broken;
    }

    private remember(number: number, block: StoredBlock): void {
        if (this.cache.has(number)) {
            return;
        }
        const bytes = block.transactions.reduce((sum, tx) => sum + tx.length, 0);
        this.cache.set(number, { block, bytes });
        this.cachedBytes += bytes;
        for (const [oldest, entry] of this.cache) {
            if (this.cachedBytes <= CACHE_BYTES || this.cache.size === 1) {
                break;
            }
            this.cache.delete(oldest);
            this.cachedBytes -= entry.bytes;
        }
    }
}
