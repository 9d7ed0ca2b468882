import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { GuaranteeDesk } from './desk';
import guaranteeRoutes from './routes/guarantees';
import preservationRoutes from './routes/preservations';

/**
 * Preservation applications and letters of guarantee (Art. 27): every `/v1/preservations…` and
 * `/v1/guarantees…` route. Decorates nothing.
 */
async function guaranteesPlugin(fastify: FastifyInstance): Promise<void> {
    const { documents, index, ledger, pepper, projector } = fastify;
    const desk = new GuaranteeDesk({ ledger, index, projector, pepper, documents });
    await fastify.register(preservationRoutes, { desk });
    await fastify.register(guaranteeRoutes, { desk });
}

export default fp(guaranteesPlugin, {
    name: 'guarantees',
    dependencies: ['config', 'ledger', 'index', 'projector', 'pepper', 'documents', 'auth'],
});
