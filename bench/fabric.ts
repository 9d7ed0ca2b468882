import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../test/support/fabric-network';
import { withChaincode } from '../test/support/fabric-client';
import { percentile, type BenchResult } from './result';
import { startBenchGateway, type BenchGateway } from './gateway';

const CONCURRENCY = [1, 10, 50];
const SECONDS_PER_LEVEL = Number(process.env.BENCH_FABRIC_SECONDS ?? 8);
const LATENCY_ITEMS = Number(process.env.BENCH_FABRIC_LATENCY_ITEMS ?? 200);
const LATENCY_RATE = 20; // items per second, one request each

function connectionPath(): string {
    const file = process.env.FABRIC_CONNECTION ?? path.join(REPO_ROOT, 'network', 'run', 'connection.json');
    if (!existsSync(file)) {
        throw new Error(`no Fabric network: ${file} does not exist (npm run network:up, or set FABRIC_CONNECTION)`);
    }
    return file;
}

/** Runs `op` on `clients` concurrent loops for `seconds`; returns completed operations per second. */
async function rate(clients: number, seconds: number, op: () => Promise<void>): Promise<number> {
    const stop = Date.now() + seconds * 1000;
    let done = 0;
    const start = process.hrtime.bigint();
    await Promise.all(
        Array.from({ length: clients }, async () => {
            while (Date.now() < stop) {
                await op();
                done++;
            }
        }),
    );
    return done / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function postJson(gateway: BenchGateway, url: string, token: string, body: unknown, expected: number) {
    const res = await fetch(`${gateway.url}${url}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
    });
    if (res.status !== expected) {
        throw new Error(`POST ${url} → ${String(res.status)} ${await res.text()}`);
    }
    await res.arrayBuffer();
}

/** Item → receipt latency: LATENCY_ITEMS items posted one per request at LATENCY_RATE/s, each polled until its receipt. */
async function receiptLatency(gateway: BenchGateway): Promise<{ p50: number; p99: number }> {
    const token = gateway.token('subsystem', 'bench-latency');
    const latencies: number[] = [];
    const waits: Promise<void>[] = [];
    for (let i = 0; i < LATENCY_ITEMS; i++) {
        const digest = randomBytes(32).toString('hex');
        const posted = performance.now();
        await postJson(gateway, '/v1/anchors', token, { items: [{ digest, kind: 'bench' }] }, 202);
        waits.push(
            (async () => {
                for (;;) {
                    const res = await fetch(`${gateway.url}/v1/anchors/${digest}/receipt`, {
                        headers: { authorization: `Bearer ${token}` },
                    });
                    await res.arrayBuffer();
                    if (res.status === 200) {
                        latencies.push(performance.now() - posted);
                        return;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 25));
                }
            })(),
        );
        await new Promise((resolve) => setTimeout(resolve, 1000 / LATENCY_RATE));
    }
    await Promise.all(waits);
    latencies.sort((a, b) => a - b);
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Evidence submissions per second through the gateway at each concurrency level. */
async function evidenceRates(gateway: BenchGateway): Promise<number[]> {
    const party = gateway.token('party', 'bench-party');
    await gateway.enrol('BENCH-FABRIC', 'bench-party');
    const rates: number[] = [];
    for (const clients of CONCURRENCY) {
        rates.push(
            await rate(clients, SECONDS_PER_LEVEL, () =>
                postJson(
                    gateway,
                    '/v1/evidence',
                    party,
                    { caseId: 'BENCH-FABRIC', digests: { sha256: randomBytes(32).toString('hex') } },
                    201,
                ),
            ),
        );
    }
    return rates;
}

/**
 * Fabric: evidence submissions per second through the gateway (HTTP → index → Fabric) against a bare
 * `anchor:record` transaction (one key put and its event) submitted straight with @hyperledger/fabric-gateway
 * on the same network in the same run, at 1, 10 and 50 concurrent clients; batch anchoring's item → receipt
 * latency; and the same gateway figures on the embedded ledger beside them.
 */
export async function benchFabric(): Promise<BenchResult[]> {
    const connection = connectionPath();
    const actor = Buffer.from(JSON.stringify({ org: 'CourtMSP', role: 'subsystem', sub: 'bench-put' }));
    const bare: number[] = [];
    await withChaincode(connection, 'CourtMSP', 'gateway', async (_evidence, contractOf) => {
        const anchor = contractOf('anchor');
        for (const clients of CONCURRENCY) {
            bare.push(
                await rate(clients, SECONDS_PER_LEVEL, async () => {
                    const batchId = `bench-${randomBytes(8).toString('hex')}`;
                    await anchor.submit('record', {
                        arguments: [batchId, randomBytes(32).toString('hex'), '1', '["bench"]', '["bench-put"]'],
                        transientData: { actor },
                    });
                }),
            );
        }
    });

    const results: BenchResult[] = [];
    const fabric = await startBenchGateway({ LEDGER_MODE: 'fabric', FABRIC_CONNECTION: connection });
    let fabricLatency: { p50: number; p99: number };
    try {
        const rates = await evidenceRates(fabric);
        rates.forEach((value, i) => {
            const baseline = bare[i] ?? Number.NaN;
            results.push({
                name: `Fabric: POST /v1/evidence, ${String(CONCURRENCY[i])} client(s)`,
                value,
                unit: 'tx/s',
                baseline,
                ratio: value / baseline,
                goal: '≥ 0.7',
                note: 'baseline: bare anchor:record through fabric-gateway, same network',
            });
        });
        fabricLatency = await receiptLatency(fabric);
    } finally {
        await fabric.close();
    }
    const embedded = await startBenchGateway();
    try {
        const rates = await evidenceRates(embedded);
        rates.forEach((value, i) => {
            results.push({
                name: `embedded: POST /v1/evidence, ${String(CONCURRENCY[i])} client(s)`,
                value,
                unit: 'tx/s',
                note: 'for comparison with the Fabric rows',
            });
        });
        const latency = await receiptLatency(embedded);
        for (const [mode, figures] of [
            ['Fabric', fabricLatency],
            ['embedded', latency],
        ] as const) {
            results.push(
                {
                    name: `${mode}: item → receipt latency p50`,
                    value: figures.p50,
                    unit: 'ms',
                    goal: '≤ 2000',
                    note: `${String(LATENCY_ITEMS)} items at ${String(LATENCY_RATE)}/s, ANCHOR_INTERVAL_MS default`,
                },
                { name: `${mode}: item → receipt latency p99`, value: figures.p99, unit: 'ms' },
            );
        }
    } finally {
        await embedded.close();
    }
    return results;
}
