import './quiet-fabric-logs';
import { restrictFileModes, prepareDataDir } from './data-dir';
import { loadConfig } from './config';
import { createGateway } from './gateway';

/** Starts the gateway from the environment (see README "Configuration"). */
async function main(): Promise<void> {
    restrictFileModes();
    const config = loadConfig();
    await prepareDataDir(config.dataDir);
    const fastify = await createGateway(config);
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
    fastify.log.info(`API docs: ${url}/docs — mint a token: npx court-ledger token --role clerk --sub clerk-1`);
    if (!fastify.court.projector.caughtUp) {
        fastify.log.info('/readyz answers 503 until the index has caught up with the ledger');
    }
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
