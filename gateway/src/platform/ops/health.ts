import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

const Outage = Type.Object({
    component: Type.String(),
    startedAt: Type.String({ format: 'date-time' }),
    endedAt: Type.Optional(Type.String({ format: 'date-time' })),
    message: Type.String(),
});

const Readiness = Type.Object({
    ready: Type.Boolean(),
    checks: Type.Record(Type.String(), Type.Object({ ok: Type.Boolean(), message: Type.Optional(Type.String()) })),
});

/** `/healthz`, `/readyz` and `/v1/status`. */
const healthRoutes: FastifyPluginCallbackTypebox = (fastify, _options, done) => {
    const { faults, projector } = fastify;

    fastify.get(
        '/healthz',
        {
            schema: {
                summary: 'The process is alive',
                tags: ['health'],
                response: { 200: Type.Object({ ok: Type.Boolean() }) },
            },
        },
        () => ({ ok: true }),
    );

    fastify.get(
        '/readyz',
        {
            schema: {
                summary: 'Ledger and index database answer, and the index has caught up with the ledger',
                tags: ['health'],
                response: { 200: Readiness, 503: Readiness },
            },
        },
        async (_request, reply) => {
            const ledger = await fastify.ledger
                .health()
                .then((h) => ({ ok: h.ok, ...(h.message === undefined ? {} : { message: h.message }) }))
                .catch((error: unknown) => ({ ok: false, message: (error as Error).message }));
            const database = await fastify.index
                .ping()
                .then(() => ({ ok: true }))
                .catch((error: unknown) => ({ ok: false, message: (error as Error).message }));
            const failure = projector.lastError;
            const projection =
                failure !== undefined
                    ? { ok: false, message: failure.message }
                    : projector.caughtUp
                      ? { ok: true }
                      : {
                            ok: false,
                            message: `catching up with the ledger: block ${projector.blockHeight} of ${projector.catchUpHeight - 1}`,
                        };
            const ready = ledger.ok && database.ok && projection.ok;
            return reply.code(ready ? 200 : 503).send({ ready, checks: { ledger, database, projection } });
        },
    );

    fastify.get(
        '/v1/status',
        {
            schema: {
                summary: 'Ledger mode, heights, pending items and outages (Art. 40)',
                tags: ['health'],
                response: {
                    200: Type.Object({
                        mode: Type.String(),
                        channel: Type.String(),
                        ledgerHeight: Type.Optional(Type.Integer()),
                        projectedBlock: Type.Integer(),
                        pendingItems: Type.Optional(Type.Integer()),
                        openOutages: Type.Array(Outage),
                        outages: Type.Array(Outage),
                    }),
                },
            },
        },
        async () => {
            const health = await fastify.ledger.health().catch(() => undefined);
            const pendingItems = await fastify.pendingItems?.().catch(() => undefined);
            const outages = await fastify.index.outages(50).catch(() => []);
            return {
                mode: fastify.ledger.mode,
                channel: fastify.ledger.channel,
                ...(health?.height === undefined ? {} : { ledgerHeight: health.height }),
                projectedBlock: projector.blockHeight,
                ...(pendingItems === undefined ? {} : { pendingItems }),
                openOutages: faults.current(),
                outages,
            };
        },
    );
    done();
};

export default healthRoutes;
