import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ClassicLevel } from 'classic-level';
import { LRUCache } from 'lru-cache';
import { DigestFilter } from './digest-filter';

/**
 * The gateway-local anchoring queue, in a LevelDB store of its own under the data folder (`anchor-queue/`),
 * not in the index database: the index holds what the ledger holds, and a per-item row in PGlite cost ≈ 36 µs
 * of its single thread (36 s per 1 M items), where a LevelDB write costs a few. Like rekor's index, it is a
 * key-value layer beside the log.
 *
 * Layout (string keys, one namespace letter each, written in atomic, fsynced batches):
 * - `i:<digest hex>` → {@link ItemRecord}: one per queued digest (the idempotency key and the receipt lookup).
 * - `c:<first seq>` → {@link ChunkRecord}: the new items of one call in arrival order (seqs are contiguous), kept
 *   until every item of it is sealed.
 * - `r:<last seq>` → batch id: the contiguous range of arrival numbers a batch sealed (ranges follow each other,
 *   so an item's batch is the first range ending at or after its seq, and its leaf index is its distance from
 *   the range's start).
 * - `p:<batch id>` → {@link PlanRecord}; `l:<batch id>` → the leaves (32-byte digests in leaf order);
 *   `o:<batch id>` → a sealed batch not yet known to be on the ledger.
 *
 * One process owns the folder (LevelDB locks it); writers are serialised in the process.
 */

/** A digest to anchor. */
export interface PendingItemInput {
    /** 32 bytes (SHA-256 of the anchored object). */
    readonly digest: Buffer;
    /** What the digest is of (e.g. `evidence`, `document`); recorded in the batch's `kinds`. */
    readonly kind: string;
    /** Caller's reference (evidence id, upload id…), gateway-local. */
    readonly ref?: string | undefined;
    /** Principal that submitted it; recorded in the batch's `sources`. */
    readonly source: string;
}

/** A sealed batch: leaf order is fixed; the batcher builds the tree from `digests`. */
export interface BatchPlan {
    readonly batchId: string;
    readonly treeSize: number;
    /** `treeSize * 32` bytes, leaf 0 first. */
    readonly digests: Buffer;
    /** Distinct item kinds, sorted (the anchor record's `kinds`). */
    readonly kinds: readonly string[];
    /** Distinct item sources, sorted (the anchor record's `sources`). */
    readonly sources: readonly string[];
    /** Set once {@link QueueStore.recordRoot} stored it. */
    readonly rootHash?: string;
    /** ISO 8601. */
    readonly sealedAt: string;
}

/** One queued digest as the queue knows it (its ledger state comes from the index). */
export interface QueuedItem {
    readonly kind: string;
    readonly ref?: string;
    readonly source: string;
    /** ISO 8601. */
    readonly receivedAt: string;
    /** Set once sealed. */
    readonly batchId?: string;
    readonly leafIndex?: number;
    readonly treeSize?: number;
    readonly rootHash?: string;
}

/** Result of {@link QueueStore.add} for one input item. */
export interface AddedItem {
    /** Lower-case hex. */
    readonly digest: string;
    /** Set when the digest was queued earlier and is already sealed into a batch. */
    readonly batchId?: string;
}

/** A batch sealed elsewhere, for {@link QueueStore.putBatch}. */
export interface SealedBatchInput {
    readonly batchId: string;
    readonly rootHash?: string | undefined;
    readonly kinds: readonly string[];
    readonly sources: readonly string[];
    readonly sealedAt: Date;
    /** `n * 32` bytes, leaf 0 first. */
    readonly leaves: Buffer;
    /** Per leaf, when known. */
    readonly items?: readonly { kind: string; ref?: string | null; source: string; receivedAt: Date }[];
    /** Not known to be on the ledger yet. */
    readonly open: boolean;
}

/** `i:` value. `s`: arrival number (0 for restored items, which carry `b` and `l`). */
interface ItemRecord {
    readonly s: number;
    readonly k: string;
    readonly o: string;
    /** Received at, ms since the epoch. */
    readonly t: number;
    readonly r?: string;
    readonly b?: string;
    readonly l?: number;
}

/** `c:` value: digests (hex, concatenated), kinds and sources of items `first…first+n-1`. */
interface ChunkRecord {
    readonly d: string;
    readonly k: readonly string[];
    readonly o: readonly string[];
}

