import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where `npm run build` puts the browser bundle, stylesheet and `manifest.json` (gateway/dist/web). */
export const ASSETS_DIR = path.join(__dirname, '..', '..', '..', 'web');

/** The URL prefix the assets are served under. */
export const ASSETS_PREFIX = '/assets/';

/** Logical asset name (`verify.js`, `receipt.js`, `style.css`) → its URL, hashed for long caching. */
export type AssetUrls = Readonly<Record<string, string>>;

/**
 * Reads the manifest the esbuild step wrote; empty when the bundle was not built (the pages then work as
 * plain forms, without scripts or styles).
 */
export function loadAssetUrls(dir = ASSETS_DIR): AssetUrls {
    try {
        const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, string>;
        return Object.fromEntries(Object.entries(manifest).map(([name, file]) => [name, `${ASSETS_PREFIX}${file}`]));
    } catch {
        return {};
    }
}
