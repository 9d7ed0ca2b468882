import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import type { Availability } from './environment';
import { REPO_ROOT } from './fabric-network';

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

/**
 * Bundles `contents` (TypeScript re-exports, resolved from the repository root, e.g. of gateway/web modules) with
 * esbuild into one script that defines the global `globalName`, for `page.addScriptTag` on a bare page.
 */
export async function bundleForPage(contents: string, globalName: string): Promise<string> {
    const result = await build({
        stdin: { contents, resolveDir: REPO_ROOT, loader: 'ts' },
        bundle: true,
        write: false,
        format: 'iife',
        globalName,
        platform: 'browser',
        target: ['es2022'],
        logLevel: 'warning',
    });
    return result.outputFiles[0]?.text ?? '';
}
