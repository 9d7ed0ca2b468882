/**
 * Offline verification of an embedded-ledger transaction proof (architecture.md, "Receipts"). Pure and
 * browser-safe (WebCrypto, @peculiar/x509, no Node built-ins): takes the proof as parsed from a receipt and
 * recomputes the transaction hash, the block's data hash, the header signature and, when the transaction
 * records endorsements, each endorser's signature of the proposal response hash; needs nothing from a running
 * ledger. The same module runs in `court-ledger verify-receipt` and in the gateway's /receipt page.
 */
import { commonProofProblems, isRecord, type TransactionProof } from '@court-ledger/ledger-api/proof';
import { dataHashInput, headerBytes, proposalResponseBytes, transactionBytes } from './chain-bytes';
import type { BlockHeader, EndorserTransaction } from './envelope';
import { importP256Key, sha256HexAsync, toHex, verifyDerSignature } from './web-signatures';
import { X509Certificate } from './x509';

/** The embedded ledger's {@link TransactionProof}. */
export interface EmbeddedTransactionProof extends TransactionProof {
    readonly mode: 'embedded';
    /** Position of the transaction in its block. */
    readonly txIndex: number;
    readonly block: {
        readonly header: BlockHeader;
        /** ECDSA P-256 / SHA-256 signature of the canonical header, DER, base64. */
        readonly signature: string;
        /** The node's public key, SPKI PEM. */
        readonly nodePublicKey: string;
    };
    /** Hashes of all transactions of the block, in order; `dataHash` = SHA-256(canonical JSON of this array). */
    readonly txHashes: readonly string[];
    /** The canonical transaction envelope whose hash is `txHashes[txIndex]`. */
    readonly transaction: EndorserTransaction;
    /**
     * X.509 certificates (PEM) of the transaction's endorsers, by MSP id: what its `endorsements` signatures
     * are checked with (matched by the DER SHA-256 each endorsement names).
     */
    readonly endorserCertificates?: readonly { readonly mspId: string; readonly certificate: string }[];
}

/** Outcome of {@link verifyEmbeddedTransactionProof}. */
export interface EmbeddedProofCheck {
    readonly valid: boolean;
    /** Why not, one line per failed check (empty when valid). */
    readonly problems: readonly string[];
    /** MSP ids whose endorsement signature verified, in envelope order (empty when none are recorded). */
    readonly endorsers: readonly string[];
}

/** Options for {@link verifyEmbeddedTransactionProof}. */
export interface EmbeddedProofOptions {
    /** When given, the proof's node key must be one of these (SPKI PEM), e.g. the key published by the court. */
    readonly trustedNodePublicKeys?: readonly string[];
    /**
     * When given, every endorser certificate must be issued by the root CA (PEM) listed for its MSP, e.g. the
     * organisations of the ledger's block 0.
     */
    readonly trustedOrganizations?: readonly { readonly mspId: string; readonly rootCertificate: string }[];
}

const HEX64 = /^[0-9a-f]{64}$/;

function isHeader(value: unknown): value is BlockHeader {
    return (
        isRecord(value) &&
        Number.isSafeInteger(value.number) &&
        typeof value.previousHash === 'string' &&
        typeof value.dataHash === 'string' &&
        typeof value.timestamp === 'string'
    );
}

/** SPKI DER (hex) of a public key PEM, as WebCrypto re-exports it (so PEM formatting does not matter). */
async function spkiHex(pem: string): Promise<string | undefined> {
    const key = await importP256Key(pem);
    return key === undefined ? undefined : toHex(await crypto.subtle.exportKey('spki', key));
}

/** Structural problems of `proof`, or the typed proof when there are none. */
function parseProof(proof: unknown): EmbeddedTransactionProof | string[] {
    if (!isRecord(proof)) {
        return ['proof is not an object'];
    }
    const problems = commonProofProblems(proof, 'embedded');
    const block = proof.block;
    if (!isRecord(block) || !isHeader(block.header) || typeof block.signature !== 'string') {
        problems.push('block {header, signature, nodePublicKey} is malformed');
    } else if (typeof block.nodePublicKey !== 'string') {
        problems.push('block.nodePublicKey is missing');
    }
    const hashes = proof.txHashes;
    if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string' && HEX64.test(h))) {
        problems.push('txHashes is not an array of SHA-256 hex strings');
    }
    if (!isRecord(proof.transaction)) {
        problems.push('transaction is not an object');
    }
    return problems.length > 0 ? problems : (proof as unknown as EmbeddedTransactionProof);
}

/**
 * Checks an embedded transaction proof offline: the envelope is the transaction named, valid, and hashes
 * to `txHashes[txIndex]`; the hashes give the header's `dataHash`; the header is signed by `nodePublicKey`
 * (and that key is trusted, when a trust list is given).
 */
