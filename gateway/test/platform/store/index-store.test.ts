import { makePgliteDatabase, makeServerDatabase } from './backends.js';
import { describeIndexSuite } from './suite.js';

describeIndexSuite('PGlite', makePgliteDatabase);

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl !== undefined && databaseUrl !== '') {
    describeIndexSuite('PostgreSQL server', makeServerDatabase(databaseUrl));
} else if (process.env.COURT_LEDGER_REQUIRE_PG === '1') {
    describe('index store (PostgreSQL server)', () => {
        it('needs DATABASE_URL', () => {
            throw new Error('COURT_LEDGER_REQUIRE_PG=1 but DATABASE_URL is not set');
        });
    });
} else {
    console.log('skipping PostgreSQL-server suite: DATABASE_URL not set');
    describe('index store (PostgreSQL server)', () => {
        it('skipped: DATABASE_URL not set');
    });
}
