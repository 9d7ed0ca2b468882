import { postgresServer, requireOrSkip } from './environment';
import type { DatabaseKind } from './gateway-harness';

/** One end-to-end configuration: a ledger mode and an index database. */
export interface E2eMode {
    readonly name: string;
    readonly ledger: 'embedded';
    readonly database: DatabaseKind;
}

/**
 * Defines `suite` once per configuration: embedded ledger on embedded PGlite always, and on a PostgreSQL
 * server when one is available (mandatory in CI).
 */
export function forEachMode(title: string, suite: (mode: E2eMode) => void): void {
    describe(`${title} [embedded ledger, PGlite]`, () => {
        suite({ name: 'embedded/pglite', ledger: 'embedded', database: 'pglite' });
    });
    requireOrSkip(`${title} [embedded ledger, PostgreSQL server]`, postgresServer(), 'COURT_LEDGER_REQUIRE_PG', () => {
        describe(`${title} [embedded ledger, PostgreSQL server]`, () => {
            suite({ name: 'embedded/server', ledger: 'embedded', database: 'server' });
        });
    });
}
