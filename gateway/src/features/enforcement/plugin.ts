import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { EnforcementClient } from './client';
import { EnforcementDesk } from './desk';
import enforcementRoutes from './routes';
import { EnforcementScheduler } from './scheduler';

declare module 'fastify' {
    interface FastifyInstance {
        /** The enforcement feature's scheduler of `checkDue` (tests run its `tick()`). */
        enforcementScheduler: EnforcementScheduler;
    }
}

/**
 * Enforcement on the ledger (Art. 31): cases, their steps and performance agreements. Starts the scheduler
 * that submits `checkDue` for agreements in default, stops it when the app closes. Decorates the app with the scheduler.
 */
async function enforcementPlugin(fastify: FastifyInstance): Promise<void> {
    const { config, index, ledger, log, pepper, projector } = fastify;
    const scheduler = new EnforcementScheduler(
        new EnforcementClient(ledger, pepper),
        index.db,
        config.enforcementCheckIntervalMs,
        log,
    );
    scheduler.start();
    fastify.decorate('enforcementScheduler', scheduler);
    fastify.addHook('onClose', async () => {
        await scheduler.stop();
    });
    await fastify.register(enforcementRoutes, { desk: new EnforcementDesk({ ledger, index, projector, pepper }) });
}

export default fp(enforcementPlugin, {
    name: 'enforcement',
    dependencies: ['config', 'ledger', 'index', 'projector', 'pepper', 'auth'],
});
