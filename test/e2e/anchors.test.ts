import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { verifyReceipt } from '@court-ledger/gateway/dist/src/platform/receipts';
import { anchorVerifiers } from '@court-ledger/gateway/dist/src/platform/receipts/anchor-verifiers';
import { fabricTestSettings } from '../support/fabric-settings';
import { startGateway, type Harness } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';
import { waitForReceipt } from '../support/receipts';

function randomDigest(): string {
    return randomBytes(32).toString('hex');
}

forEachMode('batch anchoring and receipts', (mode) => {
    let gw: Harness;

    before(async () => {
        gw = await startGateway({ database: mode.database, ledger: mode.ledger });
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    it('queues items as pending, anchors them in a batch and issues receipts that verify offline', async () => {
        const items = Array.from({ length: 37 }, (_, i) => ({
            digest: randomDigest(),
            kind: i % 2 ? 'transcript' : 'audio',
            ref: `rec-${i}`,
        }));
        const res = await gw.app.inject({
            method: 'POST',
            url: '/v1/anchors',
            headers: gw.auth('subsystem', 'hearing-recorder'),
            payload: { items },
        });
        expect(res.statusCode, res.body).to.equal(202);
        const queued = res.json<{ items: { digest: string; status: string }[] }>().items;
        expect(queued).to.have.length(37);
        expect(queued.every((i) => i.status === 'pending' || i.status === 'anchored')).to.equal(true);

        const receipts = await Promise.all(items.map((i) => waitForReceipt(gw, i.digest)));
        // Fabric: pin the organisations' CA certificates rather than trust the ones the receipt carries.
        const verifiers = anchorVerifiers(
            mode.ledger === 'fabric' ? { trustedCaCertificates: (await fabricTestSettings()).mspCaCertificates } : {},
        );
        for (const [i, receipt] of receipts.entries()) {
            expect(receipt.version).to.equal(1);
            expect(receipt.digest).to.equal(items[i]?.digest);
            expect(receipt.anchor.mode).to.equal(mode.ledger);
            const result = await verifyReceipt(receipt, { anchorVerifiers: verifiers });
            expect(result.ok, JSON.stringify(result.checks)).to.equal(true);
        }
        const first = receipts[0]!;
        const batch = await gw.app.inject({
            url: `/v1/anchors/batches/${first.batchId}`,
            headers: gw.auth('clerk', 'c'),
        });
        expect(batch.statusCode).to.equal(200);
        expect(batch.json()).to.include({
            rootHash: first.rootHash,
            treeSize: first.treeSize,
            txId: first.anchor.txId,
        });
        expect(batch.json<{ kinds: string[] }>().kinds).to.include.members(['audio', 'transcript']);

        const tampered = { ...first, digest: randomDigest() };
        expect((await verifyReceipt(tampered, { anchorVerifiers: verifiers })).ok).to.equal(false);

        const verify = await gw.app.inject({ url: `/v1/verify/sha256/${items[3]?.digest ?? ''}` });
        expect(verify.statusCode).to.equal(200);
        expect(verify.json<{ records: { kind: string; batchId?: string }[] }>().records[0]).to.include({
            kind: 'transcript',
            batchId: first.batchId,
        });
    });

    it('is idempotent per digest: re-posting an anchored item reports it anchored, not a second leaf', async () => {
        const digest = randomDigest();
        const post = () =>
            gw.app.inject({
                method: 'POST',
                url: '/v1/anchors',
                headers: gw.auth('subsystem', 'trial'),
                payload: {
                    items: [
                        { digest, kind: 'file' },
                        { digest, kind: 'file' },
                    ],
                },
            });
        expect((await post()).json<{ items: unknown[] }>().items).to.have.length(1);
        const receipt = await waitForReceipt(gw, digest);
        const again = await post();
        expect(again.json<{ items: { status: string; batchId?: string }[] }>().items[0]).to.deep.include({
            status: 'anchored',
            batchId: receipt.batchId,
        });
    });

    it('answers 404 for a digest never queued and 400 for more than 10,000 items', async () => {
        const res = await gw.app.inject({
            url: `/v1/anchors/${randomDigest()}/receipt`,
            headers: gw.auth('subsystem', 'trial'),
        });
        expect(res.statusCode).to.equal(404);
        const items = Array.from({ length: 10_001 }, (_, i) => ({
            digest: createHash('sha256').update(String(i)).digest('hex'),
            kind: 'file',
        }));
        const tooMany = await gw.app.inject({
            method: 'POST',
            url: '/v1/anchors',
            headers: gw.auth('subsystem', 'trial'),
            payload: { items },
        });
        expect(tooMany.statusCode).to.equal(400);
        expect(tooMany.json()).to.include({ field: 'items' });
    });
});
