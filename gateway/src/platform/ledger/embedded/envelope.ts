/**
 * The embedded ledger's on-chain data model: block headers and transaction envelopes, exactly as they are
 * serialised (canonical JSON) into the block file and into receipts. Pure types, no runtime.
 */

/** A state version: the position of the transaction that last wrote the key (Fabric's `Height`). */
export interface Version {
    readonly blockNumber: number;
    readonly txIndex: number;
}

/** Signed block header. `dataHash` = SHA-256 of the canonical JSON array of the block's transaction hashes. */
export interface BlockHeader {
    readonly number: number;
    /** Hex SHA-256 of the previous block's canonical header (64 zeros for block 0). */
    readonly previousHash: string;
    readonly dataHash: string;
    /** When the block was cut (ISO 8601, UTC). */
    readonly timestamp: string;
}

/** Fabric's validation codes, as far as the embedded ledger produces them. */
export type ValidationCode = 'VALID' | 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT' | 'ENDORSEMENT_POLICY_FAILURE';

/** A read of a public key: the version seen, null when the key did not exist. */
export interface ReadEntry {
    readonly key: string;
    readonly version: Version | null;
}

/** A range scan of public keys, summarised: what the scan covered and a hash of the keys/versions it saw. */
export interface RangeReadEntry {
    readonly startKey: string;
    readonly endKey: string;
    /** False when the chaincode stopped iterating before the end of the range. */
    readonly exhausted: boolean;
    readonly count: number;
    /** Hex SHA-256 of the canonical JSON array `[[key, version], …]` of the results. */
    readonly resultsHash: string;
}

/** A public write; `value` is base64, null for a delete. */
export interface WriteEntry {
    readonly key: string;
    readonly value: string | null;
}

/** A state-metadata write (e.g. key-level endorsement `VALIDATION_PARAMETER`); `value` is base64. */
export interface MetadataWriteEntry {
    readonly key: string;
    readonly name: string;
    readonly value: string;
}

/**
 * What a block records about one private data collection: hashes only (Fabric's hashed rwset). The keys
 * and values themselves never enter the block file; they live in the private data store.
 */
export interface CollectionHashedRwSet {
    readonly collection: string;
    readonly reads: readonly { readonly keyHash: string; readonly version: Version | null }[];
    /** `valueHash` null = delete. */
    readonly writes: readonly { readonly keyHash: string; readonly valueHash: string | null }[];
    readonly metadataWrites: readonly { readonly keyHash: string; readonly name: string; readonly value: string }[];
}

/** Read/write set of an endorsed transaction (one chaincode namespace). */
export interface TxRwSetEnvelope {
    readonly reads: readonly ReadEntry[];
    readonly rangeReads: readonly RangeReadEntry[];
    readonly writes: readonly WriteEntry[];
    readonly metadataWrites: readonly MetadataWriteEntry[];
    readonly collections: readonly CollectionHashedRwSet[];
}

/**
 * One organisation's endorsement of a transaction: its identity signs the proposal response hash, i.e.
 * SHA-256 of the canonical JSON of the envelope without `endorsements` and `validationCode` (see
 * {@link proposalResponseHash}); the signature is ECDSA P-256 with SHA-256 over those 32 hash bytes, DER,
 * base64. A third party checks it with the certificate whose DER SHA-256 is `certificateSha256`.
 */
export interface Endorsement {
    readonly mspId: string;
    readonly certificateSha256: string;
    readonly signature: string;
}

/** An endorsed chaincode transaction as recorded in a block. */
export interface EndorserTransaction {
    readonly type: 'endorser';
    readonly channel: string;
    readonly txId: string;
    /** Proposal timestamp (ISO 8601, UTC, millisecond precision): the time the chaincode saw. */
    readonly timestamp: string;
    /** The submitting identity: MSP id and hex SHA-256 of its DER certificate. */
    readonly creator: { readonly mspId: string; readonly certificateSha256: string };
    /** Chaincode name (package.json `name` of the chaincode module). */
    readonly chaincode: string;
    readonly contract: string;
    readonly fn: string;
    readonly args: readonly string[];
    /** Hex SHA-256 of the canonical JSON map `{name: hex SHA-256(value)}` of the transient fields. */
    readonly transientHash: string;
    readonly rwset: TxRwSetEnvelope;
    /** The chaincode event; `payload` is base64. */
    readonly event: { readonly name: string; readonly payload: string } | null;
    /**
     * Who endorsed: the submitting organisation first, then each further endorsing organisation. Absent in
     * transactions written before key-level endorsement existed (their only endorser was the creator).
     */
    readonly endorsements?: readonly Endorsement[];
    readonly validationCode: ValidationCode;
}

/** The one transaction of block 0: what the chain was created with. */
export interface ConfigTransaction {
    readonly type: 'config';
    readonly channel: string;
    readonly txId: string;
    readonly timestamp: string;
    /** SPKI PEM of the key that signs every block header. */
    readonly nodePublicKey: string;
    /** Root CA certificate (PEM) of every organisation. */
    readonly organizations: readonly { readonly mspId: string; readonly rootCertificate: string }[];
    readonly validationCode: 'VALID';
}

export type TransactionEnvelope = EndorserTransaction | ConfigTransaction;
