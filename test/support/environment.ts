/**
 * Which external servers the end-to-end suites can use here. A missing server makes its suites skip with a
 * printed reason on a developer's machine; CI sets COURT_LEDGER_REQUIRE_PG / COURT_LEDGER_REQUIRE_FABRIC so
 * that the same absence fails instead.
 */
export interface Availability {
    readonly available: boolean;
    readonly reason?: string;
}

export function postgresServer(): Availability {
    if (process.env.DATABASE_URL) {
        return { available: true };
    }
    return {
        available: false,
        reason: 'DATABASE_URL is not set (start one with `source scripts/ci-postgres.sh && start_ci_postgres`)',
    };
}

/** Calls `define` when the server is available; otherwise prints why it skips, or fails when it is required. */
export function requireOrSkip(
    title: string,
    availability: Availability,
    requiredVariable: string,
    define: () => void,
): void {
    if (availability.available) {
        define();
        return;
    }
    if (process.env[requiredVariable] === '1') {
        describe(title, () => {
            it(`is required (${requiredVariable}=1) but unavailable`, () => {
                throw new Error(`${title}: ${availability.reason ?? 'unavailable'}`);
            });
        });
        return;
    }
    console.log(`  skipping "${title}": ${availability.reason ?? 'unavailable'}`);
}
