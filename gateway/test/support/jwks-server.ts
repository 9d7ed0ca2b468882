import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeyObject } from 'node:crypto';

/** A public key as an identity provider publishes it. */
export interface PublishedKey {
    readonly kid: string;
    readonly alg: string;
    readonly publicKey: KeyObject;
}

/** A local identity provider's JWKS endpoint (`/realms/court/certs`) on a loopback port. */
export interface JwksServer {
    /** The JWKS document's URL (for `AUTH_JWKS_URL`). */
    readonly url: string;
    /** Replaces the published keys (a rotation). */
    publish(keys: readonly PublishedKey[]): void;
    /** How many times the document was fetched. */
    fetches(): number;
    close(): Promise<void>;
}

/** Starts a JWKS endpoint publishing `keys`. */
export async function startJwksServer(keys: readonly PublishedKey[]): Promise<JwksServer> {
    let published = keys;
    let fetches = 0;
    const server = createServer((request, response) => {
        if (request.url !== '/realms/court/certs') {
            response.writeHead(404).end();
            return;
        }
        fetches += 1;
        const document = {
            keys: published.map(({ kid, alg, publicKey }) => ({
                ...publicKey.export({ format: 'jwk' }),
                kid,
                alg,
                use: 'sig',
            })),
        };
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}/realms/court/certs`,
        publish(next) {
            published = next;
        },
        fetches: () => fetches,
        close: () =>
            new Promise<void>((resolve, reject) => {
                server.closeAllConnections();
                server.close((error) => {
                    if (error === undefined) {
                        resolve();
                    } else {
                        reject(error);
                    }
                });
            }),
    };
}
