/**
 * `@court-ledger/ledger-embedded/testing`: fixtures for tests outside this package that need an embedded
 * ledger running a small contract (the counter fixture, with a `pii` private data collection) or a block file
 * to damage: the gateway's `ledger check` CLI and index-agreement tests.
 */
export { counter, counterModule, rejection, removeTempDirs, tempDir } from './fixtures';
export { blockFile, fiveBlocks, frameOffsets, reopen } from './chain-files';
