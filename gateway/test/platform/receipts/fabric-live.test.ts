import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { buildFabricTransactionProof } from '../../../src/platform/ledger/fabric/proof';
import { buildReceipt, verifyReceipt, type Receipt } from '../../../src/platform/receipts';
import { anchorVerifiers } from '../../../src/platform/receipts/anchor-verifiers';
import { anchorBatch, describeWithFabric, mspCaCertificates } from '../ledger/helpers/fabric-network';
import { batch, copy } from './fixtures';

const run = promisify(execFile);
const cli = join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');

/** Runs `court-ledger verify-receipt …`; its exit code and output. */
async function verifyReceiptCli(args: string[]): Promise<{ code: number; stdout: string }> {
    try {
        const { stdout } = await run(process.execPath, [cli, 'verify-receipt', ...args]);
        return { code: 0, stdout };
    } catch (error) {
        const failure = error as { code?: number; stdout?: string };
        return { code: failure.code ?? -1, stdout: failure.stdout ?? '' };
    }
}

describeWithFabric('receipts: fabric receipt of a batch anchored on the running network', (connection) => {
    const { digests, tree } = batch(7, `live ${Date.now()}`);
    let receipt: Receipt;
    let dir: string;

    before(async () => {
        const cas = mspCaCertificates(connection);
        const anchored = await anchorBatch(connection, tree.rootHash().toString('hex'), tree.treeSize);
        const anchor = await buildFabricTransactionProof({
            channel: connection.channel,
            txId: anchored.txId,
            block: anchored.block,
            mspCaCertificates: cas,
        });
        receipt = buildReceipt({ digest: digests[3]!, leafIndex: 3, tree, batchId: anchored.batchId, anchor });
        dir = await mkdtemp(join(tmpdir(), 'fabric-receipt-'));
        await writeFile(join(dir, 'receipt.json'), JSON.stringify(receipt));
        await writeFile(join(dir, 'trust.json'), JSON.stringify(cas));
    });

    after(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it('verifies offline with the organisations’ CA certificates pinned', async () => {
        const result = await verifyReceipt(JSON.parse(JSON.stringify(receipt)), {
            anchorVerifiers: anchorVerifiers({ trustedCaCertificates: mspCaCertificates(connection) }),
        });
        expect(result.checks.filter((c) => !c.ok)).to.deep.equal([]);
        expect(result.ok).to.equal(true);
    });

    it('court-ledger verify-receipt accepts it with --trust and rejects a tampered copy', async () => {
        const valid = await verifyReceiptCli([join(dir, 'receipt.json'), '--trust', join(dir, 'trust.json')]);
        expect(valid.stdout).to.match(/ok {3}fabric-ca-certificates: .*pinned/);
        expect(valid.stdout).to.match(/receipt valid\n$/);
        expect(valid.code).to.equal(0);
        const tampered = copy(receipt);
        tampered.treeSize = 8;
        await writeFile(join(dir, 'tampered.json'), JSON.stringify(tampered));
        const invalid = await verifyReceiptCli([join(dir, 'tampered.json'), '--trust', join(dir, 'trust.json')]);
        expect(invalid.stdout).to.match(/FAIL anchor-tree-size/);
        expect(invalid.stdout).to.match(/receipt INVALID\n$/);
        expect(invalid.code).to.equal(1);
    });
});
