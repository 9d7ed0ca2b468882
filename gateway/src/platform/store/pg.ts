import pg from 'pg';
import type { SqlDatabase, SqlExecutor, SqlParam } from './db.js';
import { parseInt8 } from './parse.js';

/** Type parsers of every pool: the node-postgres defaults, except `int8` → safe JavaScript number. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, parseInt8);

/** Options of {@link openPostgres}. */
export interface PostgresOptions {
    /** A schema that must already exist, set as the `search_path` of every connection. */
    readonly schema?: string | undefined;
    /** Pool size (default 10). */
    readonly max?: number | undefined;
}

class ClientExecutor implements SqlExecutor {
    constructor(private readonly client: pg.ClientBase) {}

    async query<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
        const result = await this.client.query(sql, [...params]);
        return result.rows as T[];
    }
}

class PostgresDatabase implements SqlDatabase {
    readonly kind = 'postgres';

    constructor(private readonly pool: pg.Pool) {}

    async query<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
        const result = await this.pool.query(sql, [...params]);
        return result.rows as T[];
    }

    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
        const client = await this.pool.connect();
        let broken = false;
        // pg-pool listens for errors on idle clients only: a server that goes away while this client is checked
        // out (between statements) would otherwise be an uncaught 'error' event that ends the process.
        const onError = (): void => {
            broken = true;
        };
        client.on('error', onError);
        try {
            await client.query('BEGIN');
            const result = await fn(new ClientExecutor(client));
            await client.query('COMMIT');
            return result;
        } catch (error) {
            try {
                await client.query('ROLLBACK');
            } catch {
                broken = true; // connection is unusable; let the pool discard it
            }
            throw error;
        } finally {
            client.removeListener('error', onError);
            client.release(broken);
        }
    }

    close(): Promise<void> {
        return this.pool.end();
    }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens a node-postgres pool on `databaseUrl`; `int8` values are parsed into safe JavaScript numbers.
 * A `schema` must be a plain lower-case identifier.
 */
export function openPostgres(databaseUrl: string, options: PostgresOptions = {}): SqlDatabase {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
        throw new Error(`schema name "${options.schema}" must match ${String(SCHEMA_NAME)}`);
    }
    const pool = new pg.Pool({
        connectionString: databaseUrl,
        max: options.max ?? 10,
        types,
        ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
    });
    // An idle client losing its connection emits 'error' on the pool; without a listener that is fatal.
    pool.on('error', () => undefined);
    return new PostgresDatabase(pool);
}
