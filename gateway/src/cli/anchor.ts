import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { digestStream } from '../platform/hashing/digests';
import { bilingual, CliExit, EXIT_CODES } from './exit-codes';
import { callGateway, postIdempotent } from './http';

const CHUNK = 10_000;

/** Options of `court-ledger anchor`. */
export interface AnchorOptions {
    readonly token: string;
    readonly url: string;
    readonly kind: string;
    /** Wait until every receipt is final and write them (into `receipts`, default the current folder). */
    readonly wait?: boolean;
    /** Folder for `<file>.receipt.json`; given alone it also waits (as before `--wait`). */
    readonly receipts?: string;
    /** Longest wait for the receipts, seconds (default {@link DEFAULT_WAIT_SECONDS}). */
    readonly timeout?: number;
}

/** How long `--wait` waits by default, seconds. */
export const DEFAULT_WAIT_SECONDS = 120;

/** Pause between two polls of a pending receipt, milliseconds. */
const POLL_MS = 200;

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

/** Progress of the wait on stderr: a bar on a terminal, else one line whenever the count changes. */
function waitProgress(total: number): { update(done: number): void; stop(): void } {
    if (process.stderr.isTTY) {
        const bar = new SingleBar(
            { format: '等待回执 waiting for receipts {bar} {value}/{total}', stream: process.stderr },
            Presets.shades_classic,
        );
        bar.start(total, 0);
        return {
            update(done) {
                bar.update(done);
            },
            stop() {
                bar.stop();
            },
        };
    }
    let shown = -1;
    return {
        update(done) {
            if (done !== shown) {
                shown = done;
                process.stderr.write(`回执已确定 receipts final: ${done}/${total}\n`);
            }
        },
        stop() {
            // one line per change was written already
        },
    };
}

/**
 * Polls `GET /v1/anchors/{digest}/receipt` until every item's receipt is final (200), writing each to
 * `<dir>/<file>.receipt.json` as it arrives; throws a {@link CliExit} with `EXIT_CODES.pending` after
 * `timeoutSeconds`. Items are batched in the order posted, so a round stops at the first still pending.
 */
async function waitForReceipts(
    files: readonly string[],
    digests: readonly string[],
    options: { url: string; authorization: string; dir: string; timeoutSeconds: number },
): Promise<void> {
    await mkdir(options.dir, { recursive: true });
    const deadline = Date.now() + options.timeoutSeconds * 1000;
    const progress = waitProgress(files.length);
    let next = 0;
    try {
        for (;;) {
            for (; next < files.length; next++) {
                const file = files[next] ?? '';
                const { status, body } = await callGateway(
                    `${options.url}/v1/anchors/${digests[next] ?? ''}/receipt`,
                    { headers: { authorization: options.authorization } },
                    [200, 202],
                );
                if (status !== 200) {
                    break;
                }
                const target = path.join(options.dir, `${path.basename(file)}.receipt.json`);
                await writeFile(target, JSON.stringify(body, null, 2) + '\n');
            }
            progress.update(next);
            if (next === files.length) {
                return;
            }
            const left = deadline - Date.now();
            if (left <= 0) {
                const pending = files.length - next;
                throw new CliExit(
                    bilingual(
                        `等待 ${options.timeoutSeconds} 秒后仍有 ${pending}/${files.length} 份回执未确定（从 ${files[next] ?? ''} 起）；稍后重新获取，或加大 --timeout。`,
                        `still pending after ${options.timeoutSeconds} s: ${pending} of ${files.length} receipts (from ${files[next] ?? ''} on); fetch them again later or raise --timeout`,
                    ),
                    EXIT_CODES.pending,
                );
            }
            await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
        }
    } finally {
        progress.stop();
    }
}

/**
 * `court-ledger anchor <files…>`: hashes the files, posts their digests (chunks of 10 000, each with an
 * Idempotency-Key) and prints `digest  file`; with `--wait` (or `--receipts`) waits for every final receipt.
 */
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
    if (options.wait !== true && options.receipts === undefined) {
        return;
    }
    const dir = options.receipts ?? '.';
    await waitForReceipts(files, digests, {
        url: options.url,
        authorization: headers.authorization,
        dir,
        timeoutSeconds: options.timeout ?? DEFAULT_WAIT_SECONDS,
    });
    process.stderr.write(bilingual(`回执已写入 ${dir}`, `receipts written to ${dir}`) + '\n');
}
