import { hash as oneShotHash, randomBytes } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
    buildTree,
    leafHash,
    verifyInclusion,
    type MerkleTree as OurTree,
} from '@court-ledger/gateway/dist/src/platform/merkle';
import { MerkleTree as MerkleTreeJs } from 'merkletreejs';
import type { BenchResult } from './result';

const LEAVES = 1_000_000;
const OUR_RUNS = 3;
const PROOFS = 20_000;

/** `global.gc` (from --expose-gc, or enabled at run time so the figures never depend on how node was started). */
function collector(): () => void {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed !== undefined) {
        return exposed;
    }
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
}

const gc = collector();

/** Bytes the process retains: JS heap plus off-heap buffers (Buffers are off-heap). */
function retained(): { heapAndBuffers: number; rss: number } {
    gc();
    gc();
    const usage = process.memoryUsage();
    return { heapAndBuffers: usage.heapUsed + usage.external, rss: usage.rss };
}

interface Measurement<T> {
    readonly ms: number;
    readonly mb: number;
    readonly rssMb: number;
    readonly result: T;
}

/** Times `build` and measures what its result keeps alive (heap + buffers, after GC), in MB. */
function measure<T>(build: () => T): Measurement<T> {
    const before = retained();
    const start = process.hrtime.bigint();
    const result = build();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const after = retained();
    return {
        ms,
        mb: (after.heapAndBuffers - before.heapAndBuffers) / 1e6,
        rssMb: (after.rss - before.rss) / 1e6,
        result,
    };
}

/**
 * merkletreejs set up to give RFC 6962 roots, as fast as it goes: leaves pre-hashed with the 0x00 prefix, a
 * concatenator adding 0x01, and the same one-shot `crypto.hash` SHA-256 we use (its documented createHash
 * hash function is about twice as slow again). The digests are already separate Buffers (its input form).
 */
function merkletreejsBuild(digests: readonly Buffer[]): MerkleTreeJs {
    const sha256 = (data: Buffer): Buffer => oneShotHash('sha256', data, 'buffer');
    const zero = Buffer.of(0x00);
    const one = Buffer.of(0x01);
    const leaves = digests.map((digest) => sha256(Buffer.concat([zero, digest])));
    return new MerkleTreeJs(leaves, (value: unknown) => sha256(value as Buffer), {
        concatenator: (pair) => Buffer.concat([one, ...pair]),
    });
}

function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * RFC 6962 tree of 1M leaves (gateway/src/merkle) against merkletreejs on the same digests in the same run:
 * build time, memory the tree keeps, and per-proof costs. Goals: ≥3× faster to build, ≤100 MB.
 */
export async function benchMerkle(leaves = LEAVES, log: (line: string) => void = console.log): Promise<BenchResult[]> {
    const flat = randomBytes(leaves * 32);
    const split = (count: number) => Array.from({ length: count }, (_, i) => flat.subarray(i * 32, i * 32 + 32));

    // Warm both up (JIT) on a small tree, and check they agree, so the race is between equal trees.
    const warm = split(4099);
    if (!buildTree(warm).rootHash().equals(merkletreejsBuild(warm).getRoot())) {
        throw new Error('merkletreejs and gateway/src/merkle disagree on the root');
    }

    const ours: Measurement<OurTree>[] = [];
    for (let run = 0; run < OUR_RUNS; run++) {
        ours.push(measure(() => buildTree(flat)));
        await new Promise((resolve) => setImmediate(resolve));
    }
    const oursMs = median(ours.map((m) => m.ms));
    const oursMb = median(ours.map((m) => m.mb));
    const tree = ours[0]!.result;
    ours.length = 1;
    log(`merkle: ours ${oursMs.toFixed(0)} ms (median of ${OUR_RUNS}), ${oursMb.toFixed(1)} MB retained`);

    // merkletreejs takes separate Buffers; made only now, so that a million extra heap objects do not slow
    // our build's garbage collections, and outside its timing.
    const digests = split(leaves);
    const theirs = measure(() => merkletreejsBuild(digests));
    if (!theirs.result.getRoot().equals(tree.rootHash())) {
        throw new Error('merkletreejs and gateway/src/merkle disagree on the 1M root');
    }
    log(
        `merkle: merkletreejs ${theirs.ms.toFixed(0)} ms, ${theirs.mb.toFixed(1)} MB retained (RSS +${theirs.rssMb.toFixed(0)} MB)` +
            ` → ${(theirs.ms / oursMs).toFixed(2)}× faster, ${(theirs.mb / oursMb).toFixed(1)}× less memory`,
    );

    // Per-proof costs on the 1M tree.
    const indexes = Array.from({ length: PROOFS }, (_, i) => Math.floor((i * leaves) / PROOFS));
    let start = process.hrtime.bigint();
    const proofs = indexes.map((m) => tree.inclusionProof(m));
    const proofUs = Number(process.hrtime.bigint() - start) / 1e3 / PROOFS;
    const root = tree.rootHash();
    const leafHashes = indexes.map((m) => leafHash(digests[m]!));
    start = process.hrtime.bigint();
    const allValid = indexes.every((m, i) => verifyInclusion(leafHashes[i]!, m, leaves, proofs[i]!, root));
    const verifyUs = Number(process.hrtime.bigint() - start) / 1e3 / PROOFS;
    if (!allValid) {
        throw new Error('an inclusion proof of the 1M tree did not verify');
    }

    const label = `${leaves / 1e6}M leaves`;
    return [
        {
            name: `merkle: build RFC 6962 tree, ${label}`,
            value: oursMs,
            unit: 'ms',
            baseline: theirs.ms,
            ratio: theirs.ms / oursMs,
            goal: '≥ 3 (vs merkletreejs)',
            note: `median of ${OUR_RUNS}; merkletreejs given crypto.hash too`,
        },
        {
            name: `merkle: memory kept by the tree, ${label}`,
            value: oursMb,
            unit: 'MB',
            baseline: theirs.mb,
            ratio: theirs.mb / oursMb,
            goal: '≤ 100 MB',
            note: `heap + buffers after GC; merkletreejs RSS +${theirs.rssMb.toFixed(0)} MB`,
        },
        { name: `merkle: inclusion proof, ${label}`, value: proofUs, unit: 'µs/proof' },
        { name: `merkle: verify inclusion, ${label}`, value: verifyUs, unit: 'µs/proof' },
    ];
}
