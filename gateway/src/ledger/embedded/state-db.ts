/**
 * The world state: an in-memory sorted key/value map per namespace (public state and each private data
 * collection) with a version per key, plus the public keys' history. Rebuilt at start-up by replaying the
 * blocks (and the private data store), which is Fabric's "rebuild state DB from blocks" path used always.
 */
import type { Version } from './envelope';
import type { KeyWrite } from './rwset';
import { SortedKeys } from './sorted-keys';

/** A stored value. */
export interface StateEntry {
    readonly value: Buffer;
    readonly version: Version;
    readonly metadata: ReadonlyMap<string, Buffer> | undefined;
}

const POSITION_BASE = 2 ** 20;

/** Max transactions per block (a position packs block number and tx index into one safe integer). */
export const MAX_TXS_PER_BLOCK = POSITION_BASE - 1;

/** Packs a (block, tx) position into one number (history lists store these). */
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

/** One namespace: key → entry, with keys kept ordered for range scans. */
export class KeySpace {
    private readonly entries = new Map<string, StateEntry>();
    private readonly order = new SortedKeys();

    get size(): number {
        return this.entries.size;
    }

    get(key: string): StateEntry | undefined {
        return this.entries.get(key);
    }

    /** Entries with `from ≤ key < end` (`from < key` when `exclusiveFrom`; `end === ''` = unbounded). */
    *range(from: string, end: string, exclusiveFrom = false): Generator<[string, StateEntry], void, undefined> {
        for (const key of this.order.range(from, end, exclusiveFrom)) {
            yield [key, this.entries.get(key) as StateEntry];
        }
    }

    /** Applies one write at `version`; returns true when the key's value changed (put or delete). */
    apply(key: string, write: KeyWrite, version: Version): boolean {
        const existing = this.entries.get(key);
        if (write.value === null) {
            if (existing !== undefined) {
                this.entries.delete(key);
                this.order.delete(key);
            }
            return true;
        }
        const value = write.value ?? existing?.value;
        if (value === undefined) {
            // Metadata for a key that does not exist is dropped, as Fabric's committer does.
            return false;
        }
        let metadata = existing?.metadata;
        if (write.metadata !== undefined) {
            metadata = new Map([...(metadata ?? []), ...write.metadata]);
        }
        if (existing === undefined) {
            this.order.add(key);
        }
        this.entries.set(key, { value, version, metadata });
        return write.value !== undefined;
    }
}

/** Writes of one committed transaction, by namespace. */
export interface TxWrites {
    readonly public: ReadonlyMap<string, KeyWrite>;
    readonly collections: ReadonlyMap<string, ReadonlyMap<string, KeyWrite>>;
}

/** Public state, private collections and history, at a block height. */
export class WorldState {
    readonly public = new KeySpace();
    private readonly privateSpaces = new Map<string, KeySpace>();
    /** Public key → packed positions of the valid transactions that wrote it, oldest first. */
    private readonly history = new Map<string, number[]>();
    /** Blocks applied. */
    height = 0;

    /** The namespace of `collection` ('' = public); undefined for a collection never written. */
    space(collection: string): KeySpace | undefined {
        return collection === '' ? this.public : this.privateSpaces.get(collection);
    }

    /** Positions of the transactions that wrote public `key`, oldest first. */
    historyOf(key: string): readonly number[] {
        return this.history.get(key) ?? [];
    }

    /** Applies a valid transaction's writes at `version` (its block number and index). */
    apply(writes: TxWrites, version: Version): void {
        const position = packPosition(version);
        for (const [key, write] of writes.public) {
            if (this.public.apply(key, write, version)) {
                const list = this.history.get(key);
                if (list === undefined) {
                    this.history.set(key, [position]);
                } else {
                    list.push(position);
                }
            }
        }
        for (const [collection, collectionWrites] of writes.collections) {
            let space = this.privateSpaces.get(collection);
            if (space === undefined) {
                space = new KeySpace();
                this.privateSpaces.set(collection, space);
            }
            for (const [key, write] of collectionWrites) {
                space.apply(key, write, version);
            }
        }
    }
}
