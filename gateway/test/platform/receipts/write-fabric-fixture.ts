/**
 * Regenerates gateway/test/platform/receipts/fixtures/fabric-anchor.json from the running Fabric network: anchors
 * the tree of `batch(FABRIC_FIXTURE_SIZE, FABRIC_FIXTURE_SEED)` with `anchor:record`, fetches the block
 * holding it (qscc GetBlockByTxID) and writes the block, the tx id and the organisations' CA certificates:
 * `npx tsc -b && FABRIC_CONNECTION=… node gateway/dist/test/platform/receipts/write-fabric-fixture.js && npx prettier --write gateway/test/platform/receipts/fixtures`.
 */
import { writeFileSync } from 'node:fs';
import { anchorBatch, fabricNetwork, mspCaCertificates } from '../ledger/helpers/fabric-network';
import { FABRIC_FIXTURE_FILE, FABRIC_FIXTURE_SEED, FABRIC_FIXTURE_SIZE, type FabricFixture } from './fabric-fixture';
import { batch } from './fixtures';

async function main(): Promise<void> {
    const network = fabricNetwork();
    if (!network.available) {
        throw new Error(network.reason);
    }
    const { tree } = batch(FABRIC_FIXTURE_SIZE, FABRIC_FIXTURE_SEED);
    const anchored = await anchorBatch(network.connection, tree.rootHash().toString('hex'), tree.treeSize);
    const fixture: FabricFixture = {
        channel: network.connection.channel,
        txId: anchored.txId,
        batchId: anchored.batchId,
        block: Buffer.from(anchored.block).toString('base64'),
        mspCaCertificates: mspCaCertificates(network.connection),
    };
    writeFileSync(FABRIC_FIXTURE_FILE, `${JSON.stringify(fixture, null, 4)}\n`);
    process.stdout.write(`wrote ${FABRIC_FIXTURE_FILE} (transaction ${anchored.txId})\n`);
}

main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
});
