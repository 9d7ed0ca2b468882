import { randomBytes } from 'node:crypto';
import { recordedBatchIds } from '@court-ledger/gateway/dist/src/features/anchoring/projection';
import type { BenchGateway } from './gateway';

/** Receipts fetched after a steady run, to check that what the index says anchored is served. */
const SAMPLED_RECEIPTS = 50;

/** When each batch's `AnchorRecorded` was projected into the index (`performance.now()` ms), by batch id. */
export interface AnchoringClock {
    readonly anchoredAt: ReadonlyMap<string, number>;
    /** Stops recording. */
    stop(): void;
}

/** Starts recording when batches reach the index (from then on their receipts are served). */
export function watchAnchoring(gateway: BenchGateway): AnchoringClock {
    const anchoredAt = new Map<string, number>();
    const stop = gateway.app.index.onApplied((change) => {
        const now = performance.now();
        for (const batchId of recordedBatchIds(change)) {
            anchoredAt.set(batchId, now);
        }
    });
    return { anchoredAt, stop };
}

/** Resolves when no queued item waits for a batch any more. */
export async function allAnchored(gateway: BenchGateway): Promise<void> {
    while (((await gateway.app.pendingItems?.()) ?? 0) > 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

/**
 * POSTs a batch of items; a connection reset (a kept-alive socket the loaded server closed) is retried, which is
 * safe: queuing is idempotent per digest.
 */
export async function postItems(url: string, headers: Record<string, string>, body: string): Promise<void> {
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

/** A steady load: `rate` items/s for `seconds` s, as `requestsPerSecond` requests/s taking turns among `sources`. */
export interface SteadyLoad {
    readonly rate: number;
    readonly seconds: number;
    readonly requestsPerSecond: number;
    /** Subsystem subs the requests are posted as, in turn. */
    readonly sources: readonly string[];
}

/** What a steady run measured, times in ms, each list ascending. */
export interface SteadyResult {
    /** Per item: from its request being sent to its batch being projected into the index. */
    readonly latencies: readonly number[];
    /** Per request: the `POST /v1/anchors` round trip. */
    readonly roundTrips: readonly number[];
    readonly perRequest: number;
    /** How long sending the schedule took (s). */
    readonly sendSeconds: number;
}

interface Sent {
    readonly digests: readonly string[];
    readonly sentAt: number;
    answeredAt?: number;
}

/**
 * Posts `load` on a fixed schedule (a slow answer does not slow the schedule), waits until every item is
 * anchored, and measures each item's latency with `clock` (started before the call); a sample of receipts is
 * fetched to check they are served.
 */
export async function steadyAnchoring(
    gateway: BenchGateway,
    clock: AnchoringClock,
    load: SteadyLoad,
): Promise<SteadyResult> {
    const headers = load.sources.map((sub) => ({
        authorization: `Bearer ${gateway.token('subsystem', sub)}`,
        'content-type': 'application/json',
    }));
    const perRequest = Math.max(1, Math.round(load.rate / load.requestsPerSecond));
    const requests = load.seconds * load.requestsPerSecond;
    const sent: Sent[] = [];
    const answers: Promise<void>[] = [];
    const start = performance.now();
    for (let k = 0; k < requests; k++) {
        const due = start + (k * 1000) / load.requestsPerSecond;
        const wait = due - performance.now();
        if (wait > 0) {
            await new Promise((resolve) => setTimeout(resolve, wait));
        }
        const digests = Array.from({ length: perRequest }, () => randomBytes(32).toString('hex'));
        const entry: Sent = { digests, sentAt: performance.now() };
        sent.push(entry);
        const body = JSON.stringify({ items: digests.map((digest) => ({ digest, kind: 'bench' })) });
        answers.push(
            postItems(`${gateway.url}/v1/anchors`, headers[k % headers.length] ?? {}, body).then(() => {
                entry.answeredAt = performance.now();
            }),
        );
        // Failures are collected by Promise.all below; this keeps Node from reporting them as unhandled first.
        answers.at(-1)?.catch(() => undefined);
    }
    await Promise.all(answers);
    const sendSeconds = (performance.now() - start) / 1000;
    await allAnchored(gateway);

    // A request's items commit together, so they share a batch: one lookup per request.
    const latencies: number[] = [];
    const roundTrips: number[] = [];
    for (const entry of sent) {
        const status = await gateway.app.anchorQueue.itemStatus(entry.digests[0] ?? '');
        const at = status?.batchId === undefined ? undefined : clock.anchoredAt.get(status.batchId);
        if (at === undefined || entry.answeredAt === undefined) {
            throw new Error(`no anchoring time for the request sent at ${entry.sentAt.toFixed(0)} ms`);
        }
        for (let i = 0; i < entry.digests.length; i++) {
            latencies.push(at - entry.sentAt);
        }
        roundTrips.push(entry.answeredAt - entry.sentAt);
    }
    for (let i = 0; i < SAMPLED_RECEIPTS; i++) {
        const k = Math.floor(Math.random() * sent.length);
        const digest = sent[k]?.digests[0] ?? '';
        const res = await fetch(`${gateway.url}/v1/anchors/${digest}/receipt`, {
            headers: headers[k % headers.length],
        });
        if (res.status !== 200) {
            throw new Error(`receipt for ${digest}: ${res.status}`);
        }
        await res.arrayBuffer();
    }
    latencies.sort((a, b) => a - b);
    roundTrips.sort((a, b) => a - b);
    return { latencies, roundTrips, perRequest, sendSeconds };
}
