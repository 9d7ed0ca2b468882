import { createHash } from 'node:crypto';
import { Pool } from 'undici';
import type { BenchResult } from './result';
import { startBenchGateway } from './gateway';
import { allAnchored } from './steady-anchoring';

const ITEMS = Number(process.env.BENCH_ANCHOR_ITEMS ?? 1_000_000);
const PER_REQUEST = 10_000;
const PARALLEL_REQUESTS = 4;
const SAMPLED_RECEIPTS = 2000;

function digestOf(i: number): string {
    return createHash('sha256').update(`bench-item-${i}`).digest('hex');
}

/**
 * Time from the first of 1 M items posted (100 requests of 10,000) to every receipt being available: all
 * items anchored, and receipts served for a random sample plus the first and last item. Baseline: hashing
 * the same 1 M items once with node:crypto (the floor for any design that touches each item).
 */
export async function benchAnchoring(): Promise<BenchResult[]> {
    const gateway = await startBenchGateway({ ANCHOR_INTERVAL_MS: '1000' });
    // undici's own client with kept-alive connections: the client shares this process (and its CPU) with the
    // gateway, and `fetch` costs several times more per request.
    const client = new Pool(gateway.url, { connections: 64 });
    try {
        const headers = {
            authorization: `Bearer ${gateway.token('subsystem', 'bench')}`,
            'content-type': 'application/json',
        };
        const hashStart = process.hrtime.bigint();
        const digests = Array.from({ length: ITEMS }, (_, i) => digestOf(i));
        const hashSeconds = Number(process.hrtime.bigint() - hashStart) / 1e9;

        // The request bodies are serialised before the clock starts: a subsystem builds them on its own machine.
        const bodies: string[] = [];
        for (let from = 0; from < ITEMS; from += PER_REQUEST) {
            const items = digests.slice(from, from + PER_REQUEST).map((digest) => ({ digest, kind: 'bench' }));
            bodies.push(JSON.stringify({ items }));
        }

        const start = process.hrtime.bigint();
        let next = 0;
        const poster = async (): Promise<void> => {
            for (let body = bodies[next++]; body !== undefined; body = bodies[next++]) {
                const res = await client.request({ method: 'POST', path: '/v1/anchors', headers, body });
                if (res.statusCode !== 202) {
                    throw new Error(`POST /v1/anchors → ${res.statusCode} ${await res.body.text()}`);
                }
                await res.body.arrayBuffer();
            }
        };
        await Promise.all(Array.from({ length: PARALLEL_REQUESTS }, poster));
        const postedSeconds = Number(process.hrtime.bigint() - start) / 1e9;

        await allAnchored(gateway);
        const anchoredSeconds = Number(process.hrtime.bigint() - start) / 1e9;

        const sample = new Set([0, ITEMS - 1]);
        while (sample.size < Math.min(SAMPLED_RECEIPTS, ITEMS)) {
            sample.add(Math.floor(Math.random() * ITEMS));
        }
        const auth = { authorization: headers.authorization };
        const indexes = [...sample];
        for (let i = 0; i < indexes.length; i += 64) {
            await Promise.all(
                indexes.slice(i, i + 64).map(async (index) => {
                    const res = await client.request({
                        method: 'GET',
                        path: `/v1/anchors/${digests[index] ?? ''}/receipt`,
                        headers: auth,
                    });
                    if (res.statusCode !== 200) {
                        throw new Error(`receipt for item ${index}: ${res.statusCode}`);
                    }
                    await res.body.arrayBuffer();
                }),
            );
        }
        const totalSeconds = Number(process.hrtime.bigint() - start) / 1e9;
        return [
            {
                name: `${ITEMS.toLocaleString('en')} items posted → all receipts available (s, ${process.env.DATABASE_URL ? 'PostgreSQL server' : 'PGlite'})`,
                value: totalSeconds,
                unit: 's',
                baseline: hashSeconds,
                ratio: hashSeconds / totalSeconds,
                goal: '≤ 30 s',
                note: `posted in ${postedSeconds.toFixed(1)} s, all anchored at ${anchoredSeconds.toFixed(1)} s, ${sample.size} receipts fetched; baseline = hashing the items once`,
            },
        ];
    } finally {
        await client.close();
        await gateway.close();
    }
}
