import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { WorldState } from '../src/state-db';
import { blockFile, expectDamageFound, expectRefusal, fiveBlocks, frameOffsets, reopen } from './helpers/chain-files';
import { counter, counterModule, recordingLogger, removeTempDirs, tempDir, text } from './helpers/fixtures';

interface Ack {
    readonly txId: string;
    readonly blockNumber: number;
    readonly key: string;
}

/**
 * Runs the durability child until it acknowledged `count` transactions, then SIGKILLs it; with `crashBlock`,
 * until it kills itself before the state DB write of that block.
 */
function runAndKill(dataDir: string, count: number, crashBlock?: number): Promise<Ack[]> {
    const args = [path.join(__dirname, 'helpers', 'durability-child.js'), dataDir, counterModule()];
    if (crashBlock !== undefined) {
        args.push(String(crashBlock));
    }
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Ack[] = [];
    let buffered = '';
    let stderr = '';
    return new Promise((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdout.on('data', (chunk: Buffer) => {
            buffered += chunk.toString();
            const lines = buffered.split('\n');
            buffered = lines.pop()!;
            for (const line of lines) {
                const [tag, txId, block, key] = line.split(' ');
                if (tag === 'ACK') {
                    acks.push({ txId: txId!, blockNumber: Number(block), key: key! });
                }
            }
            if (acks.length >= count && child.exitCode === null && !child.killed) {
                child.kill('SIGKILL');
            }
        });
        child.on('exit', (code, signal) => {
            if (signal === 'SIGKILL') {
                resolve(acks);
            } else {
                reject(new Error(`child exited with ${code}: ${stderr}`));
            }
        });
    });
}

