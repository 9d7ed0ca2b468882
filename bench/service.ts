import { randomBytes } from 'node:crypto';
import type { BenchResult } from './result';
import { startBenchGateway, type BenchGateway } from './gateway';

const OPERATIONS = Number(process.env.BENCH_SERVICE_EVENTS ?? 2000);
const WORKERS = 32;

async function call(
    gateway: BenchGateway,
    path: string,
    token: string,
    body: unknown,
    expected: number,
): Promise<unknown> {
    const res = await fetch(`${gateway.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
    });
    if (res.status !== expected) {
        throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
    }
    return res.json();
}

/** Runs `operations` calls of `op` on `WORKERS` concurrent workers; returns operations per second. */
async function perSecond(operations: number, op: (worker: number, i: number) => Promise<unknown>): Promise<number> {
    let next = 0;
    const start = process.hrtime.bigint();
    await Promise.all(
        Array.from({ length: WORKERS }, async (_, worker) => {
            while (next < operations) {
                await op(worker, next++);
            }
        }),
    );
    return operations / (Number(process.hrtime.bigint() - start) / 1e9);
}

/**
 * Service events recorded per second through `POST /v1/services/{id}/events` (one service per worker, so
 * writers do not conflict on one record), against evidence submissions per second through `POST /v1/evidence`
 * in the same run and gateway (same ledger, same commit path): the ratio shows what the service layer costs.
 */
export async function benchService(): Promise<BenchResult[]> {
    const gateway = await startBenchGateway();
    try {
        const clerk = gateway.token('clerk', 'bench-clerk');
        const party = gateway.token('party', 'bench-party');
        await gateway.enrol('BENCH-EVIDENCE', 'bench-party');
        const form = new FormData();
        for (const [name, value] of Object.entries({
            caseId: 'BENCH-SERVICE',
            documentType: 'notice',
            recipient: 'bench-recipient',
            channel: 'platform',
            addressConfirmed: 'true',
        })) {
            form.append(name, value);
        }
        form.append('document', new Blob([randomBytes(64 * 1024)]), 'notice.pdf');
        const first = await fetch(`${gateway.url}/v1/services`, {
            method: 'POST',
            headers: { authorization: `Bearer ${clerk}` },
            body: form,
        });
        if (first.status !== 201) {
            throw new Error(`POST /v1/services → ${first.status} ${await first.text()}`);
        }
        const { document } = (await first.json()) as { document: { sha256: string } };
        const services = await Promise.all(
            Array.from({ length: WORKERS }, async (_, i) => {
                const body = {
                    caseId: 'BENCH-SERVICE',
                    documentType: 'notice',
                    recipient: `bench-recipient-${i}`,
                    channel: 'platform',
                    addressConfirmed: true,
                    documentDigest: document.sha256,
                };
                return ((await call(gateway, '/v1/services', clerk, body, 201)) as { serviceId: string }).serviceId;
            }),
        );

        const evidence = await perSecond(OPERATIONS, (_worker, i) =>
            call(
                gateway,
                '/v1/evidence',
                party,
                { caseId: 'BENCH-EVIDENCE', digests: { sha256: randomBytes(32).toString('hex') }, size: i },
                201,
            ),
        );
        const events = await perSecond(OPERATIONS, (worker) =>
            call(
                gateway,
                `/v1/services/${services[worker] ?? ''}/events`,
                clerk,
                { type: 'sent', detail: 'bench' },
                200,
            ),
        );
        return [
            {
                name: 'POST /v1/services/{id}/events (events/s, vs evidence submissions/s)',
                value: events,
                unit: 'ops/s',
                baseline: evidence,
                ratio: events / evidence,
                goal: '≥ 0.5',
                note: `${OPERATIONS} of each, ${WORKERS} concurrent clients, embedded ledger`,
            },
        ];
    } finally {
        await gateway.close();
    }
}
