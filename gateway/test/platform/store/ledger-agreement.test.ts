import { expect } from 'chai';
import { createEmbeddedLedger, type EmbeddedTransactionProof } from '../../../src/platform/ledger/embedded';
import type { Ledger, LedgerEvent } from '../../../src/platform/ledger/ledger';
import {
    checkIndexAgainstLedger,
    IndexLedgerMismatchError,
    REBUILD_COMMAND,
} from '../../../src/platform/store/ledger-agreement';
import { counter, counterModule, removeTempDirs, tempDir } from '../ledger/helpers/fixtures';

async function refusal(promise: Promise<unknown>): Promise<IndexLedgerMismatchError> {
    try {
        await promise;
    } catch (error) {
        expect(error).to.be.instanceOf(IndexLedgerMismatchError);
        return error as IndexLedgerMismatchError;
    }
    expect.fail('expected a refusal');
}

describe('the index checked against the ledger (block hashes)', function () {
    let ledger: Ledger;

    before(async function () {
        ledger = await createEmbeddedLedger({ dataDir: tempDir(), chaincodeModulePath: counterModule() });
        for (let i = 0; i < 3; i++) {
            await ledger.submit(counter('increment', ['a']));
        }
    });

    after(async function () {
        await ledger.close();
        removeTempDirs();
    });

    it('gives the header hash of each block (the next block’s previousHash), undefined past the height', async function () {
        const next = await ledger.submit(counter('increment', ['a']));
        const proof = (await ledger.transactionProof(next.txId)) as EmbeddedTransactionProof;
        const previous = (proof.block.header as { previousHash: string }).previousHash;
        expect(await ledger.blockHash(next.blockNumber - 1)).to.equal(previous);
        expect(await ledger.blockHash(next.blockNumber)).to.match(/^[0-9a-f]{64}$/);
        expect(await ledger.blockHash(next.blockNumber + 1)).to.equal(undefined);
        expect(await ledger.blockHash(-1)).to.equal(undefined);
    });

    it('ends an event stream at untilHeight instead of waiting for live blocks', async function () {
        const { height = 0 } = await ledger.health();
        const events: LedgerEvent[] = [];
        for await (const event of ledger.events(undefined, new AbortController().signal, { untilHeight: 3 })) {
            events.push(event);
        }
        expect(events.map((e) => e.blockNumber)).to.deep.equal([1, 2]);
        expect(height).to.be.greaterThan(3);
    });

    it('accepts an index whose checkpoint block has the same hash, or no checkpoint', async function () {
        const blockHash = (await ledger.blockHash(2)) ?? '';
        await checkIndexAgainstLedger({ blockNumber: 2, txIndex: 0, blockHash }, ledger);
        await checkIndexAgainstLedger(undefined, ledger);
    });

    it('refuses an index ahead of the ledger, saying by how much and how to rebuild', async function () {
        const { height = 0 } = await ledger.health();
        const error = await refusal(checkIndexAgainstLedger({ blockNumber: height + 2, txIndex: 0 }, ledger));
        expect(error.message).to.include(`the index is ahead of the ledger by 3 blocks`);
        expect(error.message).to.include(`the ledger holds only ${height} blocks`);
        expect(error.message).to.include(REBUILD_COMMAND);
    });

    it('refuses an index projected from a different block at its height', async function () {
        const error = await refusal(
            checkIndexAgainstLedger({ blockNumber: 1, txIndex: 0, blockHash: 'ab'.repeat(32) }, ledger),
        );
        expect(error.message).to.include('the index and the ledger disagree at block 1');
        expect(error.message).to.include(REBUILD_COMMAND);
    });
});
