import { verifyFabricTransactionProof } from '../ledger/fabric/proof-verify';
import { embeddedAnchorVerifier } from './anchor-embedded';
import { recordedValues } from './recorded-values';
import type { AnchorExpectation, AnchorVerifier, AnchorVerifiers, Check } from './verify';

/** Options of {@link anchorVerifiers}. */
export interface AnchorVerifierOptions {
    /** The court's embedded-ledger node key (SPKI PEM). Without it (or a fingerprint) the block signature is
     * only checked against the key the receipt itself carries: "signature valid, signer not pinned". */
    readonly trustedNodeKey?: string;
    /** Or the node key's SHA-256 fingerprint, as `GET /v1/trust` publishes it. */
    readonly trustedNodeKeyFingerprint?: string;
    /**
     * Fabric: MSP id → PEM CA certificates to pin (the court's and agencies' published CAs). Without them the
     * signers are only checked against the CA certificates the receipt itself carries.
     */
    readonly trustedCaCertificates?: Readonly<Record<string, readonly string[]>>;
    /**
     * Fabric: or MSP id → SHA-256 fingerprints of the CA certificates to pin (`GET /v1/trust` publishes them;
     * `MSP=fingerprint` entries of {@link parseFingerprintPins}).
     */
    readonly trustedCaFingerprints?: Readonly<Record<string, readonly string[]>>;
    /**
     * Fabric: MSP ids of the ordering organisations to trust; with a pin, default {@link DEFAULT_ORDERER_MSP},
     * without one the receipt's own `ordererMspIds`.
     */
    readonly trustedOrdererMspIds?: readonly string[];
}

/** The ordering organisation trusted with a Fabric pin when no orderer MSP ids are given. */
export const DEFAULT_ORDERER_MSP = 'OrdererMSP';

/** The chaincode's composite key of an anchor record (`anchor` object type, batch id). */
function anchorKey(batchId: string): string {
    return `\u0000anchor\u0000${batchId}\u0000`;
}

/** The anchor record the transaction writes must hold the same batch, root, size and transaction id. */
function anchorWrite(
    writes: ReadonlyMap<string, string | undefined> | undefined,
    txId: string,
    expected: AnchorExpectation,
): Check {
    const name = 'anchor-write';
    const value = writes?.get(anchorKey(expected.batchId));
    if (value === undefined) {
        return { name, ok: false, detail: `the transaction does not write the anchor record of ${expected.batchId}` };
    }
    let record: Record<string, unknown>;
    try {
        record = JSON.parse(value) as Record<string, unknown>;
    } catch {
        return { name, ok: false, detail: 'the written anchor record is not JSON' };
    }
    const same =
        record['batchId'] === expected.batchId &&
        record['rootHash'] === expected.rootHash &&
        record['treeSize'] === expected.treeSize &&
        record['txId'] === txId;
    return {
        name,
        ok: same,
        detail: same
            ? `writes the anchor record of ${expected.batchId}`
            : `the written record holds ${String(record['batchId'])}, ${String(record['rootHash'])}, ${String(record['treeSize'])}, ${String(record['txId'])}`,
    };
}

function fabricVerifier(options: AnchorVerifierOptions): AnchorVerifier {
    const { trustedCaCertificates, trustedCaFingerprints } = options;
    const pinned = trustedCaCertificates !== undefined || trustedCaFingerprints !== undefined;
    const trustedOrdererMspIds = options.trustedOrdererMspIds ?? (pinned ? [DEFAULT_ORDERER_MSP] : undefined);
    return async (anchor, expected) => {
        const outcome = await verifyFabricTransactionProof(anchor, {
            ...(trustedCaCertificates === undefined ? {} : { trustedCaCertificates }),
            ...(trustedCaFingerprints === undefined ? {} : { trustedCaFingerprints }),
            ...(trustedOrdererMspIds === undefined ? {} : { trustedOrdererMspIds }),
        });
        const checks: Check[] = outcome.checks.map(({ name, ok, detail }) =>
            name === 'fabric-ca-certificates' ? { name, ok, detail, pinned } : { name, ok, detail },
        );
        if (outcome.invocation === undefined) {
            return checks;
        }
        const { contract, fn, args } = outcome.invocation;
        return [
            ...checks,
            ...recordedValues({ contract, fn, args }, expected),
            anchorWrite(outcome.writes, anchor.txId, expected),
        ];
    };
}

/**
 * The anchor verifiers of the CLI, the /receipt page (bundled) and the tests, both browser-safe: `embedded`
 * (anchor-embedded.ts) and `fabric` (the block's data hash and orderer signature, the validation flag, the
 * creator's and endorsers' signatures and CA chains — ledger/fabric/proof-verify.ts — the recorded anchor
 * values and the anchor record the transaction writes).
 */
export function anchorVerifiers(options: AnchorVerifierOptions = {}): AnchorVerifiers {
    const embedded = embeddedAnchorVerifier({
        ...(options.trustedNodeKey === undefined ? {} : { nodeKey: options.trustedNodeKey }),
        ...(options.trustedNodeKeyFingerprint === undefined ? {} : { fingerprint: options.trustedNodeKeyFingerprint }),
    });
    return { embedded, fabric: fabricVerifier(options) };
}
