import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createEmbeddedLedger } from '../../../src/platform/ledger/embedded';
import { LedgerFailure, type Committed, type Ledger } from '../../../src/platform/ledger/ledger';
import { counter, counterModule, removeTempDirs, tempDir, text } from './helpers/fixtures';

function settle(results: PromiseSettledResult<Committed>[]): { ok: Committed[]; failed: LedgerFailure[] } {
    const ok: Committed[] = [];
    const failed: LedgerFailure[] = [];
    for (const result of results) {
        if (result.status === 'fulfilled') {
            ok.push(result.value);
        } else {
            expect(result.reason).to.be.instanceOf(LedgerFailure);
            failed.push(result.reason as LedgerFailure);
        }
    }
    return { ok, failed };
}

describe('embedded ledger: MVCC validation and group commit', function () {
    let ledger: Ledger;
    let dataDir: string;

    beforeEach(async function () {
        dataDir = tempDir();
        ledger = await createEmbeddedLedger({ dataDir, chaincodeModulePath: counterModule() });
    });

    afterEach(async function () {
        await ledger.close();
    });

    after(removeTempDirs);

    it('invalidates the second of two concurrent read-modify-writes of one key', async function () {
        const results = await Promise.allSettled([
            ledger.submit(counter('increment', ['shared'])),
            ledger.submit(counter('increment', ['shared'])),
        ]);
        const { ok, failed } = settle(results);
        expect(ok).to.have.length(1);
        expect(failed).to.have.length(1);
        const conflict = failed[0]!;
        expect(conflict.kind).to.equal('mvcc-conflict');
        expect(conflict.message).to.contain('MVCC_READ_CONFLICT');
        expect(text(await ledger.evaluate(counter('get', ['counter:shared'])))).to.equal('1');

        // Both were group-committed into the same block; the loser is recorded there as invalid.
        const winner = ok[0]!;
        const blocks = readFileSync(path.join(dataDir, 'chain', 'blocks.dat'), 'utf8');
        expect(blocks).to.contain(`"txId":"${conflict.txId!}"`);
        const line = blocks.split('\n').find((l) => l.includes(`"txId":"${conflict.txId!}"`))!;
        expect(line).to.contain('"validationCode":"MVCC_READ_CONFLICT"');
        const proof = await ledger.transactionProof(winner.txId);
        expect((proof as unknown as { txHashes: string[] }).txHashes).to.have.length(2);
        try {
            await ledger.transactionProof(conflict.txId!);
            expect.fail('expected an error');
        } catch (error) {
            expect((error as Error).message).to.contain('MVCC_READ_CONFLICT');
        }
        // The invalid transaction emitted no event and changed nothing; a retry succeeds.
        expect(text((await ledger.submit(counter('increment', ['shared']))).result)).to.equal('2');
    });

    it('commits many concurrent writers of distinct keys in few blocks', async function () {
        const height = (await ledger.health()).height!;
        const committed = await Promise.all(
            Array.from({ length: 200 }, (_, i) => ledger.submit(counter('increment', [`k${i}`]))),
        );
        const blocks = new Set(committed.map((c) => c.blockNumber));
        expect(blocks.size).to.be.lessThan(10);
        expect((await ledger.health()).height).to.equal(height + blocks.size);
    });

    it('invalidates one writer per round when many race on one key', async function () {
        const results = settle(
            await Promise.allSettled(Array.from({ length: 10 }, () => ledger.submit(counter('increment', ['hot'])))),
        );
        expect(results.ok).to.have.length(1);
        expect(results.failed.map((f) => f.kind)).to.deep.equal(Array(9).fill('mvcc-conflict'));
    });

    it('detects phantom reads: a range scan invalidated by an insert into the range', async function () {
        await ledger.submit(counter('put', ['item/1', 'a']));
        const results = settle(
            await Promise.allSettled([
                ledger.submit(counter('put', ['item/2', 'b'])),
                ledger.submit(counter('summarise', ['item/', 'item0'])),
            ]),
        );
        expect(results.ok).to.have.length(1);
        expect(results.failed[0]!.kind).to.equal('mvcc-conflict');
        expect(results.failed[0]!.message).to.contain('PHANTOM_READ_CONFLICT');
        expect(text(await ledger.submit(counter('summarise', ['item/', 'item0'])).then((c) => c.result))).to.equal('2');
    });
});
