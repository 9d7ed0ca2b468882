import { expect } from 'chai';
import pg from 'pg';
import { openPostgres } from '../../../src/platform/store/pg.js';

/**
 * A PostgreSQL server that drops a connection while a transaction holds it (server restart, administrator,
 * network): the transaction must fail like any database error, and the process must not die of an unhandled
 * 'error' event (pg-pool listens on idle clients only).
 */
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl !== undefined && databaseUrl !== '') {
    describe('index on a PostgreSQL server: connection lost inside a transaction', () => {
        it('rejects the transaction, and the pool serves the next query on a new connection', async () => {
            const db = openPostgres(databaseUrl, { max: 2 });
            const admin = new pg.Client({ connectionString: databaseUrl });
            await admin.connect();
            try {
                let failure: unknown;
                try {
                    await db.transaction(async (tx) => {
                        const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
                        await admin.query('SELECT pg_terminate_backend($1)', [row?.pid]);
                        // The server's FATAL arrives while the client is checked out and between statements.
                        await new Promise((resolve) => setTimeout(resolve, 500));
                        await tx.query('SELECT 1');
                    });
                } catch (error) {
                    failure = error;
                }
                expect(failure, 'the transaction fails').to.be.instanceOf(Error);
                expect(await db.query<{ one: number }>('SELECT 1 AS one')).to.deep.equal([{ one: 1 }]);
            } finally {
                await admin.end();
                await db.close();
            }
        });
    });
} else if (process.env.COURT_LEDGER_REQUIRE_PG === '1') {
    describe('index on a PostgreSQL server: connection lost inside a transaction', () => {
        it('needs DATABASE_URL', () => {
            throw new Error('COURT_LEDGER_REQUIRE_PG=1 but DATABASE_URL is not set');
        });
    });
} else {
    console.log('skipping the connection-loss test: DATABASE_URL not set');
}
