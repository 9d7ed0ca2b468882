import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import pino from 'pino';
import { loadConfig } from '../src/config';
import anchoringPlugin from '../src/features/anchoring/plugin';
import evidencePlugin from '../src/features/evidence/plugin';
import enforcementPlugin from '../src/features/enforcement/plugin';
import guaranteesPlugin from '../src/features/guarantees/plugin';
import recordingsPlugin from '../src/features/recordings/plugin';
import serviceOfProcessPlugin from '../src/features/service-of-process/plugin';
import verifyPlugin from '../src/features/verify/plugin';
import authPlugin from '../src/platform/auth/plugin';
import errorsPlugin from '../src/platform/http/error-plugin';
import { fastifyOptions } from '../src/platform/http/server-options';
import metricsPlugin from '../src/platform/ops/metrics';
import platformPlugin, { SHARED_SERVICES, type PlatformServices } from '../src/platform/plugins';
import { createServices } from '../src/services';

/** What fastify-plugin records on a plugin. */
interface PluginMeta {
    readonly name: string;
    readonly dependencies?: readonly string[];
}

function metaOf(plugin: FastifyPluginAsync): PluginMeta {
    return (plugin as unknown as Record<symbol, PluginMeta>)[Symbol.for('plugin-meta')]!;
}

/** Each feature plugin and the decorations it owns. */
const FEATURES: readonly { plugin: FastifyPluginAsync; owns: readonly string[] }[] = [
    { plugin: evidencePlugin, owns: [] },
    { plugin: verifyPlugin, owns: [] },
    { plugin: anchoringPlugin, owns: ['batcher', 'pendingItems'] },
    { plugin: serviceOfProcessPlugin, owns: [] },
    { plugin: guaranteesPlugin, owns: [] },
    { plugin: enforcementPlugin, owns: ['enforcementScheduler'] },
    { plugin: recordingsPlugin, owns: [] },
];

/** The platform plugins a feature may depend on: one per shared service, plus auth and metrics. */
const PLATFORM_PLUGINS = [...SHARED_SERVICES, 'auth', 'metrics'];

describe('app wiring: feature plugins', function () {
    this.timeout(120_000);
    let dataDir: string;
    let services: PlatformServices;
    const log = pino({ level: 'silent' });
    const config = () =>
        loadConfig({ COURT_LEDGER_DATA: dataDir, LOG_LEVEL: 'silent', JWT_SECRET: 'wiring-secret-wiring-secret-12' });

    before(async function () {
        dataDir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-wiring-'));
        services = await createServices(config(), log);
    });

    after(async function () {
        await services.close();
        await rm(dataDir, { recursive: true, force: true });
    });

    /** An app with the platform only; its close leaves the shared services open for the next app. */
    async function platformApp(): Promise<FastifyInstance> {
        const app = Fastify(fastifyOptions(config(), log));
        await app.register(errorsPlugin);
        await app.register(metricsPlugin);
        await app.register(platformPlugin, { services: { ...services, close: () => Promise.resolve() } });
        await app.register(authPlugin);
        return app;
    }

    it('depend only on platform plugins, never on another feature', function () {
        for (const { plugin } of FEATURES) {
            const { name, dependencies } = metaOf(plugin);
            expect(dependencies, name).to.not.be.empty;
            for (const dependency of dependencies ?? []) {
                expect(PLATFORM_PLUGINS, `${name} depends on ${dependency}`).to.include(dependency);
            }
        }
    });

    it('each adds only the decorations it owns', async function () {
        for (const { plugin, owns } of FEATURES) {
            const app = await platformApp();
            try {
                await app.after();
                const before = new Set(Object.keys(app));
                expect(before, 'the platform decorates the shared services').to.include.all.keys(...SHARED_SERVICES);
                await app.register(plugin);
                await app.ready();
                const added = Object.keys(app).filter((key) => !before.has(key));
                expect(added.sort(), metaOf(plugin).name).to.deep.equal([...owns].sort());
            } finally {
                await app.close();
            }
        }
    });

    it('refuses a feature whose platform dependency is missing, naming it', async function () {
        const app = Fastify(fastifyOptions(config(), log));
        try {
            await app.register(evidencePlugin);
            await app.ready();
            expect.fail('registered without the platform');
        } catch (error) {
            expect((error as { code?: string }).code).to.equal('FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED');
            expect((error as Error).message)
                .to.include("'config'")
                .and.include("'evidence'");
        } finally {
            await app.close().catch(() => undefined);
        }
    });
});
