import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Client } from 'pg';
import type { Role } from '@court-ledger/gateway/dist/src/platform/auth/roles';
import { loadConfig, type GatewayConfig } from '@court-ledger/gateway/dist/src/config';
import { createGateway } from '@court-ledger/gateway/dist/src/gateway';
// Feature decorations tests use (anchoring's `batcher`, enforcement's `enforcementScheduler`): their
// declarations come with the plugins' types.
import type {} from '@court-ledger/gateway/dist/src/features/anchoring/plugin';
import type {} from '@court-ledger/gateway/dist/src/features/enforcement/plugin';
import { fabricConnectionPath } from './environment';

export type DatabaseKind = 'pglite' | 'server';
export type LedgerKind = 'embedded' | 'fabric';

export interface HarnessOptions {
    readonly database: DatabaseKind;
    /** Ledger mode (default embedded); fabric uses the network of {@link fabricConnectionPath}. */
    readonly ledger?: LedgerKind;
    /** Environment overrides for the gateway config (e.g. ANCHOR_INTERVAL_MS). */
    readonly env?: Readonly<Record<string, string>>;
    /** Reuse a data directory (restart tests). */
    readonly dataDir?: string;
    /** Reuse a server database (restart tests). */
    readonly databaseUrl?: string;
}

/** A gateway running in-process on a temp data dir, driven with `inject()`. */
export interface Harness {
    readonly app: FastifyInstance;
    readonly config: GatewayConfig;
    readonly dataDir: string;
    readonly databaseUrl: string | undefined;
    token(role: Role, sub: string): string;
    auth(role: Role, sub: string): { authorization: string };
    /** Stops the gateway; keeps data unless `destroy`. */
    close(options?: { destroy?: boolean }): Promise<void>;
}

async function createServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl === undefined) {
        throw new Error('DATABASE_URL is not set');
    }
    const name = `court_ledger_test_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
        url: url.toString(),
        drop: async () => {
            const c = new Client({ connectionString: adminUrl });
            await c.connect();
            await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await c.end();
        },
    };
}

/**
 * The gateway settings of a ledger mode: none for the embedded default; for Fabric, the network of
 * {@link fabricConnectionPath}. For gateways the harness starts and for real server processes alike.
 */
export function ledgerEnvironment(ledger: LedgerKind): Record<string, string> {
    return ledger === 'fabric' ? { LEDGER_MODE: 'fabric', FABRIC_CONNECTION: fabricConnectionPath() } : {};
}

export async function startGateway(options: HarnessOptions): Promise<Harness> {
    const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'court-ledger-e2e-')));
    let databaseUrl = options.databaseUrl;
    let dropDatabase: (() => Promise<void>) | undefined;
    if (options.database === 'server' && databaseUrl === undefined) {
        const created = await createServerDatabase();
        databaseUrl = created.url;
        dropDatabase = created.drop;
    }
    const config = loadConfig({
        COURT_LEDGER_DATA: dataDir,
        ANCHOR_INTERVAL_MS: '50',
        LOG_LEVEL: 'warn',
        JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret',
        ...ledgerEnvironment(options.ledger ?? 'embedded'),
        ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
        ...options.env,
    });
    const fastify = await createGateway(config, { logLevel: process.env.E2E_LOG_LEVEL ?? 'silent' });
    const token = (role: Role, sub: string): string => fastify.tokens.mint({ role, sub });
    return {
        app: fastify,
        config,
        dataDir,
        databaseUrl,
        token,
        auth: (role, sub) => ({ authorization: `Bearer ${token(role, sub)}` }),
        async close(closeOptions) {
            await fastify.close();
            if (closeOptions?.destroy === true) {
                await dropDatabase?.();
                await rm(dataDir, { recursive: true, force: true });
            }
        },
    };
}
