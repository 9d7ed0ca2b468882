import { randomBytes } from 'node:crypto';
import { SLOW_ANSWER_MS } from '../test/support/webhook-receiver';
import { startBenchGateway, type BenchGateway } from './gateway';
import { RemoteReceiver, type RemoteRequest } from './remote-receiver';
import { percentile, type BenchResult } from './result';
import { allAnchored, postItems, steadyAnchoring, watchAnchoring, type AnchoringClock } from './steady-anchoring';

const SUBSCRIPTIONS = 10;
/** Items of the throughput phase, posted as fast as the gateway takes them. */
const ITEMS = Number(process.env.BENCH_NOTIFY_ITEMS ?? 50_000);
/** Items of the throughput phase under the default batching: enough that the last 1 s batch is a small part. */
const ITEMS_DEFAULT_BATCHING = Number(process.env.BENCH_NOTIFY_ITEMS_DEFAULT ?? 250_000);
/** Steady phase: items/s for SECONDS s (the latency figures). */
const RATE = Number(process.env.BENCH_NOTIFY_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_NOTIFY_SECONDS ?? 15);
/** Every scenario runs this many times, interleaved (see {@link benchNotifications}). */
const ROUNDS = Number(process.env.BENCH_NOTIFY_ROUNDS ?? 3);
const PER_REQUEST = 1000;
const PARALLEL_REQUESTS = 4;
const REQUESTS_PER_SECOND = 10;
/**
 * The stress setting: short batches so that events are many, a batch every 100 ms under the steady load and one
 * per 1,000 items under the throughput load (each gives one `anchor.batch-sealed` per subscription and
 * `anchor.items-anchored` for its source's subscription), 20 × more deliveries per item than the defaults give.
 */
