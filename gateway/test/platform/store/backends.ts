import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from '../../../src/platform/store/db.js';
import { openDatabase } from '../../../src/platform/store/db.js';
import { openPostgres } from '../../../src/platform/store/pg.js';

/** A fresh, empty database for one suite (or one test), and a way to throw it away. */
export interface TestDatabase {
    readonly db: SqlDatabase;
    /** Another handle on the same database (a second pool on a server; the same instance on PGlite). */
    another(): Promise<SqlDatabase>;
    dispose(): Promise<void>;
}

/** Opens a fresh database of one backend. */
export type MakeTestDatabase = () => Promise<TestDatabase>;

/** PGlite in a temporary directory (removed on dispose). */
export const makePgliteDatabase: MakeTestDatabase = async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-index-'));
    const db = await openDatabase({ dataDir });
    return {
        db,
        another: () => Promise.resolve(db),
        async dispose() {
            await db.close();
            await rm(dataDir, { recursive: true, force: true });
        },
    };
};

/** A PostgreSQL server: a new schema `test_<random>` per database, dropped on dispose. */
export function makeServerDatabase(databaseUrl: string): MakeTestDatabase {
    return async () => {
        const schema = `test_${randomBytes(6).toString('hex')}`;
        const admin = openPostgres(databaseUrl, { max: 1 });
        await admin.query(`CREATE SCHEMA ${schema}`);
        const handles: SqlDatabase[] = [];
        const open = async (): Promise<SqlDatabase> => {
            const db = await openDatabase({ databaseUrl, dataDir: '', schema });
            handles.push(db);
            return db;
        };
        const db = await open();
        return {
            db,
            another: open,
            async dispose() {
                await Promise.all(handles.map((h) => h.close()));
                await admin.query(`DROP SCHEMA ${schema} CASCADE`);
                await admin.close();
            },
        };
    };
}

/**
 * Declares `suite(name, makeDb)` once per backend: PGlite always, and the PostgreSQL server at DATABASE_URL
 * when it is set (a failing placeholder when COURT_LEDGER_REQUIRE_PG=1 without it, a pending one otherwise).
 */
export function forEachBackend(title: string, suite: (name: string, makeDb: MakeTestDatabase) => void): void {
    suite('PGlite', makePgliteDatabase);
    const databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl !== undefined && databaseUrl !== '') {
        suite('PostgreSQL server', makeServerDatabase(databaseUrl));
    } else if (process.env.COURT_LEDGER_REQUIRE_PG === '1') {
        describe(`${title} (PostgreSQL server)`, () => {
            it('needs DATABASE_URL', () => {
                throw new Error('COURT_LEDGER_REQUIRE_PG=1 but DATABASE_URL is not set');
            });
        });
    } else {
        console.log(`skipping ${title} on a PostgreSQL server: DATABASE_URL not set`);
        describe(`${title} (PostgreSQL server)`, () => {
            it('skipped: DATABASE_URL not set');
        });
    }
}
