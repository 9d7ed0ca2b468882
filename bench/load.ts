import { randomBytes } from 'node:crypto';
import type { BenchGateway } from './gateway';

/** Concurrent clients of the HTTP benchmarks. */
export const WORKERS = 32;

/** `POST path` with a JSON body as `token`; throws unless the status is `expected`. Returns the JSON answer. */
export async function call(
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

/** Runs `operations` calls of `op` on {@link WORKERS} concurrent workers; returns operations per second. */
export async function perSecond(
    operations: number,
    op: (worker: number, i: number) => Promise<unknown>,
): Promise<number> {
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
 * The same-run baseline of the write benchmarks: evidence submissions by digest per second through
 * `POST /v1/evidence` (the plainest write: one record, one event), by a party the clerk recorded in the case
 * first (not timed).
 */
export async function evidencePerSecond(gateway: BenchGateway, operations: number): Promise<number> {
    await gateway.enrol('BENCH-EVIDENCE', 'bench-party');
    const party = gateway.token('party', 'bench-party');
    return perSecond(operations, (_worker, i) =>
        call(
            gateway,
            '/v1/evidence',
            party,
            { caseId: 'BENCH-EVIDENCE', digests: { sha256: randomBytes(32).toString('hex') }, size: i },
            201,
        ),
    );
}
