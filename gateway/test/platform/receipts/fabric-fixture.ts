import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFabricTransactionProof } from '../../../src/platform/ledger/fabric/proof';
import { buildReceipt, type Receipt } from '../../../src/platform/receipts';
import { batch } from './fixtures';

/** The batch the fixture's transaction anchors: `batch(FABRIC_FIXTURE_SIZE, FABRIC_FIXTURE_SEED)`. */
export const FABRIC_FIXTURE_SIZE = 5;
export const FABRIC_FIXTURE_SEED = 'fabric fixture';

/**
 * fixtures/fabric-anchor.json: a real block captured from the Fabric 3.1.5 test network (write-fabric-fixture.ts),
 * holding `anchor:record` of the batch above, with the organisations' CA certificates.
 */
export interface FabricFixture {
    readonly channel: string;
    readonly txId: string;
    readonly batchId: string;
    /** The common.Block, base64. */
    readonly block: string;
    readonly mspCaCertificates: Readonly<Record<string, readonly string[]>>;
}

/** Where the fixture lives in the source tree (this module runs from gateway/dist/test/platform/receipts). */
export const FABRIC_FIXTURE_FILE = join(__dirname, '../../../../test/platform/receipts/fixtures/fabric-anchor.json');

export function fabricFixture(): FabricFixture {
    return JSON.parse(readFileSync(FABRIC_FIXTURE_FILE, 'utf8')) as FabricFixture;
}

/** A receipt for leaf `leafIndex` of the fixture's batch, anchored by the fixture's transaction. */
export async function fabricReceipt(leafIndex = 2, fixture = fabricFixture()): Promise<Receipt> {
    const { digests, tree } = batch(FABRIC_FIXTURE_SIZE, FABRIC_FIXTURE_SEED);
    const anchor = await buildFabricTransactionProof({
        channel: fixture.channel,
        txId: fixture.txId,
        block: Buffer.from(fixture.block, 'base64'),
        mspCaCertificates: fixture.mspCaCertificates,
    });
    const receipt = buildReceipt({ digest: digests[leafIndex]!, leafIndex, tree, batchId: fixture.batchId, anchor });
    // JSON round trip: a receipt as a third party receives it.
    return JSON.parse(JSON.stringify(receipt)) as Receipt;
}
