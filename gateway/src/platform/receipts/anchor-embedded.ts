import { pemFingerprint, verifyEmbeddedTransactionProof } from '@court-ledger/ledger-embedded/verify';
import { normaliseFingerprint } from './hex';
import { recordedValues } from './recorded-values';
import type { AnchorVerifier, Check } from './verify';

/** What the embedded anchor verifier pins the node key to; neither = the receipt's own key, not pinned. */
export interface EmbeddedTrust {
    /** The court's node key (SPKI PEM), e.g. `nodePublicKey.pem` of `GET /v1/trust`. */
    readonly nodeKey?: string;
    /** Or its SHA-256 fingerprint as published (any case, `:`/spaces allowed). */
    readonly fingerprint?: string;
}

async function signerCheck(receiptKey: unknown, trust: EmbeddedTrust): Promise<Check> {
    const name = 'anchor-signer';
    const actual = typeof receiptKey === 'string' ? await pemFingerprint(receiptKey) : undefined;
    if (actual === undefined) {
        return { name, ok: false, detail: 'the receipt carries no node key' };
    }
    const pinned =
        trust.fingerprint !== undefined
            ? normaliseFingerprint(trust.fingerprint)
            : trust.nodeKey !== undefined
              ? await pemFingerprint(trust.nodeKey)
              : undefined;
    if (trust.fingerprint === undefined && trust.nodeKey === undefined) {
        return { name, ok: true, pinned: false, detail: `node key ${actual}, taken from the receipt (not pinned)` };
    }
    if (pinned === undefined) {
        return { name, ok: false, detail: 'the pinned node key or fingerprint is not a key or a SHA-256 fingerprint' };
    }
    return pinned === actual
        ? { name, ok: true, pinned: true, detail: `node key ${actual} is the pinned key` }
        : { name, ok: false, detail: `node key ${actual} is not the pinned key ${pinned}` };
}

/**
 * The `embedded` anchor verifier (browser-safe): the block header signature, data hash and transaction hash
 * (@court-ledger/ledger-embedded/verify), the signer against the pinned key or fingerprint, and the recorded
 * anchor values. Without a pin the signer check passes with `pinned: false`: "signature valid, signer not
 * pinned", never plainly valid.
 */
export function embeddedAnchorVerifier(trust: EmbeddedTrust = {}): AnchorVerifier {
    return async (anchor, expected) => {
        const outcome = await verifyEmbeddedTransactionProof(anchor);
        const block = anchor['block'];
        const receiptKey =
            typeof block === 'object' && block !== null
                ? (block as { nodePublicKey?: unknown }).nodePublicKey
                : undefined;
        return [
            {
                name: 'anchor-ledger-proof',
                ok: outcome.valid,
                detail: outcome.valid
                    ? `transaction in block ${anchor.blockNumber}, header signed by the node key`
                    : outcome.problems.join('; '),
            },
            await signerCheck(receiptKey, trust),
            ...recordedValues(anchor['transaction'], expected),
        ];
    };
}
