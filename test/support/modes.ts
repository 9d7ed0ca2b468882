import { fabricNetwork, postgresServer, requireOrSkip } from './environment';
import type { DatabaseKind, LedgerKind } from './gateway-harness';

/** One end-to-end configuration: a ledger mode and an index database. */
export interface E2eMode {
    readonly name: string;
    readonly ledger: LedgerKind;
    readonly database: DatabaseKind;
}

/**
 * Defines `suite` once per configuration: embedded ledger on embedded PGlite always, and on a PostgreSQL
 * server when one is available (mandatory in CI); the Fabric ledger (with a PostgreSQL server, or PGlite when
 * there is none) when a Fabric network answers (mandatory with COURT_LEDGER_REQUIRE_FABRIC=1). The Fabric
 * network is shared and keeps its history: suites use fresh ids and digests and never assume an empty ledger.
 */
export function forEachMode(title: string, suite: (mode: E2eMode) => void): void {
    describe(`${title} [embedded ledger, PGlite]`, () => {
        suite({ name: 'embedded/pglite', ledger: 'embedded', database: 'pglite' });
    });
    const server = postgresServer();
    requireOrSkip(`${title} [embedded ledger, PostgreSQL server]`, server, 'COURT_LEDGER_REQUIRE_PG', () => {
        describe(`${title} [embedded ledger, PostgreSQL server]`, () => {
            suite({ name: 'embedded/server', ledger: 'embedded', database: 'server' });
        });
    });
    const database: DatabaseKind = server.available ? 'server' : 'pglite';
    const fabricTitle = `${title} [Fabric ledger, ${server.available ? 'PostgreSQL server' : 'PGlite'}]`;
    requireOrSkip(fabricTitle, fabricNetwork(), 'COURT_LEDGER_REQUIRE_FABRIC', () => {
        describe(fabricTitle, function () {
            this.timeout(120_000);
            suite({ name: `fabric/${database}`, ledger: 'fabric', database });
        });
    });
}

/**
 * Defines `suite` once per ledger mode, for tests that choose their own database (e.g. a real server process
 * on PGlite): the embedded ledger always, the Fabric ledger when a network answers (mandatory with
 * COURT_LEDGER_REQUIRE_FABRIC=1; shared and keeping its history, as in {@link forEachMode}).
 */
export function forEachLedger(title: string, suite: (ledger: LedgerKind) => void): void {
    describe(`${title} [embedded ledger]`, () => {
        suite('embedded');
    });
    const fabricTitle = `${title} [Fabric ledger]`;
    requireOrSkip(fabricTitle, fabricNetwork(), 'COURT_LEDGER_REQUIRE_FABRIC', () => {
        describe(fabricTitle, () => {
            suite('fabric');
        });
    });
}
