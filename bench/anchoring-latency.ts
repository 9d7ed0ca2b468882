import { startBenchGateway } from './gateway';
import { percentile, type BenchResult } from './result';
import { steadyAnchoring, watchAnchoring } from './steady-anchoring';

const RATE = Number(process.env.BENCH_LATENCY_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 60);
/** Requests per second: items arrive in small requests, as from a handful of busy subsystems. */
const REQUESTS_PER_SECOND = 50;

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
    const clock = watchAnchoring(gateway);
    try {
        const { latencies, roundTrips, perRequest, sendSeconds } = await steadyAnchoring(gateway, clock, {
            rate: RATE,
            seconds: SECONDS,
            requestsPerSecond: REQUESTS_PER_SECOND,
            sources: ['bench-latency'],
        });
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
        clock.stop();
        await gateway.close();
    }
}