describe('embedded ledger: durability and tamper evidence', function () {
    this.timeout(60_000);

    after(removeTempDirs);

    it('keeps every acknowledged transaction across kill -9', async function () {
        const dataDir = tempDir();
        const acks = await runAndKill(dataDir, 60);
        expect(acks.length).to.be.at.least(60);
        const ledger = await reopen(dataDir);
        try {
            for (const ack of acks) {
                const proof = await ledger.transactionProof(ack.txId);
                expect(proof.blockNumber).to.equal(ack.blockNumber);
                expect(text(await ledger.evaluate(counter('get', [ack.key])))).to.equal(`value-of-${ack.key}`);
            }
            // The reopened ledger keeps appending to the same chain.
            const committed = await ledger.submit(counter('put', ['after', 'restart']));
            expect(committed.blockNumber).to.equal((await ledger.health()).height! - 1);
        } finally {
            await ledger.close();
        }
        // The lock left by the killed process was taken over; a clean reopen verifies the whole chain.
        const again = await reopen(dataDir);
        expect(text(await again.evaluate(counter('get', ['after'])))).to.equal('restart');
        await again.close();
    });

    it('closes the gap when killed between the block write and the state DB write', async function () {
        const dataDir = tempDir();
        // Key k<i> is in block i + 1; the child dies once block 5 (key k4) is durable, before its state write.
        const acks = await runAndKill(dataDir, Number.POSITIVE_INFINITY, 5);
        expect(acks.map((ack) => ack.key)).to.deep.equal(['k0', 'k1', 'k2', 'k3']);
        const raw = await WorldState.open(path.join(dataDir, 'statedb'));
        try {
            expect(raw.savepoint?.height).to.equal(5);
            expect(raw.get('', 'k4')).to.equal(undefined);
        } finally {
            await raw.close();
        }
        const logger = recordingLogger();
        const ledger = await reopen(dataDir, logger);
        try {
            expect(logger.infos.join('\n')).to.match(/embedded ledger: replayed 1 blocks up to height 6 in/);
            expect((await ledger.health()).height).to.equal(6);
            expect(text(await ledger.evaluate(counter('get', ['k4'])))).to.equal('value-of-k4');
            expect((await ledger.submit(counter('put', ['k5', 'next']))).blockNumber).to.equal(6);
        } finally {
            await ledger.close();
        }
        // A clean restart replays nothing: the savepoint is at the block file's height.
        const quiet = recordingLogger();
        await (await reopen(dataDir, quiet)).close();
        expect(quiet.infos.join('\n')).not.to.contain('replayed');
    });

    it('rebuilds a deleted state DB from the blocks: state, composite keys, txId index', async function () {
        const dataDir = tempDir();
        let ledger = await reopen(dataDir);
        const first = await ledger.submit(counter('increment', ['r']));
        const second = await ledger.submit(counter('increment', ['r']));
        await ledger.submit(counter('putIndexed', ['t', 'a', 'b', 'indexed']));
        await ledger.close();
        const stateDir = path.join(dataDir, 'statedb');
        expect(existsSync(path.join(stateDir, 'CURRENT')), 'a LevelDB state DB').to.equal(true);
        rmSync(stateDir, { recursive: true });
        const logger = recordingLogger();
        ledger = await reopen(dataDir, logger);
        expect(logger.infos.join('\n')).to.match(/no state database .* rebuilding it from the blocks/);
        expect(logger.infos.join('\n')).to.match(/embedded ledger: replayed 4 blocks up to height 4 in/);
        expect(text(await ledger.evaluate(counter('get', ['counter:r'])))).to.equal('2');
        expect(text(await ledger.evaluate(counter('byPartial', ['t', 'a'])))).to.contain('indexed');
        expect((await ledger.transactionProof(first.txId)).blockNumber).to.equal(first.blockNumber);
        expect((await ledger.transactionProof(second.txId)).blockNumber).to.equal(second.blockNumber);
        expect(text((await ledger.submit(counter('increment', ['r']))).result)).to.equal('3');
        await ledger.close();
    });

    it('keeps state and the txId index across a clean restart', async function () {
        const dataDir = tempDir();
        let ledger = await reopen(dataDir);
        const first = await ledger.submit(counter('increment', ['r']));
        const second = await ledger.submit(counter('increment', ['r']));
        await ledger.close();
        ledger = await reopen(dataDir);
        expect(text(await ledger.evaluate(counter('get', ['counter:r'])))).to.equal('2');
        expect((await ledger.transactionProof(first.txId)).blockNumber).to.equal(first.blockNumber);
        expect((await ledger.transactionProof(second.txId)).blockNumber).to.equal(second.blockNumber);
        expect(text((await ledger.submit(counter('increment', ['r']))).result)).to.equal('3');
        await ledger.close();
    });

    it('truncates a torn frame after the last acknowledged block with a warning instead of refusing', async function () {
        const dataDir = await fiveBlocks();
        const file = blockFile(dataDir);
        const bytes = readFileSync(file);
        const last = frameOffsets(file).at(-1)!;
        // A crash mid-append of a sixth block: a frame cut short after the five acknowledged ones.
        appendFileSync(file, bytes.subarray(last, last + Math.floor((bytes.length - last) / 2)));
        let logger = recordingLogger();
        let ledger = await reopen(dataDir, logger);
        expect(logger.warnings.join('\n')).to.match(/truncating torn last block frame .* at byte \d+/);
        expect((await ledger.health()).height).to.equal(6);
        expect(statSync(file).size).to.equal(bytes.length);
        await ledger.submit(counter('put', ['key5', 'again']));
        await ledger.close();

        // A crash that left zero-filled space after the last frame.
        appendFileSync(file, Buffer.alloc(4096));
        logger = recordingLogger();
        ledger = await reopen(dataDir, logger);
        expect(logger.warnings).to.have.length(1);
        expect(text(await ledger.evaluate(counter('get', ['key5'])))).to.equal('again');
        await ledger.close();

        // A partial frame header only.
        appendFileSync(file, Buffer.from([0, 0, 1]));
        ledger = await reopen(dataDir);
        expect((await ledger.health()).height).to.equal(7);
        await ledger.close();
    });

    it('finds a byte flipped in a stored block, naming the block', async function () {
        const dataDir = await fiveBlocks();
        const file = blockFile(dataDir);
        const bytes = readFileSync(file);
        const offset = frameOffsets(file)[3]!;
        const target = bytes.indexOf('value-3', offset);
        bytes[target] = 'V'.charCodeAt(0);
        writeFileSync(file, bytes);
        await expectDamageFound(dataDir, /block 3 .* was altered or is corrupted \(frame checksum mismatch/);
    });

    it('finds a flipped byte in the last block too (a complete frame is not a torn write)', async function () {
        const dataDir = await fiveBlocks();
        const file = blockFile(dataDir);
        const bytes = readFileSync(file);
        const target = bytes.indexOf('value-5');
        bytes[target] = bytes[target]! ^ 0x01;
        writeFileSync(file, bytes);
        await expectDamageFound(dataDir, /block 5 .* was altered or is corrupted/);
    });

    it('finds an edited field even when the frame checksum was recomputed', async function () {
        const dataDir = await fiveBlocks();
        const file = blockFile(dataDir);
        const bytes = readFileSync(file);
        const offset = frameOffsets(file)[2]!;
        const length = bytes.readUInt32BE(offset);
        const payload = bytes.subarray(offset + 8, offset + 8 + length);
        const edited = Buffer.from(payload.toString('utf8').replace('"key2"', '"keyX"'), 'utf8');
        expect(edited.length).to.equal(payload.length);
        edited.copy(bytes, offset + 8);
        bytes.writeUInt32BE(crc32(edited), offset + 4);
        writeFileSync(file, bytes);
        await expectDamageFound(dataDir, /block 2 .* \(dataHash does not match its transactions\)/);
    });

    it('finds a re-hashed block whose header no longer chains or verifies', async function () {
        const dataDir = await fiveBlocks();
        const file = blockFile(dataDir);
        const bytes = readFileSync(file);
        const offset = frameOffsets(file)[4]!;
        const length = bytes.readUInt32BE(offset);
        const payload = bytes.subarray(offset + 8, offset + 8 + length).toString('utf8');
        // Move the block's timestamp: the header signature no longer verifies.
        const edited = Buffer.from(payload.replace(/"timestamp":"\d{4}/, '"timestamp":"1999'), 'utf8');
        edited.copy(bytes, offset + 8);
        bytes.writeUInt32BE(crc32(edited), offset + 4);
        writeFileSync(file, bytes);
        await expectDamageFound(dataDir, /block 4 .* \(header signature does not verify/);
    });

    it('finds a block removed from the middle of the chain', async function () {
        const dataDir = await fiveBlocks();
        const file = blockFile(dataDir);
        const bytes = readFileSync(file);
        const offsets = frameOffsets(file);
        writeFileSync(file, Buffer.concat([bytes.subarray(0, offsets[2]), bytes.subarray(offsets[3])]));
        await expectDamageFound(dataDir, /block 2 .* \(header says block 3\)/);
    });

    it('refuses a data directory held by this or another live process', async function () {
        const dataDir = await fiveBlocks();
        const ledger = await reopen(dataDir);
        try {
            await expectRefusal(dataDir, /already open in this process/);
        } finally {
            await ledger.close();
        }
        writeFileSync(path.join(dataDir, 'LOCK'), `${process.ppid}\n`);
        await expectRefusal(dataDir, new RegExp(`in use by process ${process.ppid}`));
    });
});
