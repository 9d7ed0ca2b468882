import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../platform/auth/plugin';
import { HttpError } from '../../platform/http/errors';
import { commonErrors, ErrorRef, Hex64 } from '../../platform/http/schemas';
import { ReceiptSchema } from '../../platform/receipts';
import type { AnchorQueue } from '../../platform/anchor-queue/anchor-queue';
import type { PendingItemInput } from '../../platform/anchor-queue/queue-store';
import type { SqlExecutor } from '../../platform/store/db';
import type { ReceiptService } from './receipt-service';
import { batchById } from './store';
import { AnchorItemsBody, BatchParams, BatchResponse, ItemStatus, MAX_ITEMS_PER_REQUEST } from './schemas';

/** What the anchoring routes are given by the anchoring plugin. */
export interface AnchorRoutesOptions {
    readonly queue: AnchorQueue;
    readonly receipts: ReceiptService;
    /** The index database (recorded batches). */
    readonly db: SqlExecutor;
}

/** Batch anchoring: `/v1/anchors…`. */
const anchorRoutes: FastifyPluginCallbackTypebox<AnchorRoutesOptions> = (fastify, { queue, receipts, db }, done) => {
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
            const seen = new Set<string>();
            const items: PendingItemInput[] = [];
            for (const item of request.body.items) {
                if (!seen.has(item.digest)) {
                    seen.add(item.digest);
                    items.push({ digest: Buffer.from(item.digest, 'hex'), kind: item.kind, ref: item.ref, source });
                }
            }
            // Stored durably (fsynced) before the 202 goes out.
            const statuses = await queue.add(items);
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
            const answer = await receipts.receiptFor(request.params.digest);
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
                params: BatchParams,
                response: { 200: BatchResponse, 404: ErrorRef, ...commonErrors },
            },
            onRequest: fastify.authorize(),
        },
        async (request) => {
            const batch = await batchById(db, queue, request.params.batchId);
            if (batch === undefined) {
                throw new HttpError(404, 'BATCH_NOT_FOUND', 'no anchored batch with this id', 'batchId');
            }
            return batch;
        },
    );
    done();
};

export default anchorRoutes;
