/**
 * `@court-ledger/ledger-embedded/testing`: fixtures for tests outside this package that need an embedded
 * ledger running a small contract (the counter fixture, with a `pii` private data collection) or a block file
 * to damage: the gateway's `ledger check` CLI and index-agreement tests; and {@link createTestLedger}, for the
 * chaincode's tests of who may call (certificates acting for themselves, or without a role).
 */
import type { Ledger } from '@court-ledger/ledger-api';
import { EmbeddedLedger, type EmbeddedLedgerOptions } from '../../src/embedded-ledger';

export { counter, counterModule, rejection, removeTempDirs, tempDir } from './fixtures';
export { blockFile, fiveBlocks, frameOffsets, reopen } from './chain-files';
export type { DirectCall, DirectCaller } from '../../src/embedded-ledger';

/** An embedded ledger that can also act as a certificate its own CAs issue ({@link EmbeddedLedger.callerFor}). */
export type TestLedger = Ledger & Pick<EmbeddedLedger, 'callerFor'>;

/** Opens an embedded ledger as {@link createEmbeddedLedger} does, with {@link TestLedger.callerFor} reachable. */
export function createTestLedger(options: EmbeddedLedgerOptions): Promise<TestLedger> {
    return EmbeddedLedger.open(options);
}
