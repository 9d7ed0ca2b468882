import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The gateway's Prometheus metrics (one registry per app, so tests can build many apps). */
export interface GatewayMetrics {
    readonly registry: Registry;
    readonly ledgerSubmits: Counter<'contract' | 'fn' | 'outcome'>;
    readonly itemsQueued: Counter;
}

declare module 'fastify' {
    interface FastifyInstance {
        metrics: GatewayMetrics;
    }
}

function metricsPlugin(fastify: FastifyInstance, _options: unknown, done: (error?: Error) => void): void {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const duration = new Histogram({
        name: 'http_request_duration_seconds',
        help: 'HTTP request duration by route and status',
        labelNames: ['method', 'route', 'status'] as const,
        buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
        registers: [registry],
    });
    const metrics: GatewayMetrics = {
        registry,
        ledgerSubmits: new Counter({
            name: 'ledger_submits_total',
            help: 'Transactions submitted to the ledger by outcome',
            labelNames: ['contract', 'fn', 'outcome'] as const,
            registers: [registry],
        }),
        itemsQueued: new Counter({
            name: 'anchor_items_queued_total',
            help: 'Items accepted for batch anchoring',
            registers: [registry],
        }),
    };
    fastify.decorate('metrics', metrics);
    fastify.addHook('onResponse', async (request, reply) => {
        duration.observe(
            { method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
            reply.elapsedTime / 1000,
        );
    });
    fastify.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
        return reply.type(registry.contentType).send(await registry.metrics());
    });
    done();
}

export default fp(metricsPlugin, { name: 'metrics' });
