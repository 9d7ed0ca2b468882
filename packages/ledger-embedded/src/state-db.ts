/**
 * The world state in LevelDB (classic-level), as a Fabric peer keeps it: public state and each private data
 * collection with a version per key, the txId → position index and the block file offsets, plus a savepoint
 * (the height applied) written in the same atomic batch as each block's updates. Start-up replays only the
 * blocks after the savepoint; a deleted state directory is rebuilt from the blocks. Writes are not fsynced:
 * the block file is the durable record, and a savepoint lost in a crash only means a few more blocks to
 * replay.
 *
 * Keys (bytes; LevelDB orders them bytewise, i.e. UTF-8 = code point order, as Fabric's state DB):
 * - `s` collection 0x00 key → state entry ('' = public state; collection names hold no NUL)
 * - `t` txId → u32 block u32 tx
 * - `b` u32 block → offset of its frame in the block file
 * - `m` 'savepoint' → canonical JSON {@link Savepoint}
 * No history index: the chaincode never calls `GetHistoryForKey`, which the embedded ledger refuses (a data
 * directory written before keeps its unused `h` entries). Point reads are synchronous (`getSync`), so
 * validation reads state without yielding mid-block.
 */
import { ClassicLevel } from 'classic-level';
import type { Version } from './envelope';
import type { KeyWrite } from './rwset';

/** A stored value. */
export interface StateEntry {
    readonly value: Buffer;
    readonly version: Version;
    readonly metadata: ReadonlyMap<string, Buffer> | undefined;
}

/** What the state has applied: `height` blocks, the last one hashing to `headerHash`, ending where given. */
export interface Savepoint {
    readonly height: number;
    readonly headerHash: string;
    /** Byte offset just past block `height - 1` in the block file. */
    readonly blockEnd: number;
    /** Byte offset just past the private data records of blocks below `height`. */
    readonly pvtEnd: number;
}

const POSITION_BASE = 2 ** 20;

/** Max transactions per block (a position packs block number and tx index into one safe integer). */
export const MAX_TXS_PER_BLOCK = POSITION_BASE - 1;

/** Packs a (block, tx) position into one number. */
export function packPosition(version: Version): number {
    return version.blockNumber * POSITION_BASE + version.txIndex;
}

/** Inverse of {@link packPosition}. */
export function unpackPosition(position: number): Version {
    return { blockNumber: Math.floor(position / POSITION_BASE), txIndex: position % POSITION_BASE };
}

/** Versions are equal (null = absent). */
export function sameVersion(a: Version | null | undefined, b: Version | null | undefined): boolean {
    if (a === null || a === undefined || b === null || b === undefined) {
        return (a ?? null) === (b ?? null);
    }
    return a.blockNumber === b.blockNumber && a.txIndex === b.txIndex;
}

/** Writes of one committed transaction, by namespace. */
export interface TxWrites {
    readonly public: ReadonlyMap<string, KeyWrite>;
    readonly collections: ReadonlyMap<string, ReadonlyMap<string, KeyWrite>>;
}

const SAVEPOINT_KEY = Buffer.from('msavepoint', 'utf8');

function stateKey(collection: string, key: string): Buffer {
    return Buffer.from(`s${collection}\u0000${key}`, 'utf8');
}

function u32s(...numbers: number[]): Buffer {
    const bytes = Buffer.allocUnsafe(4 * numbers.length);
    numbers.forEach((n, i) => bytes.writeUInt32BE(n, 4 * i));
    return bytes;
}

function versionBytes(version: Version): Buffer {
    return u32s(version.blockNumber, version.txIndex);
}

function readVersion(bytes: Buffer, at: number): Version {
    return { blockNumber: bytes.readUInt32BE(at), txIndex: bytes.readUInt32BE(at + 4) };
}

/** Entry bytes: u32 block, u32 tx, u32 metadata length, metadata JSON ({name: base64}), value. */
function encodeEntry(entry: StateEntry): Buffer {
    const metadata =
        entry.metadata === undefined
            ? Buffer.alloc(0)
            : Buffer.from(
                  JSON.stringify(Object.fromEntries([...entry.metadata].map(([k, v]) => [k, v.toString('base64')]))),
                  'utf8',
              );
    return Buffer.concat([versionBytes(entry.version), u32s(metadata.length), metadata, entry.value]);
}

function decodeEntry(bytes: Buffer): StateEntry {
    const metadataLength = bytes.readUInt32BE(8);
    const metadata =
        metadataLength === 0
            ? undefined
            : new Map(
                  Object.entries(
                      JSON.parse(bytes.subarray(12, 12 + metadataLength).toString('utf8')) as Record<string, string>,
                  ).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
              );
    return { version: readVersion(bytes, 0), metadata, value: bytes.subarray(12 + metadataLength) };
}

/** The world state, history and indexes of a ledger, at {@link height}. */
export class WorldState {
    /** Blocks applied. */
    height: number;

    private constructor(
        private readonly db: ClassicLevel<Buffer, Buffer>,
        /** The savepoint read at open (undefined for a new or deleted state DB). */
        readonly savepoint: Savepoint | undefined,
    ) {
        this.height = savepoint?.height ?? 0;
    }

