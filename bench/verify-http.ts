import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import type { BenchResult } from './result';
import { startBenchGateway } from './gateway';

const DURATION_S = 8;
const CONNECTIONS = 32;

async function requestsPerSecond(url: string): Promise<number> {
    const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, pipelining: 1 });
    if (result.non2xx > 0 || result.errors > 0) {
        throw new Error(`benchmark target answered ${result.non2xx} non-2xx and ${result.errors} errors`);
    }
    return result.requests.average;
}

/**
 * `GET /v1/verify/sha256/{digest}` on the full gateway (auth-free public route, schema-validated params,
 * index lookup behind a cache) against a bare Fastify route with the same path shape and response schema,
 * both listening in this process, loaded by autocannon from this process.
 */
export async function benchVerifyHttp(): Promise<BenchResult[]> {
    const bare = Fastify({ logger: false });
    bare.get(
        '/v1/verify/:algorithm/:digest',
        {
            schema: {
                response: {
                    200: {
                        type: 'object',
                        properties: {
                            anchored: { type: 'boolean' },
                            records: { type: 'array', items: { type: 'object', additionalProperties: true } },
                        },
                    },
                },
            },
        },
        () => ({
            anchored: true,
            records: [{ kind: 'evidence', time: new Date(0).toISOString(), txId: 'x', blockNumber: 1 }],
        }),
    );
    const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
    const gateway = await startBenchGateway();
    try {
        const digest = randomBytes(32).toString('hex');
        await gateway.enrol('BENCH-1', 'bench');
        const res = await fetch(`${gateway.url}/v1/evidence`, {
            method: 'POST',
            headers: { authorization: `Bearer ${gateway.token('party', 'bench')}`, 'content-type': 'application/json' },
            body: JSON.stringify({ caseId: 'BENCH-1', digests: { sha256: digest } }),
        });
        if (res.status !== 201) {
            throw new Error(`could not anchor the benchmark digest: ${res.status} ${await res.text()}`);
        }
        const baseline = await requestsPerSecond(`${bareUrl}/v1/verify/sha256/${digest}`);
        const ours = await requestsPerSecond(`${gateway.url}/v1/verify/sha256/${digest}`);
        return [
            {
                name: 'GET /v1/verify (req/s, vs bare Fastify route)',
                value: ours,
                unit: 'req/s',
                baseline,
                ratio: ours / baseline,
                goal: '≥ 0.5',
                note: `${CONNECTIONS} connections, ${DURATION_S} s each`,
            },
        ];
    } finally {
        await gateway.close();
        await bare.close();
    }
}
