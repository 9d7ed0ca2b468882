import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { GuaranteeDesk } from '../desk';
import guaranteeRoutes from './guarantees';
import preservationRoutes from './preservations';

/** Preservation applications and letters of guarantee (Art. 27): every `/v1/preservations…`, `/v1/guarantees…`. */
const guaranteesRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
    const desk = new GuaranteeDesk(fastify.court);
    await fastify.register(preservationRoutes, { desk });
    await fastify.register(guaranteeRoutes, { desk });
};

export default guaranteesRoutes;
