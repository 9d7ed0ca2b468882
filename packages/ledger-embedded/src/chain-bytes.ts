/**
 * The bytes the chain's hashes and signatures cover: one definition, hashed with node:crypto by the ledger
 * (chain-hash.ts) and with WebCrypto by the offline proof verifier (proof.ts). Pure: canonical JSON only, no
 * Node built-ins, so it can be bundled for a browser.
 */
import { canonicalJson } from '@court-ledger/ledger-api/proof';
import type { BlockHeader, EndorserTransaction } from './envelope';

export { canonicalJson };

const utf8 = new TextEncoder();

/** The bytes a block signature covers (and the block hash hashes): the canonical JSON header, UTF-8. */
export function headerBytes(header: BlockHeader): Uint8Array {
    return utf8.encode(canonicalJson(header));
}

/** What a block's `dataHash` hashes: the canonical JSON array of its transaction hashes, UTF-8. */
export function dataHashInput(txHashes: readonly string[]): Uint8Array {
    return utf8.encode(canonicalJson(txHashes));
}

/** What a transaction hash hashes: the transaction's canonical JSON (the bytes stored in the block file). */
export function transactionBytes(envelope: unknown): Uint8Array {
    return utf8.encode(canonicalJson(envelope));
}

/**
 * What endorsers sign the hash of: the canonical JSON of the envelope without its `endorsements` and
 * `validationCode` (both added after endorsement).
 */
export function proposalResponseBytes(
    envelope: Omit<EndorserTransaction, 'validationCode' | 'endorsements'> & {
        readonly endorsements?: unknown;
        readonly validationCode?: unknown;
    },
): Uint8Array {
    const response: Record<string, unknown> = { ...envelope };
    delete response.endorsements;
    delete response.validationCode;
    return utf8.encode(canonicalJson(response));
}
