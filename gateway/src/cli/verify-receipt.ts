import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { digestStream } from '../platform/hashing/digests';
import { verifyReceipt } from '../platform/receipts';
import { anchorVerifiers } from '../platform/receipts/anchor-verifiers';
import { bilingual, CliExit, EXIT_CODES } from './exit-codes';

/** The ordering organisation trusted with `--trust` when `--orderer-msp` is not given. */
export const DEFAULT_ORDERER_MSP = 'OrdererMSP';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function certificatesOf(value: unknown, mspId: string): string[] {
    const texts = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
    if (texts === undefined || !texts.every((text): text is string => typeof text === 'string')) {
        throw new Error(`trust file: ${mspId} must map to a PEM string or an array of PEM strings`);
    }
    const certificates = texts.flatMap((text) => text.match(PEM_CERTIFICATE) ?? []).map((pem) => `${pem}\n`);
    if (certificates.length === 0) {
        throw new Error(`trust file: ${mspId} has no PEM certificate`);
    }
    return certificates;
}

/**
 * Parses a Fabric trust file: a JSON object mapping each MSP id to its CA certificates, as an array of PEM
 * strings or one string holding a PEM bundle, e.g. `{"OrdererMSP": ["-----BEGIN CERTIFICATE-----…"],
 * "CourtMSP": […], "AgencyMSP": […]}`.
 */
export function parseTrustFile(text: string): Record<string, string[]> {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new Error('trust file: expected a JSON object mapping MSP ids to PEM certificates');
    }
    return Object.fromEntries(Object.entries(value).map(([mspId, pems]) => [mspId, certificatesOf(pems, mspId)]));
}

/** What `GET /v1/anchors/{digest}/receipt` answers (202) while the item's batch is not on the ledger. */
function isPendingAnswer(value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { status?: unknown }).status === 'pending';
}

/** Said of a receipt file that holds the gateway's "pending" answer instead of a receipt. */
export const PENDING_RECEIPT_MESSAGE = bilingual(
    '此回执仍在等待上链：所在批次尚未写入账本，请稍后重新获取（或使用 court-ledger anchor --wait）。',
    'this receipt is still pending (its batch is not on the ledger yet); fetch it again (or use court-ledger anchor --wait)',
);

/**
 * `court-ledger verify-receipt <receipt>`: prints each check and the verdict; exit 0 valid, 1 invalid,
 * 4 (`EXIT_CODES.pending`, via {@link CliExit}) when the file is the gateway's pending answer.
 */
export async function verifyReceiptCommand(
    receiptPath: string,
    options: { file?: string; nodeKey?: string; trust?: string; ordererMsp?: string },
): Promise<void> {
    const receipt: unknown = JSON.parse(await readFile(receiptPath, 'utf8'));
    if (isPendingAnswer(receipt)) {
        throw new CliExit(`${receiptPath}: ${PENDING_RECEIPT_MESSAGE}`, EXIT_CODES.pending);
    }
    const fileDigest =
        options.file === undefined ? undefined : (await digestStream(createReadStream(options.file))).sha256;
    const trustedNodeKey = options.nodeKey === undefined ? undefined : await readFile(options.nodeKey, 'utf8');
    const trustedCaCertificates =
        options.trust === undefined ? undefined : parseTrustFile(await readFile(options.trust, 'utf8'));
    const ordererMspIds =
        options.ordererMsp?.split(',').map((id) => id.trim()) ??
        (trustedCaCertificates === undefined ? undefined : [DEFAULT_ORDERER_MSP]);
    const result = verifyReceipt(receipt, {
        ...(fileDigest === undefined ? {} : { fileDigest }),
        anchorVerifiers: anchorVerifiers({
            ...(trustedNodeKey === undefined ? {} : { trustedNodeKey }),
            ...(trustedCaCertificates === undefined ? {} : { trustedCaCertificates }),
            ...(ordererMspIds === undefined ? {} : { trustedOrdererMspIds: ordererMspIds }),
        }),
    });
    for (const check of result.checks) {
        process.stdout.write(
            `${check.ok ? 'ok  ' : 'FAIL'} ${check.name}${check.detail === undefined ? '' : `: ${check.detail}`}\n`,
        );
    }
    if (!result.ok) {
        process.stdout.write('receipt INVALID\n');
        process.exitCode = EXIT_CODES.invalid;
        return;
    }
    process.stdout.write('receipt valid\n');
}
