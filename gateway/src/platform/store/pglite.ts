// The ESM declarations: the same ones the dynamic import() below resolves to.
import type { PGlite, Transaction } from '@electric-sql/pglite' with { 'resolution-mode': 'import' };
import { mkdir } from 'node:fs/promises';
import { restrictTree } from './data-dir.js';
import type { SqlDatabase, SqlExecutor, SqlParam } from './db.js';
import { parseBytea, parseInt8 } from './parse.js';

const INT8_OID = 20;
const BYTEA_OID = 17;

class PgliteExecutor implements SqlExecutor {
    constructor(private readonly target: Pick<Transaction, 'query'>) {}

    async query<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
        const result = await this.target.query<T>(sql, [...params]);
        return result.rows;
    }
}

class PgliteDatabase extends PgliteExecutor implements SqlDatabase {
    readonly kind = 'pglite';

    constructor(private readonly pglite: PGlite) {
        super(pglite);
    }

    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
        return this.pglite.transaction((tx) => fn(new PgliteExecutor(tx)));
    }

    close(): Promise<void> {
        return this.pglite.closed ? Promise.resolve() : this.pglite.close();
    }
}

/**
 * Opens (creating if needed) an embedded PGlite database stored in `directory`.
 * PGlite is an ES module; the dynamic `import()` stays a real `import()` in the CommonJS build
 * (TypeScript `module: node16`), so it is loaded only when the embedded database is used. The files are made
 * private to the user (PGlite writes its initial cluster 0666).
 */
export async function openPglite(directory: string): Promise<SqlDatabase> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create(directory, {
        parsers: { [INT8_OID]: parseInt8, [BYTEA_OID]: parseBytea },
    });
    await restrictTree(directory);
    return new PgliteDatabase(pglite);
}