const STRESS_ENV = { ANCHOR_INTERVAL_MS: '100', ANCHOR_BATCH_MAX: '1000', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
/** The gateway's default batching (a batch a second, no size limit). */
const DEFAULT_ENV = { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
const SOURCES = Array.from({ length: SUBSCRIPTIONS }, (_, i) => `bench-notify-${i}`);

/** What the 10 subscriptions point at: none (baseline), a receiver answering at once, after 2 s, or not at all. */
type Receiver = 'none' | 'fast' | 'slow' | 'dead';

/** A receiver under a batching setting. */
interface Scenario {
    readonly receiver: Receiver;
    readonly batching: 'stress' | 'default';
}
const SCENARIOS: readonly Scenario[] = [
    { receiver: 'none', batching: 'stress' },
    { receiver: 'fast', batching: 'stress' },
    { receiver: 'slow', batching: 'stress' },
    { receiver: 'dead', batching: 'stress' },
    { receiver: 'none', batching: 'default' },
    { receiver: 'fast', batching: 'default' },
];
const key = (scenario: Scenario): string => `${scenario.receiver}/${scenario.batching}`;

/** One scenario's figures (ms unless named). */
interface Run {
    readonly itemsPerSecond: number;
    /** CPU time (user + system) of this process — gateway and posting client — in the throughput phase (s). */
    readonly cpuSeconds: number;
    readonly latencyP50: number;
    readonly latencyP99: number;
    /** Fast receiver only. */
    readonly delivery?: DeliveryFigures;
}

interface DeliveryFigures {
    /** Deliveries the throughput phase caused, each received (de-duplicated on `webhook-id`). */
    readonly deliveries: number;
    /** From the first item posted to the last batch anchored, and to the last delivery received (s). */
    readonly anchoredSeconds: number;
    readonly deliveredSeconds: number;
    /** Steady phase: `anchor.batch-sealed` received − its batch projected into the index. */
    readonly lagP50: number;
    readonly lagP99: number;
}

async function subscribe(gateway: BenchGateway, source: string, url: string): Promise<void> {
    const res = await fetch(`${gateway.url}/v1/subscriptions`, {
        method: 'POST',
        headers: {
            authorization: `Bearer ${gateway.token('subsystem', source)}`,
            'content-type': 'application/json',
        },
        body: JSON.stringify({ url, events: ['anchor.items-anchored', 'anchor.batch-sealed'] }),
    });
    if (res.status !== 201) {
        throw new Error(`POST /v1/subscriptions → ${res.status} ${await res.text()}`);
    }
    await res.arrayBuffer();
}

/** Outbox messages in all, and those not delivered yet. */
async function outbox(gateway: BenchGateway): Promise<{ total: number; pending: number }> {
    const [row] = await gateway.app.index.db.query<{ total: number; pending: number }>(
        `SELECT count(*)::integer AS total, (count(*) FILTER (WHERE status = 'pending'))::integer AS pending
         FROM notification_outbox`,
    );
    return row ?? { total: 0, pending: 0 };
}

async function allDelivered(gateway: BenchGateway): Promise<void> {
    while ((await outbox(gateway)).pending > 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

/** Posts ITEMS from the SOURCES in turn, PARALLEL_REQUESTS at a time; resolves when all are anchored (s). */
async function throughput(gateway: BenchGateway, total: number): Promise<{ seconds: number; cpuSeconds: number }> {
    const headers = SOURCES.map((sub) => ({
        authorization: `Bearer ${gateway.token('subsystem', sub)}`,
        'content-type': 'application/json',
    }));
    const start = performance.now();
    const cpu = process.cpuUsage();
    let next = 0;
    const poster = async (): Promise<void> => {
        while (next < total) {
            const k = next / PER_REQUEST;
            next += PER_REQUEST;
            const items = Array.from({ length: PER_REQUEST }, () => ({
                digest: randomBytes(32).toString('hex'),
                kind: 'bench',
            }));
            await postItems(`${gateway.url}/v1/anchors`, headers[k % headers.length] ?? {}, JSON.stringify({ items }));
        }
    };
    await Promise.all(Array.from({ length: PARALLEL_REQUESTS }, poster));
    await allAnchored(gateway);
    const used = process.cpuUsage(cpu);
    return { seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** `anchor.batch-sealed` arrival − its batch's projection, for requests received in [from, to). */
function lags(requests: readonly RemoteRequest[], clock: AnchoringClock, from: number, to: number): number[] {
    const seen = new Set<string>();
    const result: number[] = [];
    for (const request of requests) {
        if (request.receivedAt < from || request.receivedAt >= to || seen.has(request.id)) {
            continue;
        }
        seen.add(request.id);
        const at = clock.anchoredAt.get(request.batchId ?? '');
        if (request.type === 'anchor.batch-sealed' && at !== undefined) {
            result.push(request.receivedAt - at);
        }
    }
    return result.sort((a, b) => a - b);
}

/** One scenario on a fresh gateway: the steady phase, then the throughput phase. */
async function runScenario(scenario: Scenario): Promise<Run> {
    const kind = scenario.receiver;
    const receiver = kind === 'none' ? undefined : await RemoteReceiver.start(kind === 'slow' ? 'slow' : 'ok');
    if (kind === 'dead') {
        await receiver?.down(); // its port now refuses connections
    }
    const gateway = await startBenchGateway(scenario.batching === 'stress' ? STRESS_ENV : DEFAULT_ENV);
    const clock = watchAnchoring(gateway);
    try {
        for (const source of receiver === undefined ? [] : SOURCES) {
            await subscribe(gateway, source, receiver?.url ?? '');
        }
        const steadyStart = performance.now();
        const steady = await steadyAnchoring(gateway, clock, {
            rate: RATE,
            seconds: SECONDS,
            requestsPerSecond: REQUESTS_PER_SECOND,
            sources: SOURCES,
        });
        let delivered: { total: number; at: number } | undefined;
        if (kind === 'fast') {
            await allDelivered(gateway);
            delivered = { total: (await outbox(gateway)).total, at: performance.now() };
        }
        const start = performance.now();
        const total = scenario.batching === 'stress' ? ITEMS : ITEMS_DEFAULT_BATCHING;
        const { seconds: anchoredSeconds, cpuSeconds } = await throughput(gateway, total);
        const run = {
            itemsPerSecond: total / anchoredSeconds,
            cpuSeconds,
            latencyP50: percentile(steady.latencies, 50),
            latencyP99: percentile(steady.latencies, 99),
        };
        if (receiver === undefined || delivered === undefined) {
            return run;
        }
        await allDelivered(gateway);
        const requests = await receiver.requests();
        const last = Math.max(...requests.map((r) => r.receivedAt));
        const steadyLags = lags(requests, clock, steadyStart, delivered.at);
        return {
            ...run,
            delivery: {
                deliveries: (await outbox(gateway)).total - delivered.total,
                anchoredSeconds,
                deliveredSeconds: (last - start) / 1000,
                lagP50: percentile(steadyLags, 50),
                lagP99: percentile(steadyLags, 99),
            },
        };
    } finally {
        clock.stop();
        await gateway.close();
        await receiver?.close();
    }
}

/** The best of a scenario's rounds: highest throughput, lowest p50 (with its round's p99). */
function best(runs: readonly Run[]): Run {
    const [first, ...rest] = runs;
    if (first === undefined) {
        throw new Error('no rounds');
    }
    const fastest = rest.reduce((a, b) => (b.itemsPerSecond > a.itemsPerSecond ? b : a), first);
    const quickest = rest.reduce((a, b) => (b.latencyP50 < a.latencyP50 ? b : a), first);
    return { ...fastest, latencyP50: quickest.latencyP50, latencyP99: quickest.latencyP99 };
}

/** Each round's throughput, e.g. "2357/2210", or its CPU seconds ("2.61/2.70"). */
function rounds(runs: readonly Run[], cpu = false): string {
    return runs.map((run) => (cpu ? run.cpuSeconds.toFixed(2) : run.itemsPerSecond.toFixed(0))).join('/');
}

/** The median of the rounds' ratios (each scenario against the baseline run just before it, in its round). */
function medianRatio(all: readonly Run[], baseAll: readonly Run[]): number {
    const ratios = all
        .map((run, i) => run.itemsPerSecond / (baseAll[i]?.itemsPerSecond ?? Number.NaN))
        .sort((a, b) => a - b);
    const middle = Math.floor(ratios.length / 2);
    return ratios.length % 2 === 1
        ? (ratios[middle] ?? Number.NaN)
        : ((ratios[middle - 1] ?? 0) + (ratios[middle] ?? 0)) / 2;
}

function compared(name: string, all: readonly Run[], baseAll: readonly Run[]): BenchResult[] {
    const [run, base] = [best(all), best(baseAll)];
    return [
        {
            name: `anchoring throughput, ${name}`,
            value: run.itemsPerSecond,
            unit: 'items/s',
            baseline: base.itemsPerSecond,
            ratio: medianRatio(all, baseAll),
            goal: '≥ 0.9',
            note: `ratio = median of the rounds' ratios (best of each: ${(run.itemsPerSecond / base.itemsPerSecond).toFixed(2)}); baseline = no subscriptions; rounds ${rounds(all)} vs ${rounds(baseAll)} items/s; process CPU (with the delivery thread) ${rounds(all, true)} vs ${rounds(baseAll, true)} s`,
        },
        {
            name: `item → anchored latency p50, ${name}`,
            value: run.latencyP50,
            unit: 'ms',
            baseline: base.latencyP50,
            ratio: base.latencyP50 / run.latencyP50,
            note: `outbox adds ${(run.latencyP50 - base.latencyP50).toFixed(1)} ms at p50, ${(run.latencyP99 - base.latencyP99).toFixed(1)} ms at p99 (${run.latencyP99.toFixed(0)} vs ${base.latencyP99.toFixed(0)} ms)`,
        },
    ];
}

/**
 * Notifications against anchoring, on the embedded default (PGlite, or the server in `DATABASE_URL`). Each
 * scenario is a fresh gateway, under the stress batching or the default one, with 10 subsystems each holding one subscription (`anchor.items-anchored` and
 * `anchor.batch-sealed`) to a local receiver that answers at once, after 2 s, or refuses connections — or no
 * subscriptions (the baseline). The receiver (the tests' `WebhookReceiver`) runs in a child process of its own
 * ({@link RemoteReceiver}), as a subsystem receives on its own machine: the figures are what delivering costs the
 * gateway, not what receiving costs the receiver. In each: a steady phase (RATE items/s for SECONDS s; item →
 * anchored latency, as `bench -- latency` measures it), then a throughput phase (ITEMS posted as fast as taken;
 * items/s until all are anchored, and this process's CPU time meanwhile, which other work on the machine skews
 * less than the wall clock). Scenarios run interleaved ROUNDS times; a throughput ratio is the median of the rounds'
 * ratios, each against the baseline run of its round (a drift of the machine's speed between rounds cancels out),
 * the other figures the best of their rounds. With the fast receiver the webhook deliveries the
 * throughput phase caused are timed until the last is received, against the rate anchoring wrote them.
 */
export async function benchNotifications(): Promise<BenchResult[]> {
    const runs = new Map<string, Run[]>(SCENARIOS.map((scenario) => [key(scenario), []]));
    for (let round = 0; round < ROUNDS; round++) {
        for (const scenario of SCENARIOS) {
            runs.get(key(scenario))?.push(await runScenario(scenario));
        }
    }
    const [none, fast, slow, dead, noneDefault, fastDefault] = SCENARIOS.map((scenario) => runs.get(key(scenario)));
    if (!none || !fast || !slow || !dead || !noneDefault || !fastDefault) {
        throw new Error('a scenario did not run');
    }
    const database = process.env.DATABASE_URL ? 'PostgreSQL server' : 'PGlite';
    const delivery = fast
        .flatMap((run) => (run.delivery === undefined ? [] : [run.delivery]))
        .reduce<DeliveryFigures | undefined>(
            (a, b) => (a === undefined || b.deliveredSeconds < a.deliveredSeconds ? b : a),
            undefined,
        );
    if (delivery === undefined) {
        throw new Error('the fast receiver measured no deliveries');
    }
    const deliveriesPerSecond = delivery.deliveries / delivery.deliveredSeconds;
    const writtenPerSecond = delivery.deliveries / delivery.anchoredSeconds;
    const setup = `${database}, ${ITEMS.toLocaleString('en')} items, ${RATE} items/s × ${SECONDS} s steady, stress batching, best of ${ROUNDS}`;
    return [
        {
            name: `webhook deliveries/s, ${SUBSCRIPTIONS} subscriptions, local receiver`,
            value: deliveriesPerSecond,
            unit: 'deliveries/s',
            baseline: writtenPerSecond,
            ratio: deliveriesPerSecond / writtenPerSecond,
            note: `${delivery.deliveries} deliveries; baseline = the rate anchoring wrote them (${(ITEMS / delivery.anchoredSeconds).toFixed(0)} items/s, all anchored at ${delivery.anchoredSeconds.toFixed(1)} s, all received at ${delivery.deliveredSeconds.toFixed(1)} s); ${setup}`,
        },
        ...compared(`${SUBSCRIPTIONS} subscriptions, stress batching`, fast, none),
        {
            name: 'batch anchored → webhook received p50 (steady phase)',
            value: delivery.lagP50,
            unit: 'ms',
            baseline: best(fast).latencyP50,
            note: `p99 ${delivery.lagP99.toFixed(0)} ms; baseline = item → anchored p50 of the same runs`,
        },
        ...compared(`slow receiver (answers after ${SLOW_ANSWER_MS / 1000} s)`, slow, none),
        ...compared('dead receiver (connection refused)', dead, none),
        ...compared(
            `${SUBSCRIPTIONS} subscriptions, default batching (1 s; ${ITEMS_DEFAULT_BATCHING.toLocaleString('en')} items)`,
            fastDefault,
            noneDefault,
        ),
    ];
}
