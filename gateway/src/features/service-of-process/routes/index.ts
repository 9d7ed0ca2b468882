import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ServiceDesk } from '../desk';
import certificateRoutes from './certificate';
import documentRoutes from './document';
import issueRoutes from './issue';
import recipientRoutes from './recipients';
import serviceRoutes from './service';

/** Service of documents (Art. 26): every `/v1/services…` and `/v1/recipients…` route. */
const serviceOfProcessRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
    const desk = new ServiceDesk(fastify.court, fastify.log);
    await fastify.register(issueRoutes, { desk });
    await fastify.register(serviceRoutes, { desk });
    await fastify.register(documentRoutes, { desk });
    await fastify.register(certificateRoutes, { desk });
    await fastify.register(recipientRoutes, { desk });
};

export default serviceOfProcessRoutes;
