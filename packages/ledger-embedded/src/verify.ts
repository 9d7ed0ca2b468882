/**
 * `@court-ledger/ledger-embedded/verify`: what offline receipt verification needs of the embedded ledger, and
 * nothing of its storage: the on-chain data model (block header, transaction envelope), the chain's hashing
 * and signatures, and the proof verifier. Imports node:crypto and `@court-ledger/ledger-api` only, so it can
 * be bundled for a browser (with a crypto shim) without LevelDB, files or fabric-shim.
 */
export {
    verifyEmbeddedTransactionProof,
    type EmbeddedProofCheck,
    type EmbeddedProofOptions,
    type EmbeddedTransactionProof,
} from './proof';
export {
    blockHash,
    dataHash,
    GENESIS_PREVIOUS_HASH,
    headerBytes,
    proposalResponseHash,
    sha256Hex,
    signHeader,
    signResponseHash,
    transactionHash,
    verifyHeaderSignature,
    verifyResponseHashSignature,
} from './chain-hash';
export type {
    BlockHeader,
    CollectionHashedRwSet,
    ConfigTransaction,
    Endorsement,
    EndorserTransaction,
    MetadataWriteEntry,
    RangeReadEntry,
    ReadEntry,
    TransactionEnvelope,
    TxRwSetEnvelope,
    ValidationCode,
    Version,
    WriteEntry,
} from './envelope';
