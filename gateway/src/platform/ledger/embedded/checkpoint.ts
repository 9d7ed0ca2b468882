/**
 * The commit checkpoint: the height and header hash of the last acknowledged block, kept apart from the block
 * file and signed by the node key, so a block file that was truncated or rolled back is noticed at start-up
 * (a block file cannot vouch for its own length).
 *
 * Written after the block is fsynced and before any submitter of the block is answered, with one positional
 * write and one fdatasync. The file holds two fixed-size slots, written alternately (height 2n in slot 0,
 * 2n + 1 in slot 1), so a crash mid-write tears only the slot being written and the other still holds the
 * previous checkpoint. A slot is `u32 BE length, u32 BE CRC-32, canonical JSON`, zero-padded:
 * - a slot whose checksum fails is a torn write and is ignored (it named a block never acknowledged);
 * - a slot whose checksum holds but whose signature does not verify was forged: the ledger refuses to start.
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { constants, type FileHandle, open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { fsyncDirectory, type LedgerLogger } from './files';
import type { BlockStore } from './block-store';
import { blockHash, canonicalJson } from './chain-hash';
import { readExactly, writeExactly } from './framing';

const SLOT_BYTES = 512;
const SLOT_HEADER_BYTES = 8;

/** The last acknowledged block: `height` blocks stored, the last one's header hashing to `headerHash`. */
export interface Checkpoint {
    readonly height: number;
    readonly headerHash: string;
}

/** Raised when the checkpoint file was altered (a slot with a valid checksum but a bad signature or shape). */
export class CheckpointIntegrityError extends Error {
    constructor(file: string, reason: string) {
        super(
            `ledger refuses to start: checkpoint ${file} was altered (${reason}); ` +
                'restore the data directory from a backup',
        );
        this.name = 'CheckpointIntegrityError';
    }
}

/** The bytes the node signs: a domain tag, so no block header signature can pass for a checkpoint's. */
function signedBytes(checkpoint: Checkpoint): Buffer {
    return Buffer.from(
        canonicalJson({ checkpoint: { headerHash: checkpoint.headerHash, height: checkpoint.height } }),
        'utf8',
    );
}

/** One slot's bytes for `checkpoint`. */
export function encodeSlot(checkpoint: Checkpoint, privateKey: KeyObject): Buffer {
    const signature = sign('sha256', signedBytes(checkpoint), privateKey).toString('base64');
    const payload = Buffer.from(canonicalJson({ ...checkpoint, signature }), 'utf8');
    const slot = Buffer.alloc(SLOT_BYTES);
    slot.writeUInt32BE(payload.length, 0);
    slot.writeUInt32BE(crc32(payload), 4);
    payload.copy(slot, SLOT_HEADER_BYTES);
    return slot;
}

/** A slot's checkpoint; undefined when empty or torn; throws when intact but not signed by `publicKey`. */
function decodeSlot(slot: Buffer, publicKey: KeyObject, file: string): Checkpoint | undefined {
    const length = slot.readUInt32BE(0);
    if (length === 0 || length > SLOT_BYTES - SLOT_HEADER_BYTES) {
        return undefined;
    }
    const payload = slot.subarray(SLOT_HEADER_BYTES, SLOT_HEADER_BYTES + length);
    if (crc32(payload) !== slot.readUInt32BE(4)) {
        return undefined;
    }
    let parsed: { height?: unknown; headerHash?: unknown; signature?: unknown };
    try {
        parsed = JSON.parse(payload.toString('utf8')) as typeof parsed;
    } catch {
        throw new CheckpointIntegrityError(file, 'a slot is not JSON');
    }
    const { height, headerHash, signature } = parsed;
    if (!Number.isSafeInteger(height) || typeof headerHash !== 'string' || typeof signature !== 'string') {
        throw new CheckpointIntegrityError(file, 'a slot is malformed');
    }
    const checkpoint = { height: height as number, headerHash };
    let valid: boolean;
    try {
        valid = verify('sha256', signedBytes(checkpoint), publicKey, Buffer.from(signature, 'base64'));
    } catch {
        valid = false;
    }
    if (!valid) {
        throw new CheckpointIntegrityError(
            file,
            `the signature of the checkpoint at height ${String(height)} does not verify with the node key`,
        );
    }
    return checkpoint;
}

