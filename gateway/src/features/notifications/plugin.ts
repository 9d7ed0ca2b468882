import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { observedBy } from '../../platform/store/projection';
import { notificationOutbox } from './outbox';
import subscriptionRoutes from './routes';
import { DeliverySender } from './sender';
import { EventEnvelope } from './schemas';
import { NotificationStore } from './store';
import streamRoute, { ChangeSignal } from './stream';
import { DeliveryWorker } from './worker';

/** Seconds between SSE keep-alive comments. */
const HEARTBEAT_MS = 15_000;

/**
 * Notifications for subsystems: webhook subscriptions delivered from the outbox the projection writes (see
 * outbox.ts), and the same events as Server-Sent Events. Starts the delivery worker, hands it the outbox
 * messages of each projection commit and wakes the open streams when a commit gave notifications, and stops
 * both when the app closes.
 */
async function notificationsPlugin(fastify: FastifyInstance): Promise<void> {
    const { config, index, log } = fastify;
    const settings = config.notifications;
    const store = new NotificationStore(index.db);
    const sender = new DeliverySender(settings);
    const worker = new DeliveryWorker(store, settings, sender, log.child({ feature: 'notifications' }));
    const changes = new ChangeSignal();
    const closing = new AbortController();
    const unsubscribe = index.onApplied((change) => {
        const written = observedBy(change, notificationOutbox);
        const messages = written.flatMap((write) => write.messages);
        if (messages.length > 0) {
            worker.push(messages);
        }
        if (written.some((write) => write.events > 0)) {
            changes.notify();
        }
    });
    worker.start();
    fastify.addHook('preClose', (done) => {
        closing.abort();
        done();
    });
    fastify.addHook('onClose', async () => {
        unsubscribe();
        await worker.stop();
        await sender.close();
    });
    // The delivered event's schema, in the OpenAPI document's components as `NotificationEvent`.
    fastify.addSchema(EventEnvelope);
    await fastify.register(subscriptionRoutes, { store, worker, config: settings });
    await fastify.register(streamRoute, { store, changes, closing: closing.signal, heartbeatMs: HEARTBEAT_MS });
}

export default fp(notificationsPlugin, {
    name: 'notifications',
    dependencies: ['config', 'index', 'auth', 'pepper'],
});