    /** Opens (creating if needed) the state DB in `dir`. */
    static async open(dir: string): Promise<WorldState> {
        const db = new ClassicLevel<Buffer, Buffer>(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
        await db.open();
        const saved = await db.get(SAVEPOINT_KEY);
        return new WorldState(db, saved === undefined ? undefined : (JSON.parse(saved.toString('utf8')) as Savepoint));
    }

    /** The committed entry of `key` in `collection` ('' = public). */
    get(collection: string, key: string): StateEntry | undefined {
        const bytes = this.db.getSync(stateKey(collection, key));
        return bytes === undefined ? undefined : decodeEntry(bytes);
    }

    /**
     * Committed entries with `from ≤ key < end` (`from < key` when `exclusiveFrom`; `end === ''` = unbounded),
     * in key order, read from one LevelDB snapshot.
     */
    async *range(
        collection: string,
        from: string,
        end: string,
        exclusiveFrom = false,
    ): AsyncGenerator<[string, StateEntry], void, undefined> {
        const prefix = Buffer.from(`s${collection}\u0000`, 'utf8');
        const lower = stateKey(collection, from);
        const upper = end === '' ? Buffer.from(`s${collection}\u0001`, 'utf8') : stateKey(collection, end);
        const iterator = this.db.iterator(exclusiveFrom ? { gt: lower, lt: upper } : { gte: lower, lt: upper });
        try {
            for await (const [key, value] of iterator) {
                yield [key.subarray(prefix.length).toString('utf8'), decodeEntry(value)];
            }
        } finally {
            await iterator.close();
        }
    }

    /** The packed position of transaction `txId`. */
    transactionPosition(txId: string): number | undefined {
        const bytes = this.db.getSync(Buffer.from(`t${txId}`, 'utf8'));
        return bytes === undefined ? undefined : packPosition(readVersion(bytes, 0));
    }

    /** The offset of block `number` in the block file, for blocks applied. */
    blockOffset(number: number): number | undefined {
        const bytes = this.db.getSync(Buffer.concat([Buffer.from('b'), u32s(number)]));
        return bytes === undefined ? undefined : bytes.readUIntBE(0, 6);
    }

    /** Starts the updates of block `number` (applied atomically by {@link BlockUpdate.commit}). */
    update(number: number): BlockUpdate {
        return new BlockUpdate(this, this.db, number);
    }

    async close(): Promise<void> {
        await this.db.close();
    }
}

/**
 * The updates of one block: valid transactions' writes (readable by later transactions of the same block
 * through {@link get}), transaction ids and the block's offset, written in one batch with the
 * savepoint.
 */
export class BlockUpdate {
    private readonly pending = new Map<string, StateEntry | null>();
    private readonly batch: { key: Buffer; value?: Buffer }[] = [];

    constructor(
        private readonly state: WorldState,
        private readonly db: ClassicLevel<Buffer, Buffer>,
        readonly number: number,
    ) {}

    /** The entry as committed plus this block's writes so far. */
    get(collection: string, key: string): StateEntry | undefined {
        const pending = this.pending.get(`${collection}\u0000${key}`);
        return pending === undefined ? this.state.get(collection, key) : (pending ?? undefined);
    }

    /** Applies a valid transaction's writes at `version` (its block number and index). */
    apply(writes: TxWrites, version: Version): void {
        for (const [key, write] of writes.public) {
            this.put('', key, write, version);
        }
        for (const [collection, collectionWrites] of writes.collections) {
            for (const [key, write] of collectionWrites) {
                this.put(collection, key, write, version);
            }
        }
    }

    /** Records where transaction `txId` is. */
    indexTransaction(txId: string, version: Version): void {
        this.batch.push({ key: Buffer.from(`t${txId}`, 'utf8'), value: versionBytes(version) });
    }

    /** Writes everything with the savepoint `savepoint` (whose height is this block's number + 1). */
    async commit(savepoint: Savepoint, blockOffset: number): Promise<void> {
        const offset = Buffer.alloc(6);
        offset.writeUIntBE(blockOffset, 0, 6);
        const operations = [
            ...this.batch.map(({ key, value }) =>
                value === undefined ? { type: 'del' as const, key } : { type: 'put' as const, key, value },
            ),
            { type: 'put' as const, key: Buffer.concat([Buffer.from('b'), u32s(this.number)]), value: offset },
            { type: 'put' as const, key: SAVEPOINT_KEY, value: Buffer.from(JSON.stringify(savepoint), 'utf8') },
        ];
        await this.db.batch(operations);
        this.state.height = savepoint.height;
    }

    /** Applies one write (a put, a delete, or metadata only). */
    private put(collection: string, key: string, write: KeyWrite, version: Version): void {
        const slot = `${collection}\u0000${key}`;
        const existing = this.get(collection, key);
        if (write.value === null) {
            this.pending.set(slot, null);
            this.batch.push({ key: stateKey(collection, key) });
            return;
        }
        const value = write.value ?? existing?.value;
        if (value === undefined) {
            // Metadata for a key that does not exist is dropped, as Fabric's committer does.
            return;
        }
        let metadata = existing?.metadata;
        if (write.metadata !== undefined) {
            metadata = new Map([...(metadata ?? []), ...write.metadata]);
        }
        const entry = { value, version, metadata };
        this.pending.set(slot, entry);
        this.batch.push({ key: stateKey(collection, key), value: encodeEntry(entry) });
    }
}
