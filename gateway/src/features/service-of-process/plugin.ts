import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createChannels } from './channels';
import { ServiceDesk } from './desk';
import certificateRoutes from './routes/certificate';
import documentRoutes from './routes/document';
import issueRoutes from './routes/issue';
import recipientPageRoutes from './routes/recipient-page';
import recipientRoutes from './routes/recipients';
import serviceRoutes from './routes/service';

/**
 * Service of documents (Art. 26): every `/v1/services…` and `/v1/recipients…` route, and `/services/{id}`
 * (the link e-mailed to a recipient). Builds the channels
 * from the configuration and closes them with the app. Decorates nothing.
 */
async function serviceOfProcessPlugin(fastify: FastifyInstance): Promise<void> {
    const { config, index, ledger, log, pepper, projector } = fastify;
    const channels = createChannels(config.serviceOfProcess, {
        publicUrl: config.publicUrl,
        timeZone: config.courtTimeZone,
    });
    fastify.addHook('onClose', (_instance, done) => {
        channels.close();
        done();
    });
    const desk = new ServiceDesk({ ledger, index, projector, pepper, channels }, log);
    await fastify.register(issueRoutes, { desk });
    await fastify.register(serviceRoutes, { desk });
    await fastify.register(documentRoutes, { desk });
    await fastify.register(certificateRoutes, { desk });
    await fastify.register(recipientRoutes, { desk });
    await fastify.register(recipientPageRoutes, { desk });
}

export default fp(serviceOfProcessPlugin, {
    name: 'service-of-process',
    dependencies: ['config', 'ledger', 'index', 'projector', 'pepper', 'documents', 'auth'],
});
