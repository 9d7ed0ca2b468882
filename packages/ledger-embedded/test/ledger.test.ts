import { expect } from 'chai';
import { createEmbeddedLedger, verifyEmbeddedTransactionProof } from '../src';
import type { EmbeddedTransactionProof } from '../src';
import type { Ledger } from '@court-ledger/ledger-api';
import { counter, counterModule, rejection, removeTempDirs, tempDir, text } from './helpers/fixtures';

describe('embedded ledger: transactions through fabric-contract-api', function () {
    let ledger: Ledger;

    before(async function () {
        ledger = await createEmbeddedLedger({ dataDir: tempDir(), chaincodeModulePath: counterModule() });
    });

    after(async function () {
        await ledger.close();
        removeTempDirs();
    });

    it('starts with the genesis block', async function () {
        expect(ledger.mode).to.equal('embedded');
        expect(ledger.channel).to.equal('court');
        expect(await ledger.health()).to.deep.equal({ ok: true, mode: 'embedded', height: 1 });
    });

    it('submits, commits and evaluates', async function () {
        const committed = await ledger.submit(counter('increment', ['a']));
        expect(text(committed.result)).to.equal('1');
        expect(committed.blockNumber).to.equal(1);
        expect(committed.txId).to.match(/^[0-9a-f]{64}$/);
        expect(Date.parse(committed.timestamp)).to.be.closeTo(Date.now(), 5000);
        expect(text(await ledger.evaluate(counter('get', ['counter:a'])))).to.equal('1');
        expect(text((await ledger.submit(counter('increment', ['a']))).result)).to.equal('2');
    });

    it('does not create blocks for queries', async function () {
        const before = (await ledger.health()).height;
        await ledger.evaluate(counter('get', ['counter:a']));
        await ledger.evaluate(counter('increment', ['a']));
        expect((await ledger.health()).height).to.equal(before);
        expect(text(await ledger.evaluate(counter('get', ['counter:a'])))).to.equal('2');
    });

    it('rejects chaincode errors with their message, for submit and evaluate', async function () {
        const failure = await rejection(ledger.submit(counter('fail', ['CONFLICT: nope'])));
        expect(failure.kind).to.equal('chaincode');
        expect(failure.message).to.equal('CONFLICT: nope');
        expect(failure.txId).to.match(/^[0-9a-f]{64}$/);
        const evaluated = await rejection(ledger.evaluate(counter('fail', ['NOT_FOUND: gone'])));
        expect(evaluated.kind).to.equal('chaincode');
        expect(evaluated.message).to.equal('NOT_FOUND: gone');
        const unknown = await rejection(ledger.evaluate({ ...counter('nope'), contract: 'nosuch' }));
        expect(unknown.message).to.contain('Contract name is not known: nosuch');
    });

    it('shows a transaction the committed state, not its own writes (Fabric semantics)', async function () {
        await ledger.submit(counter('put', ['own', 'old']));
        const seen = await ledger.submit(counter('putThenGet', ['own', 'new']));
        expect(text(seen.result)).to.equal('old');
        expect(text(await ledger.evaluate(counter('get', ['own'])))).to.equal('new');
    });

    it('serves ranges and partial composite keys in LevelDB key order', async function () {
        for (const key of ['r/b', 'r/a', 'r/c', 'r/\u{1F600}', 'r/\uFFFD']) {
            await ledger.submit(counter('put', [key, key.toUpperCase()]));
        }
        const range = JSON.parse(text(await ledger.evaluate(counter('range', ['r/', 'r0'])))) as [string, string][];
        // Code point (UTF-8 byte) order: U+FFFD before U+1F600, unlike UTF-16 code unit order.
        expect(range.map(([key]) => key)).to.deep.equal(['r/a', 'r/b', 'r/c', 'r/\uFFFD', 'r/\u{1F600}']);
        await Promise.all([
            ledger.submit(counter('putIndexed', ['item', 'x', '2', 'x2'])),
            ledger.submit(counter('putIndexed', ['item', 'x', '1', 'x1'])),
            ledger.submit(counter('putIndexed', ['item', 'y', '1', 'y1'])),
            ledger.submit(counter('putIndexed', ['item', 'x', '\uFFFF', 'xmax'])),
        ]);
        const partial = JSON.parse(text(await ledger.evaluate(counter('byPartial', ['item', 'x'])))) as string[];
        expect(partial).to.deep.equal(['x1', 'x2', 'xmax']);
    });

    it('pages range results of more than one batch', async function () {
        await Promise.all(
            Array.from({ length: 250 }, (_, i) =>
                ledger.submit(counter('put', [`bulk/${String(i).padStart(3, '0')}`, 'v'])),
            ),
        );
        const range = JSON.parse(text(await ledger.evaluate(counter('range', ['bulk/', 'bulk0'])))) as unknown[];
        expect(range).to.have.length(250);
    });

    it('refuses rich queries like a LevelDB peer', async function () {
        const failure = await rejection(ledger.evaluate(counter('rich')));
        expect(failure.kind).to.equal('chaincode');
        expect(failure.message).to.contain('not supported').and.to.contain('LevelDB');
    });

    it('stores key-level endorsement parameters as state metadata; an undecodable one fails closed', async function () {
        await ledger.submit(counter('put', ['guarded', 'v']));
        await ledger.submit(counter('setPolicy', ['guarded', 'policy-bytes']));
        expect(text(await ledger.evaluate(counter('getPolicy', ['guarded'])))).to.equal('policy-bytes');
        // Not a SignaturePolicyEnvelope with a rule: no endorsement can satisfy it (Fabric cannot compile it).
        const failure = await rejection(ledger.submit(counter('put', ['guarded', 'v2'])));
        expect(failure.kind).to.equal('endorsement-policy');
        expect(failure.message).to.match(/^ENDORSEMENT_POLICY_FAILURE: key "guarded" requires an undecodable/);
        expect(text(await ledger.evaluate(counter('get', ['guarded'])))).to.equal('v');
        expect(text(await ledger.evaluate(counter('getPolicy', ['guarded'])))).to.equal('policy-bytes');
    });

    it('proves a committed transaction offline', async function () {
        const committed = await ledger.submit(counter('put', ['proved', 'yes']));
        const proof = (await ledger.transactionProof(committed.txId)) as EmbeddedTransactionProof;
        expect(proof).to.include({ mode: 'embedded', channel: 'court', txId: committed.txId });
        expect(proof.blockNumber).to.equal(committed.blockNumber);
        expect(proof.timestamp).to.equal(committed.timestamp);
        expect(proof.transaction).to.include({ contract: 'counter', fn: 'put', validationCode: 'VALID' });
        expect(proof.transaction.args).to.deep.equal(['proved', 'yes']);
        expect(proof.transaction.creator.mspId).to.equal('CourtMSP');
        expect(proof.block.nodePublicKey).to.contain('BEGIN PUBLIC KEY');
        expect(await verifyEmbeddedTransactionProof(proof)).to.deep.equal({
            valid: true,
            problems: [],
            endorsers: ['CourtMSP'],
        });
        expect(
            (
                await verifyEmbeddedTransactionProof(JSON.parse(JSON.stringify(proof)), {
                    trustedNodePublicKeys: [proof.block.nodePublicKey],
                })
            ).valid,
        ).to.equal(true);

        const forged = structuredClone(proof) as unknown as { transaction: { args: string[] } };
        forged.transaction.args = ['proved', 'no'];
        const check = await verifyEmbeddedTransactionProof(forged);
        expect(check.valid).to.equal(false);
        expect(check.problems).to.include('transaction hash is not txHashes[txIndex]');

        const resigned = structuredClone(proof) as unknown as { block: { header: { timestamp: string } } };
        resigned.block.header.timestamp = new Date(0).toISOString();
        expect((await verifyEmbeddedTransactionProof(resigned)).problems).to.include(
            'block header signature does not verify with nodePublicKey',
        );
        expect((await verifyEmbeddedTransactionProof(proof, { trustedNodePublicKeys: [] })).valid).to.equal(false);
        expect((await verifyEmbeddedTransactionProof({ mode: 'fabric' })).valid).to.equal(false);
        try {
            await ledger.transactionProof('0'.repeat(64));
            expect.fail('expected an error');
        } catch (error) {
            expect((error as Error).message).to.contain('is not on channel court');
        }
    });

    it('rejects calls after close', async function () {
        const other = await createEmbeddedLedger({ dataDir: tempDir(), chaincodeModulePath: counterModule() });
        await other.close();
        const failure = await rejection(other.submit(counter('increment', ['x'])));
        expect(failure.kind).to.equal('unavailable');
        expect((await other.health()).ok).to.equal(false);
    });
});
