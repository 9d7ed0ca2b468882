import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Makes everything this process creates private to its user: folders 0700, files 0600 (the data folder holds
 * the ledger, the index, the documents, the pepper and the JWT secret). Set before any file is created: PGlite
 * and other libraries create files with the process umask.
 */
export function restrictFileModes(): void {
    process.umask(0o077);
}

/** Creates the data folder (0700) if needed and makes it 0700 if it exists with wider permissions. */
export async function prepareDataDir(dataDir: string): Promise<void> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await chmod(dataDir, 0o700);
}

/**
 * Takes group and other permissions away from everything under `root` (folders 0700, files 0600). PGlite
 * copies its initial cluster into place with explicit 0666 modes, whatever the umask: it runs after PGlite
 * opened.
 */
export async function restrictTree(root: string): Promise<void> {
    const info = await lstat(root);
    if (info.isSymbolicLink()) {
        return;
    }
    if ((info.mode & 0o077) !== 0) {
        await chmod(root, info.isDirectory() ? 0o700 : 0o600);
    }
    if (info.isDirectory()) {
        for (const name of await readdir(root)) {
            await restrictTree(path.join(root, name));
        }
    }
}