/** `p:` value. `first`/`last`: the sealed range (absent for batches restored from batch files). */
interface PlanRecord {
    readonly treeSize: number;
    readonly kinds: readonly string[];
    readonly sources: readonly string[];
    readonly sealedAt: string;
    readonly first?: number;
    readonly last?: number;
    readonly rootHash?: string;
}

const HEX32 = /^[0-9a-f]{64}$/;
const SEQ_WIDTH = 13;
const seqKey = (prefix: 'c' | 'r', seq: number): string => `${prefix}:${seq.toString(16).padStart(SEQ_WIDTH, '0')}`;
const seqOf = (key: string): number => parseInt(key.slice(2), 16);
const spanOf = (prefix: string): { gt: string; lt: string } => ({ gt: `${prefix}:`, lt: `${prefix};` });

/** A new batch id: `b_` + UTC time (ms, compact ISO 8601) + 48 random bits, so ids sort by sealing time. */
export function newBatchId(now: Date = new Date()): string {
    return `b_${now.toISOString().replace(/[-:.]/g, '')}_${randomBytes(6).toString('hex')}`;
}

/** Lower-case hex of a 32-byte digest; throws a RangeError naming the problem otherwise. */
export function digestKey(digestHex: string): string {
    const hex = digestHex.toLowerCase();
    if (!HEX32.test(hex)) {
        throw new RangeError('digest must be 32 bytes of hex');
    }
    return hex;
}

/** The anchoring queue's store (see the top of this file). */
export class QueueStore {
    /** Serialises writers: seqs are drawn and ranges sealed in call order. */
    private lock: Promise<unknown> = Promise.resolve();
    private readonly plans = new LRUCache<string, PlanRecord>({ max: 10_000 });
    /** The tail of the queued item writes (in arrival order); rejected for good once one failed. */
    private writes: Promise<void> = Promise.resolve();
    /** Digests (hex) of queued writes not yet finished, with their arrival numbers. */
    private readonly inFlight = new Map<string, number>();
    /** Which digests are certainly not queued (filled from the store in the background after opening). */
    private readonly filter = new DigestFilter();
    /** The range an item was last found in (items looked up together are mostly of one batch). */
    private lastRange: { batchId: string; first: number; last: number } | undefined;
    /** The chunk a partial seal last parsed (a chunk larger than a batch is read once, not once per batch). */
    private lastChunk: { key: string; chunk: ChunkRecord } | undefined;

    private constructor(
        private readonly db: ClassicLevel,
        /** Next arrival number to draw. */
        private nextSeq: number,
        /** Last arrival number sealed into a batch (0: none). */
        private sealedThrough: number,
    ) {}

    /** Where the queue of a gateway data folder lives. */
    static folder(dataDir: string): string {
        return path.join(dataDir, 'anchor-queue');
    }

    /** Opens (creating if needed) the queue in `dir`. */
    static async open(dir: string): Promise<QueueStore> {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const db = new ClassicLevel(dir, { valueEncoding: 'utf8', writeBufferSize: 32 << 20 });
        await db.open();
        const [lastRange] = await db.keys({ ...spanOf('r'), reverse: true, limit: 1 }).all();
        const sealedThrough = lastRange === undefined ? 0 : seqOf(lastRange);
        const [lastChunk] = await db.iterator({ ...spanOf('c'), reverse: true, limit: 1 }).all();
        const chunkEnd =
            lastChunk === undefined ? 0 : seqOf(lastChunk[0]) + (JSON.parse(lastChunk[1]) as ChunkRecord).k.length - 1;
        const store = new QueueStore(db, Math.max(sealedThrough, chunkEnd) + 1, sealedThrough);
        void store.fillFilter();
        return store;
    }

    /** Adds every stored digest to the filter, then marks it ready; digests queued meanwhile are added by `add`. */
    private async fillFilter(): Promise<void> {
        const iterator = this.db.keys({ ...spanOf('i') });
        try {
            for (let keys = await iterator.nextv(10_000); keys.length > 0; keys = await iterator.nextv(10_000)) {
                for (const key of keys) {
                    this.filter.add(Buffer.from(key.slice(2), 'hex'));
                }
            }
            this.filter.markReady();
        } catch {
            // Closed while filling: the filter stays "maybe" for everything, which is always correct.
        } finally {
            await iterator.close().catch(() => undefined);
        }
    }

