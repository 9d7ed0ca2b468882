// Bundles the browser sources (gateway/web) with esbuild into gateway/dist/web under content-hashed names and
// writes dist/web/manifest.json (logical name → file) for the pages. Run by `npm run build` after `tsc -b`
// (the bundle imports the compiled @court-ledger packages).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const gateway = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(gateway, 'dist', 'web');
await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

const result = await build({
    entryPoints: { verify: path.join(gateway, 'web', 'verify.ts'), receipt: path.join(gateway, 'web', 'receipt.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: true,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    outdir,
    metafile: true,
    logLevel: 'warning',
});

const manifest = {};
for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (output.entryPoint !== undefined && file.endsWith('.js')) {
        manifest[`${path.basename(output.entryPoint, '.ts')}.js`] = path.basename(file);
    }
}
const css = await readFile(path.join(gateway, 'web', 'style.css'));
const cssName = `style-${createHash('sha256').update(css).digest('hex').slice(0, 10)}.css`;
await writeFile(path.join(outdir, cssName), css);
manifest['style.css'] = cssName;
await writeFile(path.join(outdir, 'manifest.json'), `${JSON.stringify(manifest, null, 4)}\n`);
process.stdout.write(`web bundle: ${Object.values(manifest).join(', ')}\n`);
