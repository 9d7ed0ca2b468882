import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecordingVerification } from '../features/recordings/schemas';
import { digestStream } from '../platform/hashing/digests';
import { postIdempotent } from './http';

/** Options of `court-ledger verify-recording`. */
export interface VerifyRecordingOptions {
    readonly session: string;
    readonly token: string;
    readonly url: string;
    /** A file of segment digests, one per line (seq 1 first); `sha256sum` output is accepted. */
    readonly digests?: string;
}

/** Natural order of segment file names (`seg-2` before `seg-10`), independent of the machine's locale. */
const byName = new Intl.Collator('en', { numeric: true }).compare;

/** The segment files of a folder in segment order: its regular files, hidden ones excepted, by natural name order. */
export async function segmentFiles(folder: string): Promise<string[]> {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
        .map((entry) => entry.name)
        .sort(byName)
        .map((name) => path.join(folder, name));
}

/** Digests from a list file: the first word of each non-empty line, 64 hex digits. */
export function parseDigestList(text: string): string[] {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim().split(/\s+/)[0] ?? '')
        .filter((word) => word !== '')
        .map((word, i) => {
            if (!/^[0-9A-Fa-f]{64}$/.test(word)) {
                throw new Error(`line ${i + 1}: not a SHA-256 digest: ${word}`);
            }
            return word.toLowerCase();
        });
}

/**
 * `court-ledger verify-recording [folder] --session <id>`: hashes the segment files of a folder (or reads a
 * list of digests) and asks the gateway whether they are the session's recording, segment by segment. Exit
 * code 0 when intact, 1 when not (naming the segments that differ).
 */
export async function verifyRecordingCommand(
    folder: string | undefined,
    options: VerifyRecordingOptions,
): Promise<void> {
    let digests: string[];
    let names: string[] = [];
    if (options.digests !== undefined) {
        digests = parseDigestList(await readFile(options.digests, 'utf8'));
    } else if (folder !== undefined) {
        names = await segmentFiles(folder);
        digests = [];
        for (const file of names) {
            digests.push((await digestStream(createReadStream(file))).sha256);
        }
    } else {
        throw new Error('give a folder of segment files or --digests <file>');
    }
    const { body } = await postIdempotent(
        `${options.url}/v1/recordings/${encodeURIComponent(options.session)}/verify`,
        {
            headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ digests }),
        },
    );
    const result = body as RecordingVerification;
    const label = (seq: number): string => {
        const name = names[seq - 1];
        return name === undefined ? `#${seq}` : `#${seq} (${path.basename(name)})`;
    };
    process.stdout.write(JSON.stringify(body, null, 2) + '\n');
    if (result.intact) {
        const anchored = result.anchoredClosing;
        console.error(
            `完整：${result.segmentCount} 个片段，顺序一致` +
                (anchored === undefined
                    ? '（会话未结束）'
                    : `，结束值${anchored.matches ? '与锚定值一致' : '与锚定值不符'}`) +
                ` / intact: ${result.segmentCount} segments in order` +
                (anchored === undefined
                    ? ' (session still open)'
                    : `, closing value ${anchored.matches ? 'matches' : 'differs from'} the anchored one`),
        );
        process.exitCode = anchored === undefined || anchored.matches ? 0 : 1;
        return;
    }
    for (const change of result.changed) {
        console.error(`片段 ${label(change.seq)} 不同 / segment ${label(change.seq)} differs`);
    }
    for (const gone of result.missing) {
        console.error(`缺少片段 #${gone.seq} / segment #${gone.seq} missing`);
    }
    for (const extra of result.added) {
        console.error(`多出片段 ${label(extra.seq)} / segment ${label(extra.seq)} was not recorded`);
    }
    process.exitCode = 1;
}
