/** The embedded ledger (default ledger mode) and its offline proof verifier. */
export { createEmbeddedLedger, type EmbeddedLedgerOptions } from './embedded-ledger';
export {
    verifyEmbeddedTransactionProof,
    type EmbeddedProofCheck,
    type EmbeddedProofOptions,
    type EmbeddedTransactionProof,
} from './proof';
export type { BlockHeader, Endorsement, EndorserTransaction, ValidationCode, Version } from './envelope';
export { describePolicy, satisfiesPolicy, VALIDATION_PARAMETER } from './endorsement-policy';
export { ChainIntegrityError } from './block-store';
export type { LedgerLogger } from './files';
export {
    AGENCY_MSP,
    COURT_MSP,
    FABRIC_ATTRIBUTE_OID,
    createCertificateAuthority,
    issueIdentity,
    type CertificateAuthority,
    type SigningIdentity,
} from './identities';
