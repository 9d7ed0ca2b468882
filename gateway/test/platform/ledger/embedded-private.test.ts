import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import { createEmbeddedLedger } from '../../../src/platform/ledger/embedded';
import type { EmbeddedTransactionProof } from '../../../src/platform/ledger/embedded';
import { checkLedger } from '../../../src/platform/ledger/embedded/check';
import { LedgerFailure, type Ledger } from '../../../src/platform/ledger/ledger';
import { closeLedger, counter, counterModule, openCounterLedger, recordingLogger, text } from './helpers/fixtures';

const SECRET = 'SECRET-personal-data: Zhang San, ID 110101199003071234, +86 138 0000 0000';
const SECRET_KEY = 'person-110101199003071234';

function secretProposal(collection = 'pii') {
    return counter('putSecret', [collection, 'ref-1'], {
        transient: { secret: Buffer.from(SECRET), secretKey: Buffer.from(SECRET_KEY) },
    });
}

/** Every encoding of `value` a careless implementation could have written. */
function encodings(value: string): string[] {
    const bytes = Buffer.from(value);
    return [value, bytes.toString('base64'), bytes.toString('hex'), JSON.stringify(value).slice(1, -1)];
}

describe('embedded ledger: private data collections', function () {
    let ledger: Ledger;
    let dataDir: string;

    before(async function () {
        ({ ledger, dataDir } = await openCounterLedger());
    });

    after(() => closeLedger(ledger));

    it('keeps private keys and values out of the block file; the block carries their hashes', async function () {
        const committed = await ledger.submit(secretProposal());
        expect(text(await ledger.evaluate(counter('getSecret', ['pii', SECRET_KEY])))).to.equal(SECRET);
        const sha = createHash('sha256').update(SECRET).digest('hex');
        expect(text(await ledger.evaluate(counter('secretHash', ['pii', SECRET_KEY])))).to.equal(sha);

        const raw = readFileSync(path.join(dataDir, 'chain', 'blocks.dat'));
        for (const needle of [...encodings(SECRET), ...encodings(SECRET_KEY), '110101199003071234']) {
            expect(raw.includes(needle), `block file contains ${needle}`).to.equal(false);
        }
        const proof = (await ledger.transactionProof(committed.txId)) as EmbeddedTransactionProof;
        const [collection] = proof.transaction.rwset.collections;
        expect(collection).to.deep.equal({
            collection: 'pii',
            reads: [],
            writes: [{ keyHash: createHash('sha256').update(SECRET_KEY).digest('hex'), valueHash: sha }],
            metadataWrites: [],
        });
        // The transient field itself is only committed to by hash.
        expect(proof.transaction.transientHash).to.match(/^[0-9a-f]{64}$/);
        // The private data store does hold the value (that is its job).
        expect(
            readFileSync(path.join(dataDir, 'pvtdata', 'pvtdata.dat')).includes(Buffer.from(SECRET).toString('base64')),
        ).to.equal(true);
    });

    it('restores private state from the private data store after a restart', async function () {
        await ledger.close();
        ledger = await createEmbeddedLedger({ dataDir, chaincodeModulePath: counterModule() });
        expect(text(await ledger.evaluate(counter('getSecret', ['pii', SECRET_KEY])))).to.equal(SECRET);
    });

    it('discards private data written for a block that never reached the block file', async function () {
        const height = (await ledger.health()).height!;
        await ledger.close();
        const file = path.join(dataDir, 'pvtdata', 'pvtdata.dat');
        const orphan = Buffer.from(
            JSON.stringify({
                blockNumber: height,
                writes: [{ collection: 'pii', key: 'orphan', txIndex: 0, value: 'eA==' }],
            }),
        );
        const frame = Buffer.alloc(8);
        frame.writeUInt32BE(orphan.length, 0);
        frame.writeUInt32BE(crc32(orphan), 4);
        appendFileSync(file, Buffer.concat([frame, orphan]));
        const logger = recordingLogger();
        ledger = await createEmbeddedLedger({ dataDir, chaincodeModulePath: counterModule(), logger });
        expect(logger.warnings.join('\n')).to.contain('discarding private data of uncommitted blocks');
        expect(text(await ledger.evaluate(counter('getSecret', ['pii', 'orphan'])))).to.equal('');
        // The next block reuses that number without tripping over the discarded record.
        await ledger.submit(secretProposal());
        await ledger.close();
        ledger = await createEmbeddedLedger({ dataDir, chaincodeModulePath: counterModule() });
        expect(text(await ledger.evaluate(counter('getSecret', ['pii', SECRET_KEY])))).to.equal(SECRET);
    });

    it('refuses collections the chaincode does not define', async function () {
        try {
            await ledger.submit(secretProposal('undeclared'));
            expect.fail('expected a rejection');
        } catch (error) {
            expect(error).to.be.instanceOf(LedgerFailure);
            expect((error as LedgerFailure).message).to.contain('collection undeclared is not defined');
        }
    });

    it('finds private data that no longer matches the hashes in the block (check, state rebuild)', async function () {
        await ledger.close();
        const file = path.join(dataDir, 'pvtdata', 'pvtdata.dat');
        const bytes = readFileSync(file);
        const encoded = Buffer.from(SECRET).toString('base64');
        const at = bytes.indexOf(encoded);
        // Swap two characters of the stored value and fix the frame checksum, so only the hash check can tell.
        const edited = Buffer.from(bytes);
        edited[at] = bytes[at + 1]!;
        edited[at + 1] = bytes[at]!;
        let frame = 0;
        while (frame + 8 + edited.readUInt32BE(frame) <= at) {
            frame += 8 + edited.readUInt32BE(frame);
        }
        edited.writeUInt32BE(crc32(edited.subarray(frame + 8, frame + 8 + edited.readUInt32BE(frame))), frame + 4);
        writeFileSync(file, edited);
        await checkLedger(dataDir).then(
            () => expect.fail('expected ledger check to fail'),
            (error: unknown) => {
                expect((error as Error).message).to.match(/block \d+ .*private data of transaction 0 does not match/);
            },
        );
        rmSync(path.join(dataDir, 'statedb'), { recursive: true, force: true });
        try {
            ledger = await createEmbeddedLedger({ dataDir, chaincodeModulePath: counterModule() });
            expect.fail('expected a refusal');
        } catch (error) {
            expect((error as Error).message).to.match(/block \d+ .*private data of transaction 0 does not match/);
        }
        writeFileSync(file, bytes);
        ledger = await createEmbeddedLedger({
            dataDir,
            chaincodeModulePath: counterModule(),
            logger: recordingLogger(),
        });
    });
});
