import { expect } from 'chai';
import { copyFileSync, cpSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { blockFile, expectRefusal, fiveBlocks, frameOffsets, reopen } from './helpers/chain-files';
import { counter, recordingLogger, removeTempDirs, tempDir, text } from './helpers/fixtures';

function checkpointFile(dataDir: string): string {
    return path.join(dataDir, 'checkpoint.dat');
}

describe('embedded ledger: the checkpoint of the last acknowledged block', function () {
    this.timeout(60_000);

    after(removeTempDirs);

    it('refuses to start when whole blocks were cut off the block file, naming both heights', async function () {
        const dataDir = await fiveBlocks();
        const file = blockFile(dataDir);
        // Blocks 0..5 stored and acknowledged; the last three frames removed.
        truncateSync(file, frameOffsets(file)[3]);
        await expectRefusal(
            dataDir,
            /blocks\.dat holds 3 complete blocks \(height 3\) but the checkpoint records height 6 acknowledged .*restore .*blocks\.dat from a backup/i,
        );
    });

    it('refuses to start when the last acknowledged block lost its last 10 bytes', async function () {
        const dataDir = await fiveBlocks();
        const file = blockFile(dataDir);
        truncateSync(file, statSync(file).size - 10);
        await expectRefusal(
            dataDir,
            /holds 5 complete blocks \(height 5, then a cut-off frame at byte \d+\) but the checkpoint records height 6/,
        );
        // Nothing was repaired: the file is as it was found.
        expect(frameOffsets(file)).to.have.length(6);
    });

    it('repairs a torn block that was written but never acknowledged, and keeps a complete one', async function () {
        const dataDir = await fiveBlocks();
        const file = blockFile(dataDir);
        // The checkpoint and state DB as they were at height 6 (the state DB is written after the checkpoint).
        const saved = tempDir();
        copyFileSync(checkpointFile(dataDir), path.join(saved, 'checkpoint.dat'));
        cpSync(path.join(dataDir, 'statedb'), path.join(saved, 'statedb'), { recursive: true });
        let ledger = await reopen(dataDir);
        await ledger.submit(counter('put', ['key6', 'value-6']));
        await ledger.submit(counter('put', ['key7', 'value-7']));
        await ledger.close();
        // A crash after blocks 6 and 7 were fsynced, before the checkpoint recorded them, and block 7 torn.
        copyFileSync(path.join(saved, 'checkpoint.dat'), checkpointFile(dataDir));
        rmSync(path.join(dataDir, 'statedb'), { recursive: true });
        cpSync(path.join(saved, 'statedb'), path.join(dataDir, 'statedb'), { recursive: true });
        truncateSync(file, statSync(file).size - 10);
        const logger = recordingLogger();
        ledger = await reopen(dataDir, logger);
        expect(logger.warnings.join('\n')).to.match(/truncating torn last block frame .*never acknowledged/);
        expect((await ledger.health()).height).to.equal(7);
        expect(text(await ledger.evaluate(counter('get', ['key6'])))).to.equal('value-6');
        expect(text(await ledger.evaluate(counter('get', ['key7'])))).to.equal('');
        await ledger.close();
        // The kept block 6 is now recorded: cutting it off is refused.
        truncateSync(file, frameOffsets(file)[6]);
        await expectRefusal(dataDir, /holds 6 complete blocks \(height 6\) but the checkpoint records height 7/);
    });

    it('refuses to start when a checkpoint signature was tampered with (checksum recomputed)', async function () {
        const dataDir = await fiveBlocks();
        const bytes = readFileSync(checkpointFile(dataDir));
        // Height 6 lives in slot 0: u32 length, u32 CRC-32, canonical JSON.
        const length = bytes.readUInt32BE(0);
        const payload = JSON.parse(bytes.subarray(8, 8 + length).toString('utf8')) as { signature: string };
        const signature = Buffer.from(payload.signature, 'base64');
        signature[signature.length - 1] = signature[signature.length - 1]! ^ 0x01;
        const edited = Buffer.from(JSON.stringify({ ...payload, signature: signature.toString('base64') }), 'utf8');
        expect(edited.length).to.equal(length);
        edited.copy(bytes, 8);
        bytes.writeUInt32BE(crc32(edited), 4);
        writeFileSync(checkpointFile(dataDir), bytes);
        await expectRefusal(
            dataDir,
            /checkpoint .* was altered \(the signature of the checkpoint at height 6 does not verify/,
        );
    });

    it('refuses a block file replaced by another chain of the same node and height', async function () {
        const dataDir = await fiveBlocks();
        const twin = tempDir();
        cpSync(dataDir, twin, { recursive: true });
        for (const [dir, value] of [
            [dataDir, 'here'],
            [twin, 'there'],
        ] as const) {
            const ledger = await reopen(dir);
            await ledger.submit(counter('put', ['key6', value]));
            await ledger.close();
        }
        // Both chains are valid and signed by the same node key; block 6 differs.
        copyFileSync(blockFile(twin), blockFile(dataDir));
        await expectRefusal(dataDir, /block 6 .* is not the block the state database was last saved at/);
        // Rebuilding the state from the foreign chain is refused by the checkpoint.
        rmSync(path.join(dataDir, 'statedb'), { recursive: true });
        await expectRefusal(
            dataDir,
            /block 6 in .*blocks\.dat hashes to [0-9a-f]{64}, but the checkpoint .* records block 6 as [0-9a-f]{64}/,
        );
    });
});
