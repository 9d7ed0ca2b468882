import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '@court-ledger/gateway/dist/src/config';
import { createGateway } from '@court-ledger/gateway/dist/src/gateway';
import type { Role } from '@court-ledger/gateway/dist/src/platform/auth/roles';
import { enrolOn } from '../test/support/cases';

/** A gateway on the embedded default, listening on loopback, for benchmarks. */
export interface BenchGateway {
    readonly app: FastifyInstance;
    readonly url: string;
    token(role: Role, sub: string): string;
    /** Registers `caseId` and records `sub` as its plaintiff, as a clerk (parties act only in their cases). */
    enrol(caseId: string, sub: string): Promise<void>;
    close(): Promise<void>;
}

export async function startBenchGateway(env: Record<string, string> = {}): Promise<BenchGateway> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-bench-'));
    // DATABASE_URL in the environment benchmarks the index on that PostgreSQL server instead of PGlite.
    const database = process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {};
    const config = loadConfig({
        COURT_LEDGER_DATA: dataDir,
        LOG_LEVEL: 'warn',
        JWT_SECRET: 'bench-secret',
        ...database,
        ...env,
    });
    const fastify = await createGateway(config, { logLevel: 'silent' });
    const url = await fastify.listen({ port: 0, host: '127.0.0.1' });
    return {
        app: fastify,
        url,
        token: (role, sub) => fastify.tokens.mint({ role, sub }),
        async enrol(caseId, sub) {
            const clerk = { authorization: `Bearer ${fastify.tokens.mint({ role: 'clerk', sub: 'bench-clerk' })}` };
            await enrolOn(fastify, clerk, caseId, [{ sub }]);
        },
        async close() {
            await fastify.close();
            await rm(dataDir, { recursive: true, force: true });
        },
    };
}
