import path from 'node:path';
import { openPostgres } from './pg.js';
import { openPglite } from './pglite.js';

/**
 * A value the adapters accept as a query parameter. Arrays become PostgreSQL arrays, `Buffer`s `bytea`,
 * plain objects `json`/`jsonb` (cast in the SQL text).
 */
export type SqlParam = string | number | boolean | null | Date | Buffer | readonly SqlParam[] | object;

/**
 * Something that runs one SQL statement at a time: the database itself or an open transaction.
 *
 * Both adapters return the same JavaScript types: `bigint`/`int8` → `number` (an error if it exceeds
 * `Number.MAX_SAFE_INTEGER`), `bytea` → `Buffer`, `timestamptz` → `Date`, `json`/`jsonb` → parsed value,
 * arrays → arrays. `numeric` is not used by the index.
 */
export interface SqlExecutor {
    /**
     * Runs one statement (no `;`-separated scripts) with `$1…$n` parameters and returns its rows.
     * The row type is the caller's promise; nothing checks it at run time.
     */
    query<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
}

/** The small database surface the index layer needs, implemented for PGlite and for a PostgreSQL server. */
export interface SqlDatabase extends SqlExecutor {
    /** Which backend this is (for logs and health output). */
    readonly kind: 'pglite' | 'postgres';
    /**
     * Runs `fn` inside `BEGIN … COMMIT` on a single connection; any error thrown by `fn` (or by a
     * statement) rolls back and is rethrown. On PGlite, transactions and plain queries are serialised by
     * PGlite's own mutex, so a transaction never sees another caller's statements.
     */
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
    /** Closes the connection(s). The object must not be used afterwards. */
    close(): Promise<void>;
}

/** Where the index lives. */
export interface OpenDatabaseOptions {
    /** PostgreSQL server URL (`DATABASE_URL`); when absent, PGlite stores its files under `dataDir/pg`. */
    readonly databaseUrl?: string | undefined;
    /** The gateway data directory (used for PGlite only). */
    readonly dataDir: string;
    /**
     * Server only: a schema that must already exist, put first on every connection's `search_path`
     * (tests use a throw-away schema per run).
     */
    readonly schema?: string | undefined;
    /** Server only: the pool size (default 10). */
    readonly maxConnections?: number | undefined;
}

/** Opens the index database: a PostgreSQL server pool when `databaseUrl` is set, PGlite otherwise. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<SqlDatabase> {
    if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
        return openPostgres(options.databaseUrl, { schema: options.schema, max: options.maxConnections });
    }
    return openPglite(path.join(options.dataDir, 'pg'));
}
