import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { Actor } from '@court-ledger/ledger-api';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/plugin';
import { HttpError } from '../../platform/http/errors';
import { commonErrors, ErrorRef } from '../../platform/http/schemas';
import { SUBSCRIBER_ROLES, subscriberFilter } from './access';
import { checkSubscriptionUrl } from './address-policy';
import type { NotificationsConfig } from './config';
import {
    CreatedSubscription,
    DeliveriesQuery,
    Delivery,
    DeliveryParams,
    Subscription,
    SubscriptionBody,
    SubscriptionParams,
} from './schemas';
import { newSecret } from './signing';
import type { NotificationStore } from './store';
import type { DeliveryWorker } from './worker';

/** What the subscription routes are given by the notifications plugin. */
export interface SubscriptionRoutesOptions {
    readonly store: NotificationStore;
    readonly worker: DeliveryWorker;
    readonly config: NotificationsConfig;
}

const tags = ['notifications'];
const security = [{ bearer: [] }];

function notFound(): HttpError {
    return new HttpError(404, 'NOT_FOUND', 'no such subscription of yours', 'id');
}

/**
 * Webhook subscriptions: `POST/GET /v1/subscriptions`, `GET/DELETE /v1/subscriptions/{id}`,
 * `GET /v1/subscriptions/{id}/deliveries`, `POST /v1/subscriptions/{id}/deliveries/{deliveryId}/redeliver`.
 * A subscriber sees and manages only its own subscriptions (another's is 404).
 */
const subscriptionRoutes: FastifyPluginCallbackTypebox<SubscriptionRoutesOptions> = (
    fastify,
    { store, worker, config },
    done,
) => {
    const onRequest = fastify.authorize(SUBSCRIBER_ROLES);
    // A subscription belongs to its owner as the ledger knows principals (the pseudonym): what the sources of
    // anchored batches name, so `anchor.items-anchored` finds the subsystem's own items.
    const owner = (request: FastifyRequest): Actor => {
        const actor = actorOf(request);
        return { ...actor, sub: fastify.pepper.pseudonym(actor.sub) };
    };

    fastify.post(
        '/v1/subscriptions',
        {
            schema: {
                summary: 'Subscribe a URL to events (the signing secret is in this answer only)',
                tags,
                security,
                body: SubscriptionBody,
                response: { 201: CreatedSubscription, ...commonErrors },
            },
            onRequest,
        },
        async (request, reply) => {
            const actor = owner(request);
            const { events, caseIds } = request.body;
            subscriberFilter(actor, events, caseIds);
            const url = await checkSubscriptionUrl(request.body.url, config);
            const secret = newSecret();
            const created = await store.create({
                ownerSub: actor.sub,
                ownerRole: actor.role,
                url: url.toString(),
                events,
                caseIds,
                secret,
            });
            return reply.code(201).send({ ...created, secret });
        },
    );

    fastify.get(
        '/v1/subscriptions',
        {
            schema: {
                summary: 'Your subscriptions',
                tags,
                security,
                response: { 200: Type.Object({ subscriptions: Type.Array(Subscription) }), ...commonErrors },
            },
            onRequest,
        },
        async (request) => ({ subscriptions: await store.list(owner(request).sub) }),
    );

    fastify.get(
        '/v1/subscriptions/:id',
        {
            schema: {
                summary: 'One of your subscriptions',
                tags,
                security,
                params: SubscriptionParams,
                response: { 200: Subscription, 404: ErrorRef, ...commonErrors },
            },
            onRequest,
        },
        async (request) => {
            const found = await store.get(owner(request).sub, request.params.id);
            if (found === undefined) {
                throw notFound();
            }
            return found;
        },
    );

    fastify.delete(
        '/v1/subscriptions/:id',
        {
            schema: {
                summary: 'Delete a subscription (nothing more is sent to it)',
                tags,
                security,
                params: SubscriptionParams,
                response: { 204: Type.Null(), 404: ErrorRef, ...commonErrors },
            },
            onRequest,
        },
        async (request, reply) => {
            if (!(await store.delete(owner(request).sub, request.params.id))) {
                throw notFound();
            }
            worker.forget(request.params.id);
            return reply.code(204).send(null);
        },
    );

    fastify.get(
        '/v1/subscriptions/:id/deliveries',
        {
            schema: {
                summary: 'Deliveries of a subscription, newest event first, each with every attempt',
                tags,
                security,
                params: SubscriptionParams,
                querystring: DeliveriesQuery,
                response: { 200: Type.Object({ deliveries: Type.Array(Delivery) }), 404: ErrorRef, ...commonErrors },
            },
            onRequest,
        },
        async (request) => {
            if ((await store.get(owner(request).sub, request.params.id)) === undefined) {
                throw notFound();
            }
            const { status, limit } = request.query;
            return { deliveries: await store.deliveries(request.params.id, status, limit) };
        },
    );

    fastify.post(
        '/v1/subscriptions/:id/deliveries/:deliveryId/redeliver',
        {
            schema: {
                summary: 'Send a delivery again (a parked one too), in order with the pending ones',
                tags,
                security,
                params: DeliveryParams,
                response: {
                    202: Type.Object({ deliveryId: Type.String(), status: Type.Literal('pending') }),
                    404: ErrorRef,
                    ...commonErrors,
                },
            },
            onRequest,
        },
        async (request, reply) => {
            const { id, deliveryId } = request.params;
            if ((await store.get(owner(request).sub, id)) === undefined) {
                throw notFound();
            }
            // Outcomes waiting to be recorded first, so none of them overwrites the redelivery.
            await worker.flush();
            if (!(await store.redeliver(id, deliveryId))) {
                throw new HttpError(404, 'NOT_FOUND', 'no such delivery of this subscription', 'deliveryId');
            }
            worker.requeue(id);
            return reply.code(202).send({ deliveryId, status: 'pending' as const });
        },
    );
    done();
};

export default subscriptionRoutes;
