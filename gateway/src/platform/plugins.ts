import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { GatewayConfig } from '../config';
import type { AnchorQueue } from './anchor-queue/anchor-queue';
import type { TokenService } from './auth/tokens';
import type { DocumentStore } from './documents/document-store';
import type { Ledger } from '@court-ledger/ledger-api';
import type { FaultRecorder } from './ops/faults';
import type { Pepper } from './pseudonyms/pepper';
import type { IndexStore } from './store/index';
import type { EventProjector } from './store/projector';

declare module 'fastify' {
    interface FastifyInstance {
        /** The gateway's settings. */
        config: GatewayConfig;
        /** The ledger (embedded or Fabric). */
        ledger: Ledger;
        /** The index database: the projection of the ledger plus gateway-local tables. */
        index: IndexStore;
        /** Follows the ledger into the index; `waitFor(block)` makes a write visible to reads. */
        projector: EventProjector;
        /** Records component outages (Art. 40) for `/v1/status`. */
        faults: FaultRecorder;
        /** Mints and checks bearer tokens. */
        tokens: TokenService;
        /** The court pepper behind people's pseudonyms. */
        pepper: Pepper;
        /** Content-addressed store of documents (served documents, letters of guarantee). */
        documents: DocumentStore;
        /** The anchoring queue: every feature queues through it (the anchoring feature seals and anchors it). */
        anchorQueue: AnchorQueue;
        /** Items queued for anchoring and not yet anchored (the anchoring feature decorates it; absent without it). */
        pendingItems?: () => Promise<number>;
    }
}

/**
 * The shared infrastructure, built and opened by `createServices` before the Fastify app (opening can outlast
 * any plugin timeout) and closed with the app.
 */
export interface PlatformServices {
    readonly config: GatewayConfig;
    readonly ledger: Ledger;
    readonly index: IndexStore;
    readonly projector: EventProjector;
    readonly faults: FaultRecorder;
    readonly tokens: TokenService;
    readonly pepper: Pepper;
    readonly documents: DocumentStore;
    readonly anchorQueue: AnchorQueue;
    /** Stops the projector, closes the ledger, the index database and the anchoring queue; later calls wait for the first. */
    close(): Promise<void>;
}

/** The name of each shared service: the plugin that decorates the app with it is called the same. */
export type SharedService = Exclude<keyof PlatformServices, 'close'>;

/** Every shared service, in the order the platform plugin registers them. */
export const SHARED_SERVICES: readonly SharedService[] = [
    'config',
    'ledger',
    'index',
    'projector',
    'faults',
    'tokens',
    'pepper',
    'documents',
    'anchorQueue',
];

/** A plugin named `name` that decorates the app with the shared service `name`. */
function sharedServicePlugin(name: SharedService) {
    return fp<{ value: PlatformServices[SharedService] }>(
        (fastify, { value }, done) => {
            fastify.decorate<unknown>(name, value);
            done();
        },
        { name },
    );
}

/** Options of the platform plugin. */
export interface PlatformPluginOptions {
    readonly services: PlatformServices;
}

/**
 * Decorates the app with each shared service through its own plugin (so a feature's `dependencies` name what
 * it reads) and closes the services when the app closes: registered before the features, its `onClose` runs
 * after theirs.
 */
async function platformPlugin(fastify: FastifyInstance, { services }: PlatformPluginOptions): Promise<void> {
    for (const name of SHARED_SERVICES) {
        await fastify.register(sharedServicePlugin(name), { value: services[name] });
    }
    fastify.addHook('onClose', async () => {
        await services.close();
    });
}

export default fp(platformPlugin, { name: 'platform' });
