import { generateKeyPairSync } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** File names `court-ledger keygen` writes. */
export const KEY_FILES = { privateKey: 'recipient-key.pem', publicKey: 'recipient-key.pub.pem' } as const;

/**
 * `court-ledger keygen --out DIR`: an ECDSA P-256 key pair for signing acknowledgements of service. The private
 * key (PKCS#8 PEM, mode 0600) never leaves the recipient; the public key (SPKI PEM) goes to the court, which
 * registers it after identity checks. Existing files are never overwritten.
 *
 * @returns the paths written
 */
export async function keygenCommand(options: { out: string }): Promise<{ privateKey: string; publicKey: string }> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', {
        namedCurve: 'P-256',
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    await mkdir(options.out, { recursive: true, mode: 0o700 });
    const files = {
        privateKey: path.join(options.out, KEY_FILES.privateKey),
        publicKey: path.join(options.out, KEY_FILES.publicKey),
    };
    await writeFile(files.privateKey, privateKey, { mode: 0o600, flag: 'wx' });
    await writeFile(files.publicKey, publicKey, { mode: 0o644, flag: 'wx' });
    process.stdout.write(
        `private key: ${files.privateKey} (keep it; mode 0600)\npublic key:  ${files.publicKey} (give it to the court)\n`,
    );
    return files;
}