export async function verifyEmbeddedTransactionProof(
    proof: unknown,
    options: EmbeddedProofOptions = {},
): Promise<EmbeddedProofCheck> {
    const parsed = parseProof(proof);
    if (Array.isArray(parsed)) {
        return { valid: false, problems: parsed, endorsers: [] };
    }
    const problems: string[] = [];
    const { block } = parsed;
    // Still untrusted input: check the envelope's fields as unknowns.
    const tx = parsed.transaction as unknown as Record<string, unknown>;
    if (tx.type !== 'endorser') {
        problems.push('transaction is not an endorser transaction');
    }
    if (tx.txId !== parsed.txId || tx.channel !== parsed.channel || tx.timestamp !== parsed.timestamp) {
        problems.push('transaction txId/channel/timestamp differ from the proof');
    }
    if (tx.validationCode !== 'VALID') {
        problems.push(`transaction validation code is ${JSON.stringify(tx.validationCode)}`);
    }
    if (block.header.number !== parsed.blockNumber) {
        problems.push('block header number differs from blockNumber');
    }
    let txHash: string | undefined;
    try {
        txHash = await sha256HexAsync(transactionBytes(tx));
    } catch {
        problems.push('transaction cannot be canonicalised');
    }
    if (txHash !== undefined && parsed.txHashes[parsed.txIndex] !== txHash) {
        problems.push('transaction hash is not txHashes[txIndex]');
    }
    if ((await sha256HexAsync(dataHashInput(parsed.txHashes))) !== block.header.dataHash) {
        problems.push('txHashes do not hash to the header dataHash');
    }
    const nodeKey = await importP256Key(block.nodePublicKey);
    if (nodeKey === undefined || !(await verifyDerSignature(nodeKey, block.signature, headerBytes(block.header)))) {
        problems.push('block header signature does not verify with nodePublicKey');
    }
    const trusted = options.trustedNodePublicKeys;
    if (trusted !== undefined) {
        const key = await spkiHex(block.nodePublicKey);
        const trustedKeys = await Promise.all(trusted.map(spkiHex));
        if (key === undefined || !trustedKeys.includes(key)) {
            problems.push('nodePublicKey is not a trusted node key');
        }
    }
    const endorsers =
        tx.endorsements === undefined
            ? []
            : await checkEndorsements(tx, parsed.endorserCertificates, options, problems);
    return { valid: problems.length === 0, problems, endorsers };
}

interface ParsedCertificate {
    readonly mspId: unknown;
    readonly certificate: X509Certificate;
    readonly sha256: string;
}

async function parseCertificates(value: unknown, problems: string[]): Promise<ParsedCertificate[]> {
    if (!Array.isArray(value)) {
        problems.push('endorserCertificates is missing: endorsement signatures cannot be checked');
        return [];
    }
    const parsed: ParsedCertificate[] = [];
    for (const [i, entry] of (value as unknown[]).entries()) {
        try {
            if (!isRecord(entry) || typeof entry.certificate !== 'string') {
                throw new Error('malformed');
            }
            const certificate = new X509Certificate(entry.certificate);
            const sha256 = await sha256HexAsync(new Uint8Array(certificate.rawData));
            parsed.push({ mspId: entry.mspId, certificate, sha256 });
        } catch {
            problems.push(`endorserCertificates[${i}] is not a PEM certificate`);
        }
    }
    return parsed;
}

async function issuedBy(certificate: X509Certificate, rootPem: string): Promise<boolean> {
    try {
        const root = new X509Certificate(rootPem);
        return (
            certificate.issuer === root.subject && (await certificate.verify({ publicKey: root, signatureOnly: true }))
        );
    } catch {
        return false;
    }
}

function wellFormedEndorsements(endorsements: unknown): endorsements is Record<string, string>[] {
    return (
        Array.isArray(endorsements) &&
        endorsements.length > 0 &&
        endorsements.every(
            (e: unknown) =>
                isRecord(e) &&
                typeof e.mspId === 'string' &&
                typeof e.certificateSha256 === 'string' &&
                typeof e.signature === 'string',
        )
    );
}

/** Checks each recorded endorsement's signature; returns the MSP ids whose signature verified. */
async function checkEndorsements(
    tx: Record<string, unknown>,
    certificatesValue: unknown,
    options: EmbeddedProofOptions,
    problems: string[],
): Promise<string[]> {
    const endorsements = tx.endorsements;
    if (!wellFormedEndorsements(endorsements)) {
        problems.push('transaction endorsements are malformed');
        return [];
    }
    const creator = tx.creator;
    const first = endorsements[0];
    if (!isRecord(creator) || creator.certificateSha256 !== first?.certificateSha256) {
        problems.push('the first endorsement is not the creator’s');
    }
    const certificates = await parseCertificates(certificatesValue, problems);
    let hash: Uint8Array;
    try {
        const bytes = proposalResponseBytes(tx as unknown as EndorserTransaction);
        hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    } catch {
        problems.push('transaction cannot be canonicalised for its endorsements');
        return [];
    }
    const verified: string[] = [];
    for (const [i, endorsement] of endorsements.entries()) {
        const { mspId, certificateSha256, signature } = endorsement as {
            mspId: string;
            certificateSha256: string;
            signature: string;
        };
        const label = `endorsement ${i} (${mspId})`;
        const found = certificates.find((c) => c.sha256 === certificateSha256);
        if (found === undefined) {
            problems.push(`${label}: no endorser certificate with SHA-256 ${certificateSha256}`);
            continue;
        }
        let ok = true;
        if (found.mspId !== mspId) {
            problems.push(`${label}: its certificate is listed for ${String(found.mspId)}`);
            ok = false;
        }
        const key = await importP256Key(found.certificate.publicKey.toString('pem'));
        if (key === undefined || !(await verifyDerSignature(key, signature, hash))) {
            problems.push(`${label}: signature does not verify with its certificate`);
            ok = false;
        }
        const trusted = options.trustedOrganizations;
        if (trusted !== undefined) {
            const root = trusted.find((org) => org.mspId === mspId);
            if (root === undefined || !(await issuedBy(found.certificate, root.rootCertificate))) {
                problems.push(`${label}: certificate is not issued by a trusted root of ${mspId}`);
                ok = false;
            }
        }
        if (ok) {
            verified.push(mspId);
        }
    }
    return verified;
}
