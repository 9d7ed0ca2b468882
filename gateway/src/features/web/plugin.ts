import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ASSETS_DIR, ASSETS_PREFIX, loadAssetUrls } from '../../platform/web/assets';
import webRoutes from './routes';

/**
 * The Content-Security-Policy of the pages: scripts and styles only from this origin (no inline script or
 * style), WebAssembly compilation for the in-browser hashing (hash-wasm), requests only to this origin.
 */
export const PAGE_CSP = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
};

/** Pages and assets in their own encapsulated context, so helmet's headers cover them and not the API. */
async function pages(fastify: FastifyInstance): Promise<void> {
    await fastify.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: PAGE_CSP } });
    await fastify.register(fastifyStatic, {
        root: ASSETS_DIR,
        prefix: ASSETS_PREFIX,
        // Hashed names (esbuild `[name]-[hash]`): a changed file is a new URL, so cache for a year.
        immutable: true,
        maxAge: '365d',
        index: false,
        wildcard: true,
    });
    await fastify.withTypeProvider<TypeBoxTypeProvider>().register(webRoutes, { assets: loadAssetUrls() });
}

/**
 * The people's pages (issue #13): `/` verifies a file hashed in the browser (or a digest, or an upload without
 * JavaScript), `/receipt` checks a receipt offline with the CLI's verifier bundled for the browser.
 */
async function webPlugin(fastify: FastifyInstance): Promise<void> {
    await fastify.register(pages);
}

export default fp(webPlugin, { name: 'web', dependencies: ['config', 'verify'] });
