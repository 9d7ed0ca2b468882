/**
 * `@court-ledger/ledger-embedded/internals`: the commit pipeline below the chaincode, for tools that build
 * large ledgers fast by committing recast transactions without running the chaincode (the start-up
 * benchmark's bench/startup-build.ts). Not a stable API: it follows the ledger's internals.
 */
export { CommitQueue, envelopeBytes, type EndorsedTransaction } from './commit-queue';
export { loadOrCreateIdentities, type LedgerIdentities } from './identities';
export { envelopeRwSet, TxRwSet } from './rwset';
export { openStores, type LedgerStores } from './startup';