    /** Whether the digest filter holds every stored digest (tests wait for it). */
    get filterReady(): boolean {
        return this.filter.ready;
    }

    /** Closes the store once the queued writes have ended. */
    async close(): Promise<void> {
        await this.writes.catch(() => undefined);
        await this.db.close();
    }

    /** Items queued and not yet sealed into a batch. */
    get unsealedCount(): number {
        return this.nextSeq - 1 - this.sealedThrough;
    }

    /**
     * Queues digests, durably (fsynced) before it resolves; idempotent on the digest (an existing item keeps its
     * kind, ref, source and state; a digest repeated in one call is queued once).
     *
     * @returns one entry per input item, in input order
     */
    add(items: readonly PendingItemInput[], now: Date = new Date()): Promise<AddedItem[]> {
        const hexes = items.map((item, index) => {
            if (!Buffer.isBuffer(item.digest) || item.digest.length !== 32) {
                throw new RangeError(`item ${index}: digest must be a 32-byte Buffer`);
            }
            return item.digest.toString('hex');
        });
        if (items.length === 0) {
            return Promise.resolve([]);
        }
        const written = this.serially(async () => {
            // Only digests the filter cannot rule out are looked up (nearly none: most digests are new); those
            // of calls whose write is still under way are known without a lookup.
            const lookups: number[] = [];
            const writing = new Set<number>();
            for (const [index, item] of items.entries()) {
                if (this.filter.mightContain(item.digest)) {
                    if (this.inFlight.has(hexes[index] ?? '')) {
                        writing.add(index);
                    } else {
                        lookups.push(index);
                    }
                }
            }
            const stored = new Map<number, string>();
            if (lookups.length > 0) {
                const found = await this.db.getMany(lookups.map((index) => `i:${hexes[index] ?? ''}`));
                for (const [n, value] of found.entries()) {
                    if (value !== undefined) {
                        stored.set(lookups[n] ?? -1, value);
                    }
                }
            }
            const results: AddedItem[] = hexes.map((digest) => ({ digest }));
            for (const [index, value] of stored) {
                const sealed = await this.batchOf(JSON.parse(value) as ItemRecord);
                if (sealed !== undefined) {
                    results[index] = { digest: hexes[index] ?? '', batchId: sealed.batchId };
                }
            }
            const seen = new Set<string>();
            const fresh: number[] = [];
            for (const [index, hex] of hexes.entries()) {
                if (!stored.has(index) && !writing.has(index) && !seen.has(hex)) {
                    seen.add(hex);
                    fresh.push(index);
                }
            }
            // The write is queued, not awaited, under the lock: the next call is prepared while it runs.
            const write = fresh.length > 0 ? this.append(items, hexes, fresh, now) : this.writes;
            return { results, write };
        });
        return written.then(async ({ results, write }) => {
            await write;
            return results;
        });
    }

    /**
     * Stores `items[fresh[…]]` (new digests) as the next arrival numbers: draws them and queues one fsynced
     * write after the writes already queued; resolves once it is written. A failed write fails every write
     * after it (their arrival numbers would leave a gap): the store must be reopened.
     */
    private append(
        items: readonly PendingItemInput[],
        hexes: readonly string[],
        fresh: readonly number[],
        now: Date,
    ): Promise<void> {
        const first = this.nextSeq;
        // Records are spelled out rather than JSON.stringify'd objects: this loop runs for every queued item, and
        // the kinds and sources of one call are few (each encoded once).
        const encoded = new Map<string, string>();
        const json = (text: string): string => {
            let value = encoded.get(text);
            if (value === undefined) {
                value = JSON.stringify(text);
                encoded.set(text, value);
            }
            return value;
        };
        const tail = `,"t":${now.getTime()}`;
        const batch = this.db.batch();
        const kinds: string[] = [];
        const sources: string[] = [];
        for (const [offset, index] of fresh.entries()) {
            const item = items[index] as PendingItemInput;
            const ref = item.ref === undefined ? '' : `,"r":${JSON.stringify(item.ref)}`;
            batch.put(
                `i:${hexes[index] ?? ''}`,
                `{"s":${first + offset},"k":${json(item.kind)},"o":${json(item.source)}${tail}${ref}}`,
            );
            kinds.push(item.kind);
            sources.push(item.source);
        }
        const chunk: ChunkRecord = { d: fresh.map((index) => hexes[index]).join(''), k: kinds, o: sources };
        batch.put(seqKey('c', first), JSON.stringify(chunk));
        this.nextSeq = first + fresh.length;
        const keys = fresh.map((index) => hexes[index] ?? '');
        for (const [offset, index] of fresh.entries()) {
            this.filter.add((items[index] as PendingItemInput).digest);
            this.inFlight.set(keys[offset] ?? '', first + offset);
        }
        this.writes = this.writes.then(async () => {
            try {
                await batch.write({ sync: true });
            } finally {
                for (const key of keys) {
                    this.inFlight.delete(key);
                }
            }
        });
        return this.writes;
    }

