/**
 * In-memory read/write sets of a simulated transaction (Fabric's TxRwSet before hashing), and their
 * conversion to the envelope form stored in blocks (private collections reduced to hashes).
 */
import { canonicalJson, sha256Hex } from './chain-hash';
import type { CollectionHashedRwSet, TxRwSetEnvelope, Version } from './envelope';
import { compareKeys } from './sorted-keys';

/** A write to one key. */
export interface KeyWrite {
    /** New value; null deletes the key; undefined leaves the value and changes only metadata. */
    value: Buffer | null | undefined;
    /** State-metadata entries set by this transaction (e.g. `VALIDATION_PARAMETER`). */
    metadata?: Map<string, Buffer>;
}

/** A range scan as the chaincode saw it, re-checked at commit (phantom read detection). */
export interface RangeRead {
    readonly startKey: string;
    readonly endKey: string;
    /** Committed height when the scan started: unchanged height at commit means unchanged results. */
    readonly heightAtStart: number;
    readonly results: { key: string; version: Version }[];
    exhausted: boolean;
}

/** Reads and writes of one namespace: the public state (collection '') or a private data collection. */
export class CollectionRwSet {
    /** First version read per key (null: absent). */
    readonly reads = new Map<string, Version | null>();
    readonly ranges: RangeRead[] = [];
    readonly writes = new Map<string, KeyWrite>();
}

/** Everything a transaction read and wrote. */
export class TxRwSet {
    readonly public = new CollectionRwSet();
    readonly collections = new Map<string, CollectionRwSet>();

    /** The rwset of `collection` ('' = public), created on first use. */
    of(collection: string): CollectionRwSet {
        if (collection === '') {
            return this.public;
        }
        let set = this.collections.get(collection);
        if (set === undefined) {
            set = new CollectionRwSet();
            this.collections.set(collection, set);
        }
        return set;
    }

    /** True when the transaction wrote anything. */
    get hasWrites(): boolean {
        if (this.public.writes.size > 0) {
            return true;
        }
        for (const set of this.collections.values()) {
            if (set.writes.size > 0) {
                return true;
            }
        }
        return false;
    }
}

function sortedEntries<V>(map: ReadonlyMap<string, V>): [string, V][] {
    return [...map.entries()].sort(([a], [b]) => compareKeys(a, b));
}

function metadataEntries(write: KeyWrite): [string, Buffer][] {
    return write.metadata === undefined ? [] : sortedEntries(write.metadata);
}

function hashedCollection(collection: string, set: CollectionRwSet): CollectionHashedRwSet {
    const hashed = (map: ReadonlyMap<string, unknown>) =>
        [...map.keys()]
            .map((key) => ({ key, keyHash: sha256Hex(key) }))
            .sort((a, b) => compareKeys(a.keyHash, b.keyHash));
    return {
        collection,
        reads: hashed(set.reads).map(({ key, keyHash }) => ({ keyHash, version: set.reads.get(key) ?? null })),
        writes: hashed(set.writes).flatMap(({ key, keyHash }) => {
            const value = set.writes.get(key)?.value;
            return value === undefined ? [] : [{ keyHash, valueHash: value === null ? null : sha256Hex(value) }];
        }),
        metadataWrites: hashed(set.writes).flatMap(({ key, keyHash }) =>
            metadataEntries(set.writes.get(key) as KeyWrite).map(([name, value]) => ({
                keyHash,
                name,
                value: value.toString('base64'),
            })),
        ),
    };
}

/** The block form of a read/write set: public keys and values in clear, private collections as hashes only. */
export function envelopeRwSet(rw: TxRwSet): TxRwSetEnvelope {
    const pub = rw.public;
    return {
        reads: sortedEntries(pub.reads).map(([key, version]) => ({ key, version })),
        rangeReads: pub.ranges.map((range) => ({
            startKey: range.startKey,
            endKey: range.endKey,
            exhausted: range.exhausted,
            count: range.results.length,
            resultsHash: sha256Hex(canonicalJson(range.results.map(({ key, version }) => [key, version]))),
        })),
        writes: sortedEntries(pub.writes).flatMap(([key, write]) =>
            write.value === undefined
                ? []
                : [{ key, value: write.value === null ? null : write.value.toString('base64') }],
        ),
        metadataWrites: sortedEntries(pub.writes).flatMap(([key, write]) =>
            metadataEntries(write).map(([name, value]) => ({ key, name, value: value.toString('base64') })),
        ),
        collections: sortedEntries(rw.collections)
            .filter(([, set]) => set.reads.size > 0 || set.writes.size > 0)
            .map(([collection, set]) => hashedCollection(collection, set)),
    };
}
