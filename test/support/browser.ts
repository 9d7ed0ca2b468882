import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { Availability } from './environment';

/** Debian's Chromium (`apt-get install chromium`, done by .ci/run), or CHROMIUM_PATH. */
export function chromiumPath(): string {
    return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/**
 * Whether the browser suites can run: Playwright drives the system Chromium (its own browser download cannot
 * work here). Missing → the suite skips with this reason, unless COURT_LEDGER_REQUIRE_BROWSER=1 (CI).
 */
export function chromiumBrowser(): Availability {
    const executable = chromiumPath();
    return existsSync(executable)
        ? { available: true }
        : {
              available: false,
              reason: `no Chromium at ${executable} (apt-get install chromium, or set CHROMIUM_PATH)`,
          };
}

/** Launches the system Chromium headless (no sandbox: CI runs as root). */
export function launchChromium(): Promise<Browser> {
    return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
}