/** Reads the newest intact checkpoint of `file` (undefined when there is none, or no file). */
export async function readCheckpoint(file: string, publicKey: string | KeyObject): Promise<Checkpoint | undefined> {
    let handle: FileHandle;
    try {
        handle = await open(file, constants.O_RDONLY);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            return undefined;
        }
        throw error;
    }
    try {
        return await readSlots(handle, file, typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey);
    } finally {
        await handle.close();
    }
}

async function readSlots(handle: FileHandle, file: string, publicKey: KeyObject): Promise<Checkpoint | undefined> {
    const { size } = await handle.stat();
    const bytes = size === 0 ? Buffer.alloc(0) : await readExactly(handle, 0, Math.min(size, 2 * SLOT_BYTES));
    let newest: Checkpoint | undefined;
    for (let offset = 0; offset + SLOT_BYTES <= bytes.length; offset += SLOT_BYTES) {
        const checkpoint = decodeSlot(bytes.subarray(offset, offset + SLOT_BYTES), publicKey, file);
        if (checkpoint !== undefined && (newest === undefined || checkpoint.height > newest.height)) {
            newest = checkpoint;
        }
    }
    return newest;
}

/** The open checkpoint file the committer writes. */
export class CheckpointFile {
    private broken: Error | undefined;

    private constructor(
        private readonly handle: FileHandle,
        readonly file: string,
        private readonly privateKey: KeyObject,
    ) {}

    /** Opens (creating if needed) `file` for writing with the node's `privateKey`. */
    static async open(file: string, privateKey: KeyObject): Promise<CheckpointFile> {
        const handle = await open(file, constants.O_RDWR | constants.O_CREAT, 0o644);
        try {
            await fsyncDirectory(file);
        } catch (error) {
            await handle.close();
            throw error;
        }
        return new CheckpointFile(handle, file, privateKey);
    }

    /**
     * Records `checkpoint` durably (one write, one fdatasync). After a failed write every later one is
     * refused: blocks may no longer be acknowledged until a restart re-reads the files.
     */
    async write(checkpoint: Checkpoint): Promise<void> {
        if (this.broken !== undefined) {
            throw this.broken;
        }
        try {
            const slot = encodeSlot(checkpoint, this.privateKey);
            await writeExactly(this.handle, (checkpoint.height % 2) * SLOT_BYTES, slot);
            await this.handle.datasync();
        } catch (error) {
            this.broken = new Error(`checkpoint ${this.file} could not be written`, { cause: error });
            throw error;
        }
    }

    /** Why checkpoints (and so commits) are refused, if they are. */
    get failure(): Error | undefined {
        return this.broken;
    }

    async close(): Promise<void> {
        await this.handle.close();
    }
}

/**
 * Checks that the stored chain holds the checkpoint's block (the caller has checked the height): its header
 * must hash to the recorded hash, else the chain was replaced by another one of the same length or longer.
 */
export async function checkChainAgainst(blocks: BlockStore, checkpoint: Checkpoint, file: string): Promise<void> {
    if (checkpoint.height === 0) {
        return;
    }
    const number = checkpoint.height - 1;
    const actual = blockHash((await blocks.read(number)).header);
    if (actual !== checkpoint.headerHash) {
        throw new Error(
            `ledger refuses to start: block ${number} in ${blocks.file} hashes to ${actual}, but the checkpoint ` +
                `${file} records block ${number} as ${checkpoint.headerHash}; the block file was replaced or ` +
                'rolled back. Restore it from a backup',
        );
    }
}

/**
 * Records the stored height in the checkpoint when it is ahead of it: blocks fsynced by a process that stopped
 * before recording them were never acknowledged but are complete and verified, so they stay (as a Fabric peer
 * keeps a committed block whose client timed out). A data directory from before checkpoints has none yet.
 */
export async function catchUpCheckpoint(
    checkpoint: CheckpointFile,
    acknowledged: number | undefined,
    height: number,
    headerHash: string,
    logger: LedgerLogger,
): Promise<void> {
    if (height === 0 || acknowledged === height) {
        return;
    }
    if (acknowledged === undefined) {
        logger.warn(`embedded ledger: no checkpoint in ${checkpoint.file}; recording height ${height}`);
    } else {
        logger.info(
            `embedded ledger: blocks ${acknowledged}..${height - 1} were stored but not yet recorded as ` +
                'acknowledged when the process stopped; they are kept',
        );
    }
    await checkpoint.write({ height, headerHash });
}
