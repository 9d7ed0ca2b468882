import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Returns `configured` when set; otherwise reads the secret kept in `<dataDir>/<fileName>`, generating 32
 * random bytes (base64url, file mode 0600) on first use. Two processes starting together agree: the file is
 * created exclusively and whoever loses the race reads the winner's secret.
 *
 * Used for the development JWT signing secret (`jwt-secret`) and the court pepper (`pepper`).
 */
export async function loadOrCreateSecret(dataDir: string, fileName: string, configured?: string): Promise<string> {
    if (configured !== undefined) {
        return configured;
    }
    const file = path.join(dataDir, fileName);
    try {
        return (await readFile(file, 'utf8')).trim();
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
            throw error;
        }
    }
    await mkdir(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    await writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
            throw error;
        }
    });
    return (await readFile(file, 'utf8')).trim();
}
