import { randomBytes } from 'node:crypto';
import { recordedBatchIds } from '@court-ledger/gateway/dist/src/features/anchoring/projection';
import { itemStatus } from '@court-ledger/gateway/dist/src/platform/anchor-queue/queue-store';
import { startBenchGateway } from './gateway';
import { percentile, type BenchResult } from './result';

const RATE = Number(process.env.BENCH_LATENCY_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 60);
/** Requests per second: items arrive in small requests, as from a handful of busy subsystems. */
const REQUESTS_PER_SECOND = 50;
const SAMPLED_RECEIPTS = 50;

interface Sent {
    readonly digests: readonly string[];
    readonly sentAt: number;
    answeredAt?: number;
}

/**
 * POSTs a batch of items; a connection reset (a kept-alive socket the loaded server closed) is retried, which is
 * safe: queuing is idempotent per digest.
 */
async function postItems(url: string, headers: Record<string, string>, body: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
        try {
            const res = await fetch(url, { method: 'POST', headers, body });
            if (res.status !== 202) {
                throw new Error(`POST /v1/anchors → ${res.status} ${await res.text()}`);
            }
            await res.arrayBuffer();
            return;
        } catch (error) {
            if (!(error instanceof TypeError) || attempt >= 3) {
                throw error;
            }
        }
    }
}

/**
 * Item → receipt latency under a steady load: RATE items/s for SECONDS s, posted as REQUESTS_PER_SECOND
 * requests/s on a fixed schedule (a slow answer does not slow the schedule). An item's latency is from its
 * request being sent to its batch's `AnchorRecorded` being projected into the index (from then on its receipt
 * is served; a sample is fetched to check). Baseline: the p50 of the `POST /v1/anchors` round trip itself in
 * the same run (the part of the latency that is not waiting for the batch).
 */
export async function benchAnchoringLatency(): Promise<BenchResult[]> {
    const gateway = await startBenchGateway({ ANCHOR_INTERVAL_MS: '1000' });
    const database = process.env.DATABASE_URL ? 'PostgreSQL server' : 'PGlite';
    try {
        const anchoredAt = new Map<string, number>();
        gateway.app.index.onApplied((change) => {
            const now = performance.now();
            for (const batchId of recordedBatchIds(change)) {
                anchoredAt.set(batchId, now);
            }
        });
        const headers = {
            authorization: `Bearer ${gateway.token('subsystem', 'bench-latency')}`,
            'content-type': 'application/json',
        };
        const perRequest = Math.max(1, Math.round(RATE / REQUESTS_PER_SECOND));
        const requests = SECONDS * REQUESTS_PER_SECOND;
        const sent: Sent[] = [];
        const answers: Promise<void>[] = [];
        const start = performance.now();
        for (let k = 0; k < requests; k++) {
            const due = start + (k * 1000) / REQUESTS_PER_SECOND;
            const wait = due - performance.now();
            if (wait > 0) {
                await new Promise((resolve) => setTimeout(resolve, wait));
            }
            const digests = Array.from({ length: perRequest }, () => randomBytes(32).toString('hex'));
            const entry: Sent = { digests, sentAt: performance.now() };
            sent.push(entry);
            const body = JSON.stringify({ items: digests.map((digest) => ({ digest, kind: 'bench' })) });
            answers.push(
                postItems(`${gateway.url}/v1/anchors`, headers, body).then(() => {
                    entry.answeredAt = performance.now();
                }),
            );
            // Failures are collected by Promise.all below; this keeps Node from reporting them as unhandled first.
            answers.at(-1)?.catch(() => undefined);
        }
        await Promise.all(answers);
        const sendSeconds = (performance.now() - start) / 1000;
        while (((await gateway.app.pendingItems?.()) ?? 0) > 0) {
            await new Promise((resolve) => setTimeout(resolve, 50));
        }

        // A request's items commit together, so they share a batch: one lookup per request.
        const latencies: number[] = [];
        const roundTrips: number[] = [];
        for (const entry of sent) {
            const status = await itemStatus(gateway.app.index.db, entry.digests[0] ?? '');
            const at = status?.batchId === undefined ? undefined : anchoredAt.get(status.batchId);
            if (at === undefined || entry.answeredAt === undefined) {
                throw new Error(`no anchoring time for the request sent at ${entry.sentAt.toFixed(0)} ms`);
            }
            for (let i = 0; i < entry.digests.length; i++) {
                latencies.push(at - entry.sentAt);
            }
            roundTrips.push(entry.answeredAt - entry.sentAt);
        }
        for (let i = 0; i < SAMPLED_RECEIPTS; i++) {
            const digest = sent[Math.floor(Math.random() * sent.length)]?.digests[0] ?? '';
            const res = await fetch(`${gateway.url}/v1/anchors/${digest}/receipt`, { headers });
            if (res.status !== 200) {
                throw new Error(`receipt for ${digest}: ${res.status}`);
            }
            await res.arrayBuffer();
        }
        latencies.sort((a, b) => a - b);
        roundTrips.sort((a, b) => a - b);
        const postP50 = percentile(roundTrips, 50);
        const offered = `${RATE} items/s for ${SECONDS} s (${perRequest} items × ${REQUESTS_PER_SECOND} requests/s, sent in ${sendSeconds.toFixed(1)} s), ${database}, batch interval 1 s`;
        return [
            {
                name: `item → receipt latency p50 (${database})`,
                value: percentile(latencies, 50),
                unit: 'ms',
                baseline: postP50,
                ratio: postP50 / percentile(latencies, 50),
                goal: '≤ 2000 ms',
                note: `${offered}; baseline = p50 of the POST round trip`,
            },
            {
                name: `item → receipt latency p99 (${database})`,
                value: percentile(latencies, 99),
                unit: 'ms',
                baseline: percentile(roundTrips, 99),
                note: 'baseline = p99 of the POST round trip',
            },
        ];
    } finally {
        await gateway.close();
    }
}
