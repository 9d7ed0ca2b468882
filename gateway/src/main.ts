import '@court-ledger/ledger-embedded/quiet-fabric-logs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config';
import { prepareDataDir, restrictFileModes } from './platform/store/data-dir';
import { RETRY_AFTER_SECONDS } from './platform/http/errors';
import { createGateway } from './gateway';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * What the gateway answers while it opens the ledger and the index: `/healthz` 200 (the process lives),
 * `/readyz` and everything else 503 with `Retry-After`.
 */
function starting(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? '').split('?')[0];
    const message = 'the gateway is starting: opening the ledger and the index database';
    const [status, body] =
        path === '/healthz'
            ? [200, { ok: true }]
            : path === '/readyz'
              ? [503, { ready: false, checks: { startup: { ok: false, message } } }]
              : [503, { code: 'UNAVAILABLE', message }];
    response.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        ...(status === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {}),
    });
    response.end(JSON.stringify(body));
}

function listen(server: Server, port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
            server.off('error', reject);
            const address = server.address() as AddressInfo;
            resolve(`http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`);
        });
    });
}

/** Starts the gateway from the environment (see README "Configuration"). */
async function main(): Promise<void> {
    restrictFileModes();
    const config = loadConfig();
    await prepareDataDir(config.dataDir);
    // Listen at once (health answered while starting); the app takes over the same server when it is ready.
    let handler: Handler = starting;
    const server = createServer((request, response) => {
        handler(request, response);
    });
    const url = await listen(server, config.port, config.host);
    let appHandler: Handler | undefined;
    const fastify = await createGateway(config, {
        serverFactory: (fastifyHandler) => {
            appHandler = fastifyHandler;
            return server;
        },
    });
    if (appHandler === undefined) {
        throw new Error('the app did not take the server');
    }
    handler = appHandler;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
            fastify.log.info({ signal }, 'shutting down');
            server.close();
            void fastify.close().then(() => process.exit(0));
        });
    }
    fastify.log.info(
        `court-ledger gateway on ${url} (ledger: ${config.ledgerMode}, index: ${config.databaseUrl === undefined ? 'embedded PGlite' : 'PostgreSQL server'}, data: ${config.dataDir})`,
    );
    const tokenHint =
        config.identityProvider === undefined
            ? `mint a token: npx court-ledger token --data ${JSON.stringify(config.dataDir)} --role clerk --sub clerk-1`
            : `tokens from the identity provider ${config.identityProvider.issuer}`;
    fastify.log.info(`API docs: ${url}/docs — ${tokenHint}`);
    if (!fastify.projector.caughtUp) {
        fastify.log.info('/readyz answers 503 until the index has caught up with the ledger');
    }
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
