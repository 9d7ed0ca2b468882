import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { blockHash } from '../../../src/platform/ledger/embedded/chain-hash';
import { decodeBlock } from '../../../src/platform/ledger/embedded/block-store';
import { blockFile, fiveBlocks, frameOffsets, reopen } from './helpers/chain-files';
import { counter, removeTempDirs, tempDir } from './helpers/fixtures';

const CLI = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');

/** Runs `court-ledger ledger check --data DIR`; resolves with its exit code and output. */
function ledgerCheck(dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile(process.execPath, [CLI, 'ledger', 'check', '--data', dataDir], (error, stdout, stderr) => {
            resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
        });
    });
}

/** The header hash of the last block in a block file. */
function headHash(file: string): string {
    const bytes = readFileSync(file);
    const offset = frameOffsets(file).at(-1)!;
    return blockHash(decodeBlock(bytes.subarray(offset + 8, offset + 8 + bytes.readUInt32BE(offset))).header);
}

/** Rewrites a block's payload text and fixes its frame checksum, so only the hash chain can tell. */
function editBlock(file: string, number: number, from: string, to: string): void {
    const bytes = readFileSync(file);
    const offset = frameOffsets(file)[number]!;
    const length = bytes.readUInt32BE(offset);
    const payload = bytes.subarray(offset + 8, offset + 8 + length).toString('utf8');
    const edited = Buffer.from(payload.replace(from, to), 'utf8');
    expect(edited.length).to.equal(length);
    edited.copy(bytes, offset + 8);
    bytes.writeUInt32BE(crc32(edited), offset + 4);
    writeFileSync(file, bytes);
}

describe('court-ledger ledger check', function () {
    this.timeout(60_000);

    after(removeTempDirs);

    it('prints height and head hash of an intact ledger, private data included (gateway data dir layout)', async function () {
        const gatewayDir = tempDir();
        const dataDir = path.join(gatewayDir, 'ledger');
        mkdirSync(dataDir);
        const ledger = await reopen(dataDir);
        await ledger.submit(counter('put', ['a', '1']));
        await ledger.submit(
            counter('putSecret', ['pii', 'ref-1'], {
                transient: { secret: Buffer.from('confidential'), secretKey: Buffer.from('s1') },
            }),
        );
        await ledger.close();
        const { code, stdout } = await ledgerCheck(gatewayDir);
        expect(code).to.equal(0);
        expect(stdout).to.contain(`height 3 (blocks 0..2), head hash ${headHash(blockFile(dataDir))}`);
        expect(stdout).to.contain('checkpoint: height 3 acknowledged');
        expect(stdout).to.contain('private data: verified for 1 blocks');
    });

    it('exits non-zero naming the first bad block', async function () {
        const dataDir = await fiveBlocks();
        editBlock(blockFile(dataDir), 2, '"key2"', '"keyX"');
        editBlock(blockFile(dataDir), 4, '"key4"', '"keyY"');
        const { code, stdout, stderr } = await ledgerCheck(dataDir);
        expect(code).to.equal(1);
        expect(stdout).to.equal('');
        expect(stderr).to.contain('first bad block: 2\n');
        expect(stderr).to.match(/block 2 .* \(dataHash does not match its transactions\)/);
    });

    it('exits non-zero when the block file ends before the checkpoint, naming both heights', async function () {
        const dataDir = await fiveBlocks();
        truncateSync(blockFile(dataDir), frameOffsets(blockFile(dataDir))[4]);
        const { code, stderr } = await ledgerCheck(dataDir);
        expect(code).to.equal(1);
        expect(stderr).to.match(/holds 4 complete blocks \(height 4\) but the checkpoint records height 6/);
    });

    it('exits non-zero when private data no longer matches its block', async function () {
        const dataDir = tempDir();
        const ledger = await reopen(dataDir);
        await ledger.submit(
            counter('putSecret', ['pii', 'ref-1'], {
                transient: { secret: Buffer.from('AAAA'), secretKey: Buffer.from('s1') },
            }),
        );
        await ledger.close();
        const file = path.join(dataDir, 'pvtdata', 'pvtdata.dat');
        const bytes = readFileSync(file);
        const payload = bytes.subarray(8).toString('utf8');
        const value = Buffer.from('AAAA').toString('base64');
        const edited = Buffer.from(payload.replace(value, Buffer.from('BBBB').toString('base64')), 'utf8');
        edited.copy(bytes, 8);
        bytes.writeUInt32BE(crc32(edited), 4);
        writeFileSync(file, bytes);
        const { code, stderr } = await ledgerCheck(dataDir);
        expect(code).to.equal(1);
        expect(stderr).to.match(/first bad block: 1\n.*private data of transaction 0 does not match/);
    });

    it('says so when the directory holds no ledger', async function () {
        const { code, stderr } = await ledgerCheck(tempDir());
        expect(code).to.equal(2);
        expect(stderr).to.contain('no embedded ledger in');
    });
});
