import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { digestStream } from '../hashing/digests';
import { verifyReceipt } from '../receipts';
import { anchorVerifiers } from '../receipts/anchor-verifiers';

export async function verifyReceiptCommand(
    receiptPath: string,
    options: { file?: string; nodeKey?: string },
): Promise<void> {
    const receipt: unknown = JSON.parse(await readFile(receiptPath, 'utf8'));
    const fileDigest =
        options.file === undefined ? undefined : (await digestStream(createReadStream(options.file))).sha256;
    const trustedNodeKey = options.nodeKey === undefined ? undefined : await readFile(options.nodeKey, 'utf8');
    const result = verifyReceipt(receipt, {
        ...(fileDigest === undefined ? {} : { fileDigest }),
        anchorVerifiers: anchorVerifiers({ ...(trustedNodeKey === undefined ? {} : { trustedNodeKey }) }),
    });
    for (const check of result.checks) {
        process.stdout.write(
            `${check.ok ? 'ok  ' : 'FAIL'} ${check.name}${check.detail === undefined ? '' : `: ${check.detail}`}\n`,
        );
    }
    if (!result.ok) {
        process.stdout.write('receipt INVALID\n');
        process.exitCode = 1;
        return;
    }
    process.stdout.write('receipt valid\n');
}
