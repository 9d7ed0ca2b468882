/**
 * `@court-ledger/ledger-embedded/verify`: what offline receipt verification needs of the embedded ledger, and
 * nothing of its storage: the on-chain data model (block header, transaction envelope), the bytes the chain
 * hashes and signs, and the proof verifier (WebCrypto). Imports `@court-ledger/ledger-api` and @peculiar/x509
 * only, no Node built-ins, so the gateway bundles it for the browser (the /receipt page) as it is.
 */
export {
    verifyEmbeddedTransactionProof,
    type EmbeddedProofCheck,
    type EmbeddedProofOptions,
    type EmbeddedTransactionProof,
} from './proof';
export { dataHashInput, headerBytes, proposalResponseBytes, transactionBytes } from './chain-bytes';
export { pemFingerprint } from './web-signatures';
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