    /**
     * Seals the oldest unsealed items into a new batch, leaf indexes 0…n-1 in arrival order: at most `maxItems`,
     * and ending before the first item that would bring a `maxTags + 1`-th distinct kind or source (the anchor
     * record lists both, and the chaincode accepts at most that many of each; the oldest item is always taken).
     * The plan, its range and its leaves are written in one fsynced batch.
     *
     * @returns the plan, or undefined when nothing waits
     */
    seal(maxItems: number, maxTags: number, now: Date = new Date()): Promise<BatchPlan | undefined> {
        if (!Number.isSafeInteger(maxItems) || maxItems < 1) {
            throw new RangeError(`maxItems must be a positive integer, got ${maxItems}`);
        }
        return this.serially(async () => {
            await this.writes; // every drawn arrival number is written before a range is sealed
            const from = this.sealedThrough + 1;
            if (from >= this.nextSeq) {
                return undefined;
            }
            const digests: string[] = [];
            const kinds = new Set<string>();
            const sources = new Set<string>();
            const consumed: string[] = [];
            let seq = from;
            for await (const [key, chunk] of this.chunksFrom(from)) {
                const start = seqOf(key);
                const n = chunk.k.length;
                let i = seq - start;
                for (; i < n && digests.length < maxItems; i++) {
                    const kind = chunk.k[i] as string;
                    const source = chunk.o[i] as string;
                    const newTag =
                        (!kinds.has(kind) && kinds.size >= maxTags) ||
                        (!sources.has(source) && sources.size >= maxTags);
                    if (newTag && digests.length > 0) {
                        break;
                    }
                    kinds.add(kind);
                    sources.add(source);
                    digests.push(chunk.d.slice(i * 64, i * 64 + 64));
                }
                seq = start + i;
                if (i === n) {
                    consumed.push(key);
                } else {
                    this.lastChunk = { key, chunk };
                    break;
                }
            }
            const batchId = newBatchId(now);
            const plan: PlanRecord = {
                treeSize: digests.length,
                kinds: [...kinds].sort(),
                sources: [...sources].sort(),
                sealedAt: now.toISOString(),
                first: from,
                last: from + digests.length - 1,
            };
            const leaves = Buffer.from(digests.join(''), 'hex');
            const batch = this.db.batch();
            batch.put(`p:${batchId}`, JSON.stringify(plan));
            batch.put(seqKey('r', from + digests.length - 1), batchId);
            batch.put(`l:${batchId}`, leaves.toString('base64'));
            batch.put(`o:${batchId}`, '');
            for (const key of consumed) {
                batch.del(key);
            }
            await batch.write({ sync: true });
            this.sealedThrough = from + digests.length - 1;
            this.plans.set(batchId, plan);
            return this.toPlan(batchId, plan, leaves);
        });
    }

