/** Opening embedded ledgers on a data directory and finding the frames of its block file. */
import { expect } from 'chai';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createEmbeddedLedger } from '../../../../src/platform/ledger/embedded';
import { checkLedger } from '../../../../src/platform/ledger/embedded/check';
import type { Ledger } from '../../../../src/platform/ledger/ledger';
import { counter, counterModule, recordingLogger, tempDir } from './fixtures';

export function blockFile(dataDir: string): string {
    return path.join(dataDir, 'chain', 'blocks.dat');
}

/** Byte offsets of the frames of a block file. */
export function frameOffsets(file: string): number[] {
    const bytes = readFileSync(file);
    const offsets: number[] = [];
    for (let offset = 0; offset < bytes.length; offset += 8 + bytes.readUInt32BE(offset)) {
        offsets.push(offset);
    }
    return offsets;
}

export async function reopen(dataDir: string, logger = recordingLogger()): Promise<Ledger> {
    return createEmbeddedLedger({ dataDir, chaincodeModulePath: counterModule(), logger });
}

export async function expectRefusal(dataDir: string, pattern: RegExp): Promise<void> {
    try {
        const ledger = await reopen(dataDir);
        await ledger.close();
    } catch (error) {
        expect((error as Error).message).to.match(pattern);
        return;
    }
    expect.fail('expected the ledger to refuse to start');
}

/** A data dir with blocks 0..5 (five committed `put`s), closed. */
export async function fiveBlocks(): Promise<string> {
    const dataDir = tempDir();
    const ledger = await reopen(dataDir);
    for (let i = 1; i <= 5; i++) {
        await ledger.submit(counter('put', [`key${i}`, `value-${i}`]));
    }
    await ledger.close();
    return dataDir;
}

/**
 * Damage below the state DB's savepoint (blocks a start does not replay): `ledger check` finds it, and so
 * does a start that rebuilds the state DB from the blocks.
 */
export async function expectDamageFound(dataDir: string, pattern: RegExp): Promise<void> {
    let found: unknown;
    try {
        await checkLedger(dataDir);
    } catch (error) {
        found = error;
    }
    expect(found, 'ledger check should fail').to.be.instanceOf(Error);
    expect((found as Error).message).to.match(pattern);
    rmSync(path.join(dataDir, 'statedb'), { recursive: true, force: true });
    await expectRefusal(dataDir, pattern);
}
