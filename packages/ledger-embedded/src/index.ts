/**
 * The embedded ledger (default ledger mode): {@link createEmbeddedLedger}, the whole-ledger check behind
 * `court-ledger ledger check`, the generated identities, and the offline proof verifier (also alone in
 * `@court-ledger/ledger-embedded/verify`, without the ledger's storage).
 */
export { createEmbeddedLedger, type EmbeddedLedgerOptions } from './embedded-ledger';
export * from './verify';
export {
    blockHash,
    dataHash,
    GENESIS_PREVIOUS_HASH,
    proposalResponseHash,
    sha256Hex,
    signHeader,
    signResponseHash,
    transactionHash,
    verifyHeaderSignature,
    verifyResponseHashSignature,
} from './chain-hash';
export { describePolicy, satisfiesPolicy, VALIDATION_PARAMETER } from './endorsement-policy';
export { ChainIntegrityError } from './block-store';
export { checkLedger, type LedgerCheckReport } from './check';
export { fsyncDirectory, writeFileDurably, type LedgerLogger } from './files';
export {
    AGENCY_MSP,
    COURT_MSP,
    FABRIC_ATTRIBUTE_OID,
    createCertificateAuthority,
    issueIdentity,
    type CertificateAuthority,
    type SigningIdentity,
} from './identities';
/** `google.protobuf.Timestamp` as fabric-protos returns it (untyped there); the Fabric ledger reads it too. */
export type { ProtoTimestamp } from './fabric-internals';