    /**
     * Stores the root the batcher computed for a sealed batch (before it is submitted to the ledger).
     * Idempotent; throws if the batch is unknown, `treeSize` differs or another root was stored.
     */
    recordRoot(batchId: string, rootHash: Buffer | string, treeSize: number): Promise<void> {
        const root = typeof rootHash === 'string' ? rootHash.toLowerCase() : rootHash.toString('hex');
        if (!HEX32.test(root)) {
            throw new RangeError('rootHash must be 32 bytes of hex');
        }
        return this.serially(async () => {
            const plan = await this.plan(batchId);
            if (plan === undefined) {
                throw new Error(`no sealed batch ${batchId}`);
            }
            if (plan.treeSize !== treeSize) {
                throw new Error(`batch ${batchId} has ${plan.treeSize} items, not ${treeSize}`);
            }
            if (plan.rootHash !== undefined) {
                if (plan.rootHash !== root) {
                    throw new Error(`batch ${batchId} already has root ${plan.rootHash}`);
                }
                return;
            }
            const updated: PlanRecord = { ...plan, rootHash: root };
            await this.db.put(`p:${batchId}`, JSON.stringify(updated), { sync: true });
            this.plans.set(batchId, updated);
        });
    }

    /** Ids of sealed batches not yet marked as on the ledger ({@link QueueStore.markRecorded}), oldest first. */
    openBatchIds(): Promise<string[]> {
        return this.db
            .keys(spanOf('o'))
            .all()
            .then((keys) => keys.map((key) => key.slice(2)));
    }

    /** Marks batches as recorded on the ledger (they leave {@link QueueStore.openBatchIds}). */
    async markRecorded(batchIds: readonly string[]): Promise<void> {
        if (batchIds.length > 0) {
            await this.db.batch(batchIds.map((id) => ({ type: 'del' as const, key: `o:${id}` })));
        }
    }

    /** A sealed batch with its leaves, or undefined if this queue never sealed or restored it. */
    async batch(batchId: string): Promise<BatchPlan | undefined> {
        const plan = await this.plan(batchId);
        return plan === undefined ? undefined : this.toPlan(batchId, plan, await this.leaves(batchId));
    }

    /** The leaves of a batch in leaf order (`n * 32` bytes; empty if unknown here). */
    async leaves(batchId: string): Promise<Buffer> {
        const value = await this.db.get(`l:${batchId}`);
        return value === undefined ? Buffer.alloc(0) : Buffer.from(value, 'base64');
    }

    /** Number of items of a batch sealed or restored here (0 if none). */
    async itemCount(batchId: string): Promise<number> {
        return (await this.plan(batchId))?.treeSize ?? 0;
    }

    /** A queued digest (hex, either case) and, once sealed, its batch and leaf; undefined if never queued here. */
    async item(digestHex: string): Promise<QueuedItem | undefined> {
        const value = await this.db.get(`i:${digestKey(digestHex)}`);
        if (value === undefined) {
            return undefined;
        }
        const record = JSON.parse(value) as ItemRecord;
        const sealed = await this.batchOf(record);
        return {
            kind: record.k,
            ...(record.r === undefined ? {} : { ref: record.r }),
            source: record.o,
            receivedAt: new Date(record.t).toISOString(),
            ...(sealed === undefined
                ? {}
                : {
                      batchId: sealed.batchId,
                      leafIndex: sealed.leafIndex,
                      treeSize: sealed.plan.treeSize,
                      ...(sealed.plan.rootHash === undefined ? {} : { rootHash: sealed.plan.rootHash }),
                  }),
        };
    }

    /** Whether a batch is known here (sealed or restored). */
    async has(batchId: string): Promise<boolean> {
        return (await this.plan(batchId)) !== undefined;
    }

