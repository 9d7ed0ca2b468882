import './quiet-fabric-logs';
import Fastify from 'fastify';
import app from './app';
import { loadConfig } from './config';
import { fastifyOptions } from './server-options';

/** Starts the gateway from the environment (see README "Configuration"). */
async function main(): Promise<void> {
    const config = loadConfig();
    const fastify = Fastify(fastifyOptions(config, { level: config.logLevel }));
    await fastify.register(app, { config });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
            fastify.log.info({ signal }, 'shutting down');
            void fastify.close().then(() => process.exit(0));
        });
    }
    const url = await fastify.listen({ port: config.port, host: config.host });
    fastify.log.info(
        `court-ledger gateway on ${url} (ledger: ${config.ledgerMode}, index: ${config.databaseUrl === undefined ? 'embedded PGlite' : 'PostgreSQL server'}, data: ${config.dataDir})`,
    );
    fastify.log.info(
        `API docs: ${url}/docs — mint a token: npx court-ledger token --data ${JSON.stringify(config.dataDir)} --role clerk --sub clerk-1`,
    );
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
