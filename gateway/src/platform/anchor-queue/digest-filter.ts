/**
 * An in-memory Bloom filter of the digests in the anchoring queue, so that queuing a digest never seen (nearly
 * every digest) skips LevelDB's lookup of a missing key (≈ 12 µs each at 1 M keys, most of an item's cost).
 * "Maybe" answers still go to LevelDB; "no" is certain once {@link DigestFilter.ready}.
 *
 * Written by hand: the keys are SHA-256 digests, already uniform, so the bit positions are read from the digest
 * itself (a Bloom filter library would hash them again, costing what the filter saves). A subsystem posting
 * crafted non-SHA-256 digests can only raise the false-positive rate, i.e. slow its own requests down to the
 * LevelDB lookups every request made without the filter. Scalable: when a filter holds its capacity, a new one
 * twice as large is added (≈ 10 bits per digest, 7 probes, < 1 % false positives per filter).
 */
export class DigestFilter {
    private readonly filters: BitFilter[] = [new BitFilter(1 << 20)];
    private built = false;

    /** Whether every digest in the queue has been added (until then every answer is "maybe"). */
    get ready(): boolean {
        return this.built;
    }

    /** Marks the filter complete (the scan of the stored digests finished). */
    markReady(): void {
        this.built = true;
    }

    /** Adds a 32-byte digest. */
    add(digest: Buffer): void {
        let last = this.filters[this.filters.length - 1] as BitFilter;
        if (last.count >= last.capacity) {
            last = new BitFilter(last.capacity * 2);
            this.filters.push(last);
        }
        last.add(digest);
    }

    /** False only if the digest is certainly not in the queue. */
    mightContain(digest: Buffer): boolean {
        return !this.built || this.filters.some((filter) => filter.mightContain(digest));
    }
}

const PROBES = 7;
const BITS_PER_ITEM = 10;

/** One fixed-size Bloom filter; probe i reads 32 bits of the digest at byte 4·i. */
class BitFilter {
    count = 0;
    private readonly bits: Uint32Array;
    private readonly mask: number;

    constructor(readonly capacity: number) {
        // A power of two of bits, so a probe is a mask of the digest's bits.
        let size = 1;
        while (size < capacity * BITS_PER_ITEM) {
            size *= 2;
        }
        this.bits = new Uint32Array(size / 32);
        this.mask = size - 1;
    }

    add(digest: Buffer): void {
        for (let i = 0; i < PROBES; i++) {
            const bit = digest.readUInt32LE(i * 4) & this.mask;
            this.bits[bit >>> 5] = (this.bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
        }
        this.count += 1;
    }

    mightContain(digest: Buffer): boolean {
        for (let i = 0; i < PROBES; i++) {
            const bit = digest.readUInt32LE(i * 4) & this.mask;
            if (((this.bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) {
                return false;
            }
        }
        return true;
    }
}
