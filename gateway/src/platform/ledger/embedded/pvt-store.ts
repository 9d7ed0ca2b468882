/**
 * The private data store (Fabric's pvtdata store): the clear-text private keys and values of each block,
 * kept out of the block file, which carries only their hashes.
 *
 * One frame per block that has private writes, appended and fsynced before the block itself (as Fabric's
 * committer prepares private data before the block): a record for a block that never made it into the
 * block file is discarded at start-up.
 */
import { constants, type FileHandle, open } from 'node:fs/promises';
import { canonicalJson } from './chain-hash';
import { fsyncDirectory, type LedgerLogger } from './files';
import { encodeFrame, FrameDamage, scanFrames, writeExactly } from './framing';

/** One private write (`value` base64; null = delete; absent = metadata only). */
export interface PrivateWriteRecord {
    readonly txIndex: number;
    readonly collection: string;
    readonly key: string;
    readonly value?: string | null;
    readonly metadata?: Readonly<Record<string, string>>;
}

/** The private writes of one block's valid transactions. */
export interface PrivateBlockRecord {
    readonly blockNumber: number;
    readonly writes: readonly PrivateWriteRecord[];
}

const MARKER = Buffer.from('{"blockNumber":', 'utf8');

/** Raised when the private data store is damaged. */
export class PrivateStoreIntegrityError extends Error {
    constructor(file: string, reason: string) {
        super(`ledger refuses to start: private data store ${file} is damaged (${reason})`);
        this.name = 'PrivateStoreIntegrityError';
    }
}

/** Append-only private data store. */
export class PrivateDataStore {
    /** Records read at start-up, by block number, until replay takes them. */
    private readonly loaded = new Map<number, PrivateBlockRecord>();
    /** Where the records read at start-up and appended since are (records before `from` are not listed). */
    private readonly index: { blockNumber: number; offset: number; end: number }[] = [];

    private constructor(
        private readonly handle: FileHandle,
        readonly file: string,
        private size: number,
        private readonly from: number,
    ) {}

    /**
     * Opens (creating if needed) the store and reads the records from byte `from` on (those of the blocks the
     * state does not hold yet); a torn last frame is truncated, unless `readOnly` (then nothing is written).
     */
    static async open(
        file: string,
        logger: LedgerLogger,
        options: { readonly from?: number; readonly readOnly?: boolean } = {},
    ): Promise<PrivateDataStore> {
        const { from = 0, readOnly = false } = options;
        const handle = await open(file, readOnly ? constants.O_RDONLY : constants.O_RDWR | constants.O_CREAT, 0o600);
        try {
            if (!readOnly) {
                await fsyncDirectory(file);
            }
            const size = (await handle.stat()).size;
            if (size < from) {
                throw new PrivateStoreIntegrityError(
                    file,
                    `it ends at byte ${size}, before byte ${from} the state holds`,
                );
            }
            const records: { record: PrivateBlockRecord; offset: number; end: number }[] = [];
            let scan;
            try {
                scan = await scanFrames(
                    handle,
                    MARKER,
                    (payload, index, offset, end) => {
                        let record: PrivateBlockRecord;
                        try {
                            record = JSON.parse(payload.toString('utf8')) as PrivateBlockRecord;
                        } catch {
                            throw new PrivateStoreIntegrityError(file, `record ${index} is not JSON`);
                        }
                        const previous = records[records.length - 1];
                        if (!Number.isSafeInteger(record.blockNumber) || !Array.isArray(record.writes)) {
                            throw new PrivateStoreIntegrityError(file, `record ${index} is malformed`);
                        }
                        if (previous !== undefined && record.blockNumber <= previous.record.blockNumber) {
                            throw new PrivateStoreIntegrityError(file, `record ${index} is out of order`);
                        }
                        records.push({ record, offset, end });
                    },
                    { offset: from, index: 0 },
                );
            } catch (error) {
                if (error instanceof FrameDamage) {
                    throw new PrivateStoreIntegrityError(file, error.message);
                }
                throw error;
            }
            if (scan.torn !== undefined && readOnly) {
                throw new PrivateStoreIntegrityError(file, `torn last record at byte ${scan.torn.offset}`);
            }
            if (scan.torn !== undefined) {
                logger.warn(
                    `embedded ledger: truncating torn last record of ${file} at byte ${scan.torn.offset} (${scan.torn.reason})`,
                );
                await handle.truncate(scan.validEnd);
                await handle.datasync();
            }
            const store = new PrivateDataStore(handle, file, scan.validEnd, from);
            for (const { record, offset, end } of records) {
                store.loaded.set(record.blockNumber, record);
                store.index.push({ blockNumber: record.blockNumber, offset, end });
            }
            return store;
        } catch (error) {
            await handle.close();
            throw error;
        }
    }

    /** Whether a record of `blockNumber` was read at start-up and not taken yet. */
    has(blockNumber: number): boolean {
        return this.loaded.has(blockNumber);
    }

    /** The record of `blockNumber` read at start-up (each is handed out once, for replay). */
    take(blockNumber: number): PrivateBlockRecord | undefined {
        const record = this.loaded.get(blockNumber);
        this.loaded.delete(blockNumber);
        return record;
    }

    /**
     * Drops records of blocks at or above `height`: written just before a crash that kept their block
     * out of the block file, so never acknowledged.
     */
    async discardFrom(height: number, logger: LedgerLogger): Promise<void> {
        this.loaded.clear();
        const first = this.index.findIndex((entry) => entry.blockNumber >= height);
        if (first === -1) {
            return;
        }
        const offset = (this.index[first] as { offset: number }).offset;
        logger.warn(`embedded ledger: discarding private data of uncommitted blocks ≥ ${height} in ${this.file}`);
        await this.handle.truncate(offset);
        await this.handle.datasync();
        this.index.length = first;
        this.size = offset;
    }

    /** Appends one block's private writes and fsyncs. */
    async append(record: PrivateBlockRecord): Promise<void> {
        const frame = encodeFrame(Buffer.from(canonicalJson(record), 'utf8'));
        const offset = this.size;
        try {
            await writeExactly(this.handle, offset, frame);
            await this.handle.datasync();
        } catch (error) {
            await this.handle.truncate(offset).catch(() => undefined);
            throw error;
        }
        this.size = offset + frame.length;
        this.index.push({ blockNumber: record.blockNumber, offset, end: this.size });
    }

    /** Byte offset just past the last record. */
    get end(): number {
        return this.size;
    }

    /** Byte offset just past the records of the blocks up to `blockNumber` (what a savepoint records). */
    endThrough(blockNumber: number): number {
        let end = this.from;
        for (let i = this.index.length - 1; i >= 0; i--) {
            const entry = this.index[i] as { blockNumber: number; end: number };
            if (entry.blockNumber <= blockNumber) {
                end = entry.end;
                break;
            }
        }
        return end;
    }

    async close(): Promise<void> {
        await this.handle.close();
    }
}
