import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { digestStream } from '../platform/hashing/digests';
import { verifyReceipt } from '../platform/receipts';
import { anchorVerifiers } from '../platform/receipts/anchor-verifiers';
import { parseFingerprintPins } from '../platform/receipts/hex';
import { bilingual, CliExit, EXIT_CODES } from './exit-codes';

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

/** What a trust file pins. */
export interface TrustFile {
    readonly nodeKey?: string;
    readonly caCertificates?: Record<string, string[]>;
    readonly ordererMspIds?: string[];
}

function pemsOf(entries: unknown): unknown {
    return Array.isArray(entries)
        ? entries.map((entry: unknown) =>
              typeof entry === 'object' && entry !== null ? (entry as { pem?: unknown }).pem : entry,
          )
        : entries;
}

/**
 * Parses a trust file: the JSON `GET /v1/trust` returns (`{"mode":"embedded","nodePublicKey":{"pem":…}}` or
 * `{"mode":"fabric","caCertificates":{"CourtMSP":[{"pem":…}]},"ordererMspIds":[…]}`), or a plain JSON object
 * mapping each MSP id to its CA certificates, as an array of PEM strings or one string holding a PEM bundle,
 * e.g. `{"OrdererMSP": ["-----BEGIN CERTIFICATE-----…"], "CourtMSP": […], "AgencyMSP": […]}`.
 */
export function parseTrustFile(text: string): TrustFile {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new Error('trust file: expected a JSON object (GET /v1/trust, or MSP ids mapped to PEM certificates)');
    }
    const published = value as { mode?: unknown; nodePublicKey?: { pem?: unknown }; caCertificates?: unknown };
    if (published.mode === 'embedded') {
        const pem = published.nodePublicKey?.pem;
        if (typeof pem !== 'string') {
            throw new Error('trust file: nodePublicKey.pem is missing');
        }
        return { nodeKey: pem };
    }
    const map = (published.mode === 'fabric' ? published.caCertificates : value) as Record<string, unknown>;
    const caCertificates = Object.fromEntries(
        Object.entries(map).map(([mspId, pems]) => [mspId, certificatesOf(pemsOf(pems), mspId)]),
    );
    const orderers = (value as { ordererMspIds?: unknown }).ordererMspIds;
    return Array.isArray(orderers) && orderers.every((id): id is string => typeof id === 'string')
        ? { caCertificates, ordererMspIds: orderers }
        : { caCertificates };
}

const VERDICTS = {
    valid: 'receipt valid',
    unpinned:
        'signature valid, signer NOT pinned: the key came from the receipt itself; pin it with --trust ' +
        '(GET /v1/trust) or --fingerprint',
    invalid: 'receipt INVALID',
} as const;

/** Exit code of each verdict (cli/exit-codes.ts). */
const VERDICT_EXIT_CODES = {
    valid: EXIT_CODES.ok,
    invalid: EXIT_CODES.invalid,
    unpinned: EXIT_CODES.unpinned,
} as const;

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
 * `court-ledger verify-receipt <receipt>`: prints each check and the verdict; exit 0 valid, 1 invalid, 3 signature
 * valid but signer not pinned, 4 (`EXIT_CODES.pending`, via {@link CliExit}) when the file is the gateway's pending
 * answer.
 */
export async function verifyReceiptCommand(
    receiptPath: string,
    options: { file?: string; nodeKey?: string; trust?: string; fingerprint?: string; ordererMsp?: string },
): Promise<void> {
    const receipt: unknown = JSON.parse(await readFile(receiptPath, 'utf8'));
    if (isPendingAnswer(receipt)) {
        throw new CliExit(`${receiptPath}: ${PENDING_RECEIPT_MESSAGE}`, EXIT_CODES.pending);
    }
    const fileDigest =
        options.file === undefined ? undefined : (await digestStream(createReadStream(options.file))).sha256;
    const trust = options.trust === undefined ? {} : parseTrustFile(await readFile(options.trust, 'utf8'));
    const trustedNodeKey = options.nodeKey === undefined ? trust.nodeKey : await readFile(options.nodeKey, 'utf8');
    const pins = options.fingerprint === undefined ? {} : parseFingerprintPins(options.fingerprint);
    if (typeof pins === 'string') {
        throw new CliExit(`--fingerprint: ${pins} is neither a SHA-256 fingerprint nor MSP=<sha256>`, EXIT_CODES.error);
    }
    const trustedCaCertificates = trust.caCertificates;
    const ordererMspIds = options.ordererMsp?.split(',').map((id) => id.trim()) ?? trust.ordererMspIds;
    const result = await verifyReceipt(receipt, {
        ...(fileDigest === undefined ? {} : { fileDigest }),
        anchorVerifiers: anchorVerifiers({
            ...(trustedNodeKey === undefined ? {} : { trustedNodeKey }),
            ...(pins.nodeKey === undefined ? {} : { trustedNodeKeyFingerprint: pins.nodeKey }),
            ...(trustedCaCertificates === undefined ? {} : { trustedCaCertificates }),
            ...(pins.caFingerprints === undefined ? {} : { trustedCaFingerprints: pins.caFingerprints }),
            ...(ordererMspIds === undefined ? {} : { trustedOrdererMspIds: ordererMspIds }),
        }),
    });
    for (const check of result.checks) {
        const mark = !check.ok ? 'FAIL' : check.pinned === false ? 'warn' : 'ok  ';
        process.stdout.write(`${mark} ${check.name}${check.detail === undefined ? '' : `: ${check.detail}`}\n`);
    }
    process.stdout.write(`${VERDICTS[result.verdict]}\n`);
    process.exitCode = VERDICT_EXIT_CODES[result.verdict];
}
