/**
 * `@court-ledger/ledger-api/proof`: what an offline proof verifier needs of this package and nothing else —
 * canonical JSON and the common proof fields — without the chaincode's error table (which loads node:crypto),
 * so a verifier can be bundled for a browser.
 */
export { canonicalJson } from './canonical-json';
export { commonProofProblems, isRecord } from './proof-fields';
export type { LedgerMode, TransactionProof } from './ledger';
