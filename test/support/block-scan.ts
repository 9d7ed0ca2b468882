/**
 * Scans ledger blocks for personal data, as an organisation holding them would: the raw bytes, every base64
 * run decoded (rwset values are base64 inside JSON), and each secret also as base64, hex and UTF-16LE.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Every file of the embedded ledger's chain (the blocks), raw. */
export async function embeddedBlockFiles(dataDir: string): Promise<Buffer[]> {
    const dir = path.join(dataDir, 'ledger', 'chain');
    const names = await readdir(dir);
    return Promise.all(names.map((name) => readFile(path.join(dir, name))));
}

/** The embedded ledger's private data store (the court's collections), raw. */
export async function embeddedPrivateStore(dataDir: string): Promise<Buffer> {
    return readFile(path.join(dataDir, 'ledger', 'pvtdata', 'pvtdata.dat'));
}

/** What a scan looks through: the bytes as latin1 text plus every base64 run in them decoded. */
export class BlockScan {
    private readonly raw: Buffer;
    private readonly text: string;

    constructor(blocks: readonly Buffer[]) {
        this.raw = Buffer.concat(blocks.flatMap((block) => [block, Buffer.from('\n')]));
        const latin1 = this.raw.toString('latin1');
        const decoded = (latin1.match(/[A-Za-z0-9+/]{16,}={0,2}/g) ?? []).map((run) =>
            Buffer.from(run, 'base64').toString('latin1'),
        );
        this.text = [latin1, ...decoded].join('\n');
    }

    /** True when the blocks hold `value` as UTF-8 text (raw or inside a base64 run). */
    holds(value: string): boolean {
        return this.text.includes(Buffer.from(value, 'utf8').toString('latin1'));
    }

    /**
     * The forms in which `secret` appears in the blocks: `utf8` (raw or in a decoded base64 run), `base64`,
     * `hex` (as text, lower or upper case) and `utf16le` (its UTF-16LE bytes). Empty when it appears in none.
     */
    findings(secret: string): string[] {
        const bytes = Buffer.from(secret, 'utf8');
        const found: string[] = [];
        if (this.holds(secret)) {
            found.push('utf8');
        }
        const base64 = bytes.toString('base64').replace(/=+$/, '');
        if (base64.length >= 8 && this.text.includes(base64)) {
            found.push('base64');
        }
        const hex = bytes.toString('hex');
        if (this.text.includes(hex) || this.text.includes(hex.toUpperCase())) {
            found.push('hex');
        }
        if (this.raw.includes(Buffer.from(secret, 'utf16le'))) {
            found.push('utf16le');
        }
        return found;
    }
}
