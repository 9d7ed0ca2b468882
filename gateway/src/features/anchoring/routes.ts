import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { HttpError } from '../../platform/http/errors';
import { actorOf } from '../../platform/auth/plugin';
import { ReceiptSchema } from '../../platform/receipts';
import { commonErrors, ErrorRef, Hex64, NO_CONTROL_CHARACTERS } from '../../platform/http/schemas';

/** Most items one request may carry. */
export const MAX_ITEMS_PER_REQUEST = 10_000;

const Kind = Type.String({
    pattern: '^[a-z0-9][a-z0-9._-]{0,31}$',
    description: 'what the item is, e.g. `transcript`',
});

const AnchorItemsBody = Type.Object(
    {
        items: Type.Array(
            Type.Object(
                {
                    digest: Hex64,
                    kind: Kind,
                    ref: Type.Optional(
                        Type.String({
                            maxLength: 256,
                            pattern: NO_CONTROL_CHARACTERS,
                            description: 'the subsystem’s own reference (no control characters)',
                        }),
                    ),
                },
                { additionalProperties: false },
            ),
            { minItems: 1, maxItems: MAX_ITEMS_PER_REQUEST },
        ),
    },
    { additionalProperties: false },
);

const ItemStatus = Type.Object({
    digest: Hex64,
    status: Type.Union([Type.Literal('pending'), Type.Literal('anchored')]),
    batchId: Type.Optional(Type.String()),
});

const BatchResponse = Type.Object({
    batchId: Type.String(),
    rootHash: Hex64,
    treeSize: Type.Integer(),
    kinds: Type.Array(Type.String()),
    sources: Type.Array(Type.String()),
    txId: Type.String(),
    blockNumber: Type.Integer(),
    recordedAt: Type.String({ format: 'date-time' }),
});

const anchorRoutes: FastifyPluginCallbackTypebox = (fastify, _options, done) => {
    const { court } = fastify;

    fastify.post(
        '/v1/anchors',
        {
            schema: {
                summary: `Queue up to ${MAX_ITEMS_PER_REQUEST} item digests (SHA-256) for batch anchoring`,
                tags: ['anchors'],
                security: [{ bearer: [] }],
                body: AnchorItemsBody,
                response: { 202: Type.Object({ items: Type.Array(ItemStatus) }), ...commonErrors },
            },
            onRequest: fastify.authorize(['subsystem']),
        },
        async (request, reply) => {
            const source = actorOf(request).sub;
            const unique = new Map<string, { digest: Buffer; kind: string; ref?: string; source: string }>();
            for (const item of request.body.items) {
                if (!unique.has(item.digest)) {
                    unique.set(item.digest, {
                        digest: Buffer.from(item.digest, 'hex'),
                        kind: item.kind,
                        ...(item.ref === undefined ? {} : { ref: item.ref }),
                        source,
                    });
                }
            }
            // Persisted (committed to the index database) before the 202 goes out.
            const statuses = await court.index.addPendingItems([...unique.values()]);
            court.batcher.itemsQueued(unique.size);
            fastify.metrics.itemsQueued.inc(unique.size);
            return reply.code(202).send({ items: statuses });
        },
    );

    fastify.get(
        '/v1/anchors/:digest/receipt',
        {
            schema: {
                summary: 'The inclusion receipt of an anchored item (202 while pending)',
                tags: ['anchors'],
                security: [{ bearer: [] }],
                params: Type.Object({ digest: Hex64 }),
                response: {
                    200: ReceiptSchema,
                    202: Type.Object({ status: Type.Literal('pending') }),
                    404: ErrorRef,
                    ...commonErrors,
                },
            },
            onRequest: fastify.authorize(),
        },
        async (request, reply) => {
            const answer = await court.receipts.receiptFor(request.params.digest);
            if (answer === undefined) {
                throw new HttpError(404, 'NOT_FOUND', 'no item with this digest was queued for anchoring', 'digest');
            }
            if (answer === 'pending') {
                return reply.code(202).send({ status: 'pending' as const });
            }
            return answer;
        },
    );

    fastify.get(
        '/v1/anchors/batches/:batchId',
        {
            schema: {
                summary: 'An anchored batch: root hash, tree size and anchoring transaction',
                tags: ['anchors'],
                security: [{ bearer: [] }],
                params: Type.Object({ batchId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' }) }),
                response: { 200: BatchResponse, 404: ErrorRef, ...commonErrors },
            },
            onRequest: fastify.authorize(),
        },
        async (request) => {
            const batch = await court.index.batch(request.params.batchId);
            if (batch === undefined) {
                throw new HttpError(404, 'BATCH_NOT_FOUND', 'no anchored batch with this id', 'batchId');
            }
            return batch;
        },
    );
    done();
};

export default anchorRoutes;
