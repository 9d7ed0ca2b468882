/** The shapes of a Fabric transaction proof and of its verification (proof.ts builds, proof-verify.ts checks). */
import type { TransactionProof } from '@court-ledger/ledger-api/proof';
import type { FabricInvocation } from './proof-decode';

export type { FabricInvocation } from './proof-decode';

/** A consenter of the ordering service, as listed in the channel configuration. */
export interface FabricConsenter {
    readonly id: number;
    readonly mspId: string;
    /** Its X.509 certificate, PEM. */
    readonly certificate: string;
}

/** The Fabric ledger's {@link TransactionProof}. */
export interface FabricTransactionProof extends TransactionProof {
    readonly mode: 'fabric';
    /** Position of the transaction in its block. */
    readonly txIndex: number;
    /** The whole common.Block holding the transaction, protobuf, base64. */
    readonly block: string;
    /** MSP id → PEM CA certificates the signers chain to (taken as given unless the verifier pins its own). */
    readonly caCertificates: Readonly<Record<string, readonly string[]>>;
    /** MSP ids of the ordering organisations: only their `orderer` identities may sign the block. */
    readonly ordererMspIds: readonly string[];
    /** Consenters by id, when blocks are signed with identifier headers (BFT); absent otherwise. */
    readonly consenters?: readonly FabricConsenter[];
    readonly invocation: FabricInvocation;
}

/** One step of a Fabric proof verification. */
export interface FabricProofCheck {
    /** `fabric-proof-format`, `fabric-ca-certificates`, `fabric-block-data-hash`, `fabric-block-header`,
     * `fabric-orderer-signature`, `fabric-transaction`, `fabric-validation-code`, `fabric-creator-signature`,
     * `fabric-endorsements`, `fabric-invocation`. */
    readonly name: string;
    readonly ok: boolean;
    readonly detail: string;
}

/** Outcome of a Fabric proof verification. */
export interface FabricProofVerification {
    readonly valid: boolean;
    /** `name: detail` of each failed check (empty when valid). */
    readonly problems: readonly string[];
    readonly checks: readonly FabricProofCheck[];
    /** The invocation decoded from the block (undefined when the block or envelope cannot be decoded). */
    readonly invocation?: FabricInvocation;
    /** The values of the keys the transaction writes in its chaincode's namespace, by key (UTF-8). */
    readonly writes?: ReadonlyMap<string, string | undefined>;
    /** Whether the CA certificates were pinned by the caller (true) or taken from the proof (false). */
    readonly pinned: boolean;
}

/** Options of a Fabric proof verification: what to trust. */
export interface FabricProofOptions {
    /**
     * MSP id → PEM CA certificates to trust (e.g. published by the court and the agencies). When given, every
     * signer must chain to these, and each CA certificate the proof carries must be one of them.
     */
    readonly trustedCaCertificates?: Readonly<Record<string, readonly string[]>>;
    /**
     * Or MSP id → SHA-256 fingerprints (hex) of the CA certificates to trust, as `GET /v1/trust` publishes them:
     * each CA certificate the proof carries must have a pinned fingerprint under its MSP id. Without either
     * option the proof's own `caCertificates` are used (not pinned).
     */
    readonly trustedCaFingerprints?: Readonly<Record<string, readonly string[]>>;
    /**
     * MSP ids of the ordering organisations to trust; default the proof's `ordererMspIds`. Give it together with
     * a pin: a forged proof could list an application organisation as an orderer.
     */
    readonly trustedOrdererMspIds?: readonly string[];
}
