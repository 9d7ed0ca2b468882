import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { startGateway, type Harness } from '../support/gateway-harness';

interface Operation {
    readonly security?: unknown[];
    readonly responses?: Record<string, unknown>;
}

interface OpenApi {
    readonly info: { readonly version: string };
    readonly paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

// The document does not depend on the ledger mode: one gateway (embedded ledger, PGlite) is enough.
describe('the OpenAPI document (/docs/json)', function () {
    this.timeout(120_000);
    let gw: Harness;
    let doc: OpenApi;

    before(async () => {
        gw = await startGateway({ database: 'pglite' });
        const res = await gw.app.inject({ url: '/docs/json' });
        expect(res.statusCode).to.equal(200);
        doc = res.json<OpenApi>();
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    it('carries the gateway package version', async () => {
        const file = path.join(__dirname, '..', '..', '..', 'gateway', 'package.json');
        const pkg = JSON.parse(await readFile(file, 'utf8')) as { version: string };
        expect(doc.info.version).to.equal(pkg.version);
    });

    it('lists no 401 or 403 on a public route, and a token on every other', () => {
        const publicRoutes: string[] = [];
        for (const [route, operations] of Object.entries(doc.paths)) {
            for (const [method, operation] of Object.entries(operations)) {
                if (!METHODS.includes(method)) {
                    continue;
                }
                const responses = Object.keys(operation.responses ?? {});
                if (operation.security === undefined) {
                    publicRoutes.push(`${method.toUpperCase()} ${route}`);
                    expect(responses, `${method} ${route}`).to.not.include('401');
                    expect(responses, `${method} ${route}`).to.not.include('403');
                } else {
                    expect(responses, `${method} ${route}`).to.include('401');
                }
            }
        }
        expect(publicRoutes).to.include.members([
            'POST /v1/verify',
            'GET /v1/verify/{algorithm}/{digest}',
            'GET /healthz',
            'GET /readyz',
        ]);
    });
});