    /**
     * Puts a batch sealed elsewhere into the queue: one anchored on the ledger whose leaves came from its batch
     * file (after the queue folder was lost), or one imported from an earlier version's index. Writes its plan,
     * its leaves and an item per leaf not queued here (with its own kind, ref, source and arrival time when
     * given; else the batch's kind and source when it has one of each, `unknown` otherwise). `open`: not known
     * to be on the ledger yet (the batcher submits it again unless the index has it). Nothing is written for a
     * batch already known.
     *
     * @returns the number of items written
     */
    putBatch(batch: SealedBatchInput): Promise<number> {
        return this.serially(async () => {
            await this.writes;
            if (await this.has(batch.batchId)) {
                return 0;
            }
            const { leaves } = batch;
            const treeSize = leaves.length / 32;
            const hexes = Array.from({ length: treeSize }, (_, i) =>
                leaves.subarray(i * 32, i * 32 + 32).toString('hex'),
            );
            const existing = await this.db.getMany(hexes.map((hex) => `i:${hex}`));
            const [kind] = batch.kinds.length === 1 ? batch.kinds : ['unknown'];
            const [source] = batch.sources.length === 1 ? batch.sources : ['unknown'];
            const plan: PlanRecord = {
                treeSize,
                kinds: [...batch.kinds],
                sources: [...batch.sources],
                sealedAt: batch.sealedAt.toISOString(),
                ...(batch.rootHash === undefined ? {} : { rootHash: batch.rootHash }),
            };
            const write = this.db.batch();
            let written = 0;
            for (const [leaf, hex] of hexes.entries()) {
                if (existing[leaf] === undefined) {
                    const own = batch.items?.[leaf];
                    const record: ItemRecord = {
                        s: 0,
                        k: own?.kind ?? kind ?? 'unknown',
                        o: own?.source ?? source ?? 'unknown',
                        t: (own?.receivedAt ?? batch.sealedAt).getTime(),
                        ...(own?.ref == null ? {} : { r: own.ref }),
                        b: batch.batchId,
                        l: leaf,
                    };
                    write.put(`i:${hex}`, JSON.stringify(record));
                    this.filter.add(leaves.subarray(leaf * 32, leaf * 32 + 32));
                    written += 1;
                }
            }
            write.put(`p:${batch.batchId}`, JSON.stringify(plan));
            write.put(`l:${batch.batchId}`, leaves.toString('base64'));
            if (batch.open) {
                write.put(`o:${batch.batchId}`, '');
            }
            await write.write({ sync: true });
            this.plans.set(batch.batchId, plan);
            return written;
        });
    }

    private serially<T>(work: () => Promise<T>): Promise<T> {
        const run = this.lock.then(work, work);
        this.lock = run.catch(() => undefined);
        return run;
    }

    private async plan(batchId: string): Promise<PlanRecord | undefined> {
        const cached = this.plans.get(batchId);
        if (cached !== undefined) {
            return cached;
        }
        const value = await this.db.get(`p:${batchId}`);
        if (value === undefined) {
            return undefined;
        }
        const plan = JSON.parse(value) as PlanRecord;
        this.plans.set(batchId, plan);
        return plan;
    }

    /** The batch and leaf of an item, undefined while it is unsealed. */
    private async batchOf(
        record: ItemRecord,
    ): Promise<{ batchId: string; leafIndex: number; plan: PlanRecord } | undefined> {
        if (record.b !== undefined && record.l !== undefined) {
            const plan = await this.plan(record.b);
            return plan === undefined ? undefined : { batchId: record.b, leafIndex: record.l, plan };
        }
        if (record.s > this.sealedThrough) {
            return undefined;
        }
        const known = this.lastRange;
        const batchId =
            known !== undefined && known.first <= record.s && record.s <= known.last
                ? known.batchId
                : (await this.db.values({ gte: seqKey('r', record.s), lt: 'r;', limit: 1 }).all())[0];
        const plan = batchId === undefined ? undefined : await this.plan(batchId);
        if (batchId === undefined || plan?.first === undefined || plan.last === undefined) {
            return undefined;
        }
        this.lastRange = { batchId, first: plan.first, last: plan.last };
        return { batchId, leafIndex: record.s - plan.first, plan };
    }

    /** The chunks holding arrival numbers `from` on, in order (the first may start before `from`). */
    private async *chunksFrom(from: number): AsyncGenerator<[string, ChunkRecord]> {
        const [startKey] = await this.db.keys({ gt: 'c:', lte: seqKey('c', from), reverse: true, limit: 1 }).all();
        const iterator = this.db.iterator({ gte: startKey ?? seqKey('c', from), lt: 'c;' });
        try {
            for await (const [key, value] of iterator) {
                const cached = this.lastChunk;
                yield [key, cached?.key === key ? cached.chunk : (JSON.parse(value) as ChunkRecord)];
            }
        } finally {
            await iterator.close();
        }
    }

    private toPlan(batchId: string, plan: PlanRecord, leaves: Buffer): BatchPlan {
        return {
            batchId,
            treeSize: plan.treeSize,
            digests: leaves,
            kinds: plan.kinds,
            sources: plan.sources,
            ...(plan.rootHash === undefined ? {} : { rootHash: plan.rootHash }),
            sealedAt: plan.sealedAt,
        };
    }
}
