/** Small durable-file helpers shared by the embedded ledger's stores. */
import { mkdir, open, readFile, realpath, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** What the embedded ledger logs through (pino's and Fastify's loggers fit, as does `console`). */
export interface LedgerLogger {
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
}

/** fsyncs the directory holding `file`, so a created or renamed entry survives a crash. */
export async function fsyncDirectory(file: string): Promise<void> {
    const dir = await open(path.dirname(file), 'r');
    try {
        await dir.sync();
    } finally {
        await dir.close();
    }
}

/** Writes `file` atomically and durably: temporary file, fsync, rename, fsync of the directory. */
export async function writeFileDurably(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    const handle = await open(temp, 'w', mode);
    try {
        await handle.writeFile(data);
        await handle.sync();
    } finally {
        await handle.close();
    }
    await rename(temp, file);
    await fsyncDirectory(file);
}

const heldLocks = new Set<string>();

function processAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
}

/**
 * An exclusive claim on a data directory (`LOCK` holding the owner's pid), so two gateways never append to
 * the same block file. A lock left by a dead process (kill -9) is taken over.
 */
export class DataDirLock {
    private constructor(
        private readonly file: string,
        private readonly key: string,
    ) {}

    static async acquire(dataDir: string): Promise<DataDirLock> {
        const key = await realpath(dataDir);
        const file = path.join(dataDir, 'LOCK');
        if (heldLocks.has(key)) {
            throw new Error(`embedded ledger data directory ${dataDir} is already open in this process`);
        }
        for (let attempt = 0; ; attempt++) {
            try {
                const handle = await open(file, 'wx', 0o644);
                await handle.writeFile(`${process.pid}\n`);
                await handle.close();
                heldLocks.add(key);
                return new DataDirLock(file, key);
            } catch (error) {
                if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
                    throw error;
                }
            }
            const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
            if (Number.isSafeInteger(owner) && owner !== process.pid && processAlive(owner)) {
                throw new Error(`embedded ledger data directory ${dataDir} is in use by process ${owner}`);
            }
            await unlink(file).catch(() => undefined);
        }
    }

    async release(): Promise<void> {
        heldLocks.delete(this.key);
        await unlink(this.file).catch(() => undefined);
    }
}
