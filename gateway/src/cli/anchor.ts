import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { digestStream } from '../platform/hashing/digests';
import { callGateway, postIdempotent } from './http';

const CHUNK = 10_000;

interface AnchorOptions {
    token: string;
    url: string;
    kind: string;
    receipts?: string;
}

async function hashAll(files: readonly string[]): Promise<string[]> {
    const bar = new SingleBar(
        { format: 'hashing {bar} {value}/{total} files', stream: process.stderr },
        Presets.shades_classic,
    );
    const showBar = files.length > 1 && process.stderr.isTTY;
    if (showBar) {
        bar.start(files.length, 0);
    }
    const digests: string[] = [];
    for (const file of files) {
        digests.push((await digestStream(createReadStream(file))).sha256);
        if (showBar) {
            bar.increment();
        }
    }
    if (showBar) {
        bar.stop();
    }
    return digests;
}

export async function anchorCommand(files: string[], options: AnchorOptions): Promise<void> {
    const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' };
    const digests = await hashAll(files);
    for (let start = 0; start < digests.length; start += CHUNK) {
        const items = digests.slice(start, start + CHUNK).map((digest, i) => ({
            digest,
            kind: options.kind,
            ref: path.basename(files[start + i] ?? ''),
        }));
        await postIdempotent(`${options.url}/v1/anchors`, { headers, body: JSON.stringify({ items }) }, [202]);
    }
    files.forEach((file, i) => {
        process.stdout.write(`${digests[i] ?? ''}  ${file}\n`);
    });
    if (options.receipts === undefined) {
        return;
    }
    await mkdir(options.receipts, { recursive: true });
    for (const [i, file] of files.entries()) {
        const digest = digests[i] ?? '';
        for (let attempt = 0; ; attempt++) {
            const { status, body } = await callGateway(
                `${options.url}/v1/anchors/${digest}/receipt`,
                { headers: { authorization: headers.authorization } },
                [200, 202],
            );
            if (status === 200) {
                const target = path.join(options.receipts, `${path.basename(file)}.receipt.json`);
                await writeFile(target, JSON.stringify(body, null, 2) + '\n');
                break;
            }
            if (attempt > 600) {
                throw new Error(`${file}: still pending after 60 s`);
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
    console.error(`receipts written to ${options.receipts}`);
}
