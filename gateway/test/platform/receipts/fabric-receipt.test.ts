import { X509Certificate } from 'node:crypto';
import { expect } from 'chai';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { createCertificateAuthority } from '@court-ledger/ledger-embedded';
import {
    blockHeaderBytes,
    buildFabricTransactionProof,
    verifyFabricTransactionProof,
    type FabricTransactionProof,
} from '../../../src/platform/ledger/fabric/proof';
import { parseTrustFile } from '../../../src/cli/verify-receipt';
import { buildReceipt, verifyReceipt, type Receipt } from '../../../src/platform/receipts';
import { anchorVerifiers, type AnchorVerifierOptions } from '../../../src/platform/receipts/anchor-verifiers';
import { parseFingerprintPins, type FingerprintPins } from '../../../src/platform/receipts/hex';
import { fabricFixture, fabricReceipt } from './fabric-fixture';
import { batch, copy, sha256Hex } from './fixtures';

async function failed(receipt: unknown, options: AnchorVerifierOptions = {}): Promise<string[]> {
    return (await verifyReceipt(receipt, { anchorVerifiers: anchorVerifiers(options) })).checks
        .filter((check) => !check.ok)
        .map((check) => check.name);
}

async function detail(receipt: unknown, name: string, options: AnchorVerifierOptions = {}): Promise<string> {
    const check = (await verifyReceipt(receipt, { anchorVerifiers: anchorVerifiers(options) })).checks.find(
        (c) => c.name === name,
    );
    return check?.detail ?? '';
}

function blockOf(receipt: Receipt): Buffer {
    return Buffer.from((receipt.anchor as unknown as FabricTransactionProof).block, 'base64');
}

function withBlock(receipt: Receipt, block: Uint8Array): Receipt {
    const tampered = copy(receipt);
    tampered.anchor = { ...tampered.anchor, block: Buffer.from(block).toString('base64') };
    return tampered;
}

/** The receipt with one bit flipped in the `offset`-th byte of `part`, found where it occurs in the block. */
function flipIn(receipt: Receipt, part: Uint8Array, offset: number): Receipt {
    const block = blockOf(receipt);
    const at = block.indexOf(Buffer.from(part));
    expect(at, 'part found in the block').to.be.at.least(0);
    expect(block.indexOf(Buffer.from(part), at + 1), 'part occurs once').to.equal(-1);
    block[at + offset]! ^= 0x01;
    return withBlock(receipt, block);
}

/** One base64 character of a PEM body replaced by another (keeps it a PEM, changes its DER). */
function alterPem(pem: string, line = 3, column = 10): string {
    const lines = pem.split('\n');
    const text = lines[line]!;
    const replaced = text[column] === 'A' ? 'B' : 'A';
    lines[line] = `${text.slice(0, column)}${replaced}${text.slice(column + 1)}`;
    return lines.join('\n');
}

/** The decoded parts of the fixture's block that the tamper tests aim at. */
function parts(receipt: Receipt) {
    const block = common.Block.deserializeBinary(blockOf(receipt));
    const txIndex = (receipt.anchor as unknown as FabricTransactionProof).txIndex;
    const envelope = common.Envelope.deserializeBinary(block.getData()!.getDataList_asU8()[txIndex]!);
    const transaction = peer.Transaction.deserializeBinary(
        common.Payload.deserializeBinary(envelope.getPayload_asU8()).getData_asU8(),
    );
    const action = peer.ChaincodeActionPayload.deserializeBinary(transaction.getActionsList()[0]!.getPayload_asU8());
    const endorsement = action.getAction()!.getEndorsementsList()[0]!;
    const metadata = common.Metadata.deserializeBinary(block.getMetadata()!.getMetadataList_asU8()[0]!);
    return {
        block,
        txIndex,
        header: block.getHeader()!,
        envelope,
        endorsement,
        endorserCertificate: msp.SerializedIdentity.deserializeBinary(endorsement.getEndorser_asU8()).getIdBytes_asU8(),
        ordererSignature: metadata.getSignaturesList()[0]!.getSignature_asU8(),
    };
}

describe('receipts: fabric anchor verifier (a block captured from the Fabric network)', () => {
    const fixture = fabricFixture();
    let receipt: Receipt;
    let anchor: FabricTransactionProof;
    before(async () => {
        receipt = await fabricReceipt();
        anchor = receipt.anchor as unknown as FabricTransactionProof;
    });
    const trust: Record<string, string[]> = Object.fromEntries(
        Object.entries(fixture.mspCaCertificates).map(([mspId, pems]) => [mspId, [...pems]]),
    );

    it('verifies the receipt, with the CA certificates of the receipt (not pinned) or pinned ones', async () => {
        expect(await failed(receipt)).to.deep.equal([]);
        expect(
            await failed(receipt, { trustedCaCertificates: trust, trustedOrdererMspIds: ['OrdererMSP'] }),
        ).to.deep.equal([]);
        const checks = (await verifyReceipt(receipt, { anchorVerifiers: anchorVerifiers() })).checks;
        expect(checks.map((c) => c.name)).to.include.members([
            'fabric-ca-certificates',
            'fabric-block-data-hash',
            'fabric-block-header',
            'fabric-orderer-signature',
            'fabric-transaction',
            'fabric-validation-code',
            'fabric-creator-signature',
            'fabric-endorsements',
            'fabric-invocation',
            'anchor-transaction',
            'anchor-batch-id',
            'anchor-root-hash',
            'anchor-tree-size',
            'anchor-write',
        ]);
        expect(await detail(receipt, 'fabric-ca-certificates')).to.contain('not pinned');
        expect(await detail(receipt, 'fabric-ca-certificates', { trustedCaCertificates: trust })).to.contain('pinned');
        expect(await detail(receipt, 'fabric-orderer-signature')).to.match(/signed by OrdererMSP orderer/);
        expect(await detail(receipt, 'fabric-validation-code')).to.equal('VALID (0)');
        expect(anchor.invocation).to.deep.include({ chaincode: 'court-ledger', contract: 'anchor', fn: 'record' });
        expect(anchor.invocation.args.slice(0, 3)).to.deep.equal([
            receipt.batchId,
            receipt.rootHash,
            String(receipt.treeSize),
        ]);
    });

    it('pins the CA certificates by their published fingerprints, each under its MSP id (the page, --fingerprint)', async () => {
        const entries = Object.entries(trust).map(
            ([mspId, pems]) => `${mspId}=${sha256Hex(new X509Certificate(pems[0]!).raw).toUpperCase()}`,
        );
        const pins = parseFingerprintPins(entries.join(',\n'));
        expect(typeof pins).to.equal('object');
        const caFingerprints = (pins as FingerprintPins).caFingerprints!;
        const result = await verifyReceipt(receipt, {
            anchorVerifiers: anchorVerifiers({ trustedCaFingerprints: caFingerprints }),
        });
        expect(result.checks.filter((c) => !c.ok)).to.deep.equal([]);
        expect(result.verdict).to.equal('valid');
        expect(await detail(receipt, 'fabric-ca-certificates', { trustedCaFingerprints: caFingerprints })).to.contain(
            'pinned (trusted',
        );
        const swapped = {
            ...caFingerprints,
            CourtMSP: caFingerprints['AgencyMSP']!,
            AgencyMSP: caFingerprints['CourtMSP']!,
        };
        expect(await failed(receipt, { trustedCaFingerprints: swapped })).to.deep.equal(['fabric-ca-certificates']);
        const withoutOrderer = { CourtMSP: caFingerprints['CourtMSP']!, AgencyMSP: caFingerprints['AgencyMSP']! };
        expect(await detail(receipt, 'fabric-ca-certificates', { trustedCaFingerprints: withoutOrderer })).to.match(
            /CA certificate of OrdererMSP \([0-9a-f]{64}\) is not a pinned fingerprint/,
        );
        const unpinned = await verifyReceipt(receipt, { anchorVerifiers: anchorVerifiers() });
        expect(unpinned.verdict).to.equal('unpinned');
    });

    it('carries the whole block and the transaction position, with the fields of the schema', () => {
        expect(Object.keys(anchor)).to.have.members([
            'mode',
            'channel',
            'txId',
            'blockNumber',
            'timestamp',
            'txIndex',
            'block',
            'caCertificates',
            'ordererMspIds',
            'invocation',
        ]);
        expect(blockOf(receipt).equals(Buffer.from(fixture.block, 'base64'))).to.equal(true);
        expect(anchor.ordererMspIds).to.deep.equal(['OrdererMSP']);
        expect(anchor.txId).to.equal(fixture.txId);
    });

    it('encodes the block header as Fabric does (ASN.1 DER of number, previous hash, data hash)', () => {
        const hash = Buffer.alloc(32, 0xab);
        const zero = Buffer.from(blockHeaderBytes(0n, hash, hash));
        expect(zero.subarray(0, 5).toString('hex')).to.equal('30470201' + '00');
        const big = Buffer.from(blockHeaderBytes(128n, Buffer.alloc(0), hash));
        expect(big.subarray(0, 6).toString('hex')).to.equal('302802020080');
        expect(big.subarray(6, 8).toString('hex')).to.equal('0400');
    });

    it('rejects a flipped byte in the block header: previous hash (orderer signature), data hash, number', async () => {
        const { header } = parts(receipt);
        expect(await failed(flipIn(receipt, header.getPreviousHash_asU8(), 5))).to.deep.equal([
            'fabric-orderer-signature',
        ]);
        expect(await failed(flipIn(receipt, header.getDataHash_asU8(), 5))).to.have.members([
            'fabric-block-data-hash',
            'fabric-orderer-signature',
        ]);
        const renumbered = common.Block.deserializeBinary(blockOf(receipt));
        renumbered.getHeader()!.setNumber(anchor.blockNumber + 1);
        expect(await failed(withBlock(receipt, renumbered.serializeBinary()))).to.have.members([
            'fabric-block-header',
            'fabric-orderer-signature',
        ]);
    });

    it('rejects a flipped byte in the transaction envelope (the data hash no longer matches)', async () => {
        const { envelope } = parts(receipt);
        const names = await failed(flipIn(receipt, envelope.getPayload_asU8(), 20));
        expect(names).to.include('fabric-block-data-hash');
        expect(names).to.include('fabric-creator-signature');
    });

    it('rejects a flipped byte in the orderer signature', async () => {
        const tampered = flipIn(receipt, parts(receipt).ordererSignature, 12);
        expect(await failed(tampered)).to.deep.equal(['fabric-orderer-signature']);
        expect(await detail(tampered, 'fabric-orderer-signature')).to.match(/does not verify/);
    });

    it('rejects a flipped byte in the endorsement signature', async () => {
        const tampered = flipIn(receipt, parts(receipt).endorsement.getSignature_asU8(), 12);
        expect(await failed(tampered)).to.include('fabric-endorsements');
        expect(await detail(tampered, 'fabric-endorsements')).to.match(
            /endorsement 0: the signature of CourtMSP peer0/,
        );
    });

    it('rejects an altered endorser certificate', async () => {
        const { endorserCertificate } = parts(receipt);
        const pem = Buffer.from(endorserCertificate).toString('utf8');
        const block = blockOf(receipt);
        const at = block.indexOf(Buffer.from(endorserCertificate));
        expect(at).to.be.at.least(0);
        Buffer.from(alterPem(pem, 6), 'utf8').copy(block, at);
        expect(await failed(withBlock(receipt, block))).to.include('fabric-endorsements');
    });

    it('rejects a flipped byte in the creator’s signature', async () => {
        const tampered = flipIn(receipt, parts(receipt).envelope.getSignature_asU8(), 12);
        expect(await failed(tampered)).to.include('fabric-creator-signature');
        expect(await detail(tampered, 'fabric-creator-signature')).to.match(
            /signature of CourtMSP gateway .*does not verify/,
        );
    });

    it('rejects an altered CA certificate in the receipt', async () => {
        const tampered = copy(receipt);
        const cas = { ...anchor.caCertificates, CourtMSP: [alterPem(anchor.caCertificates['CourtMSP']![0]!)] };
        tampered.anchor = { ...tampered.anchor, caCertificates: cas };
        const names = await failed(tampered);
        expect(names).to.include('fabric-ca-certificates');
        expect(names).to.include('fabric-endorsements');
    });

    it('rejects a validation flag other than VALID', async () => {
        const block = common.Block.deserializeBinary(blockOf(receipt));
        const metadata = block.getMetadata()!.getMetadataList_asU8();
        const flags = Buffer.from(metadata[2]!);
        flags[anchor.txIndex] = 11; // MVCC_READ_CONFLICT
        block.getMetadata()!.setMetadataList(metadata.map((entry, i) => (i === 2 ? flags : entry)));
        const tampered = withBlock(receipt, block.serializeBinary());
        expect(await failed(tampered)).to.deep.equal(['fabric-validation-code']);
        expect(await detail(tampered, 'fabric-validation-code')).to.equal('MVCC_READ_CONFLICT (11)');
    });

    it('rejects a recorded root that differs from the receipt’s, in the block or in the receipt', async () => {
        const inBlock = flipIn(receipt, Buffer.from(`\n@${receipt.rootHash}`), 10);
        const names = await failed(inBlock);
        expect(names).to.include.members(['fabric-block-data-hash', 'anchor-root-hash']);
        const inSummary = copy(receipt);
        const invocation = { ...anchor.invocation, args: [...anchor.invocation.args] };
        invocation.args[1] = '0'.repeat(64);
        inSummary.anchor = { ...inSummary.anchor, invocation };
        expect(await failed(inSummary)).to.deep.equal(['fabric-invocation']);
        // Another batch's receipt (a valid tree) pointing at this anchoring transaction.
        const other = batch(5, 'other items');
        const elsewhere = buildReceipt({
            digest: other.digests[0]!,
            leafIndex: 0,
            tree: other.tree,
            batchId: receipt.batchId,
            anchor: receipt.anchor,
        });
        expect(await failed(elsewhere)).to.have.members(['anchor-root-hash', 'anchor-write']);
    });

    it('rejects the receipt when a pinned CA certificate differs from the receipt’s (an untrusted CA)', async () => {
        const untrusted = await createCertificateAuthority('CourtMSP');
        const pinned = { ...trust, CourtMSP: [untrusted.certificate] };
        const names = await failed(receipt, { trustedCaCertificates: pinned, trustedOrdererMspIds: ['OrdererMSP'] });
        expect(names).to.have.members(['fabric-ca-certificates', 'fabric-creator-signature', 'fabric-endorsements']);
        expect(await detail(receipt, 'fabric-ca-certificates', { trustedCaCertificates: pinned })).to.match(
            /receipt's CA certificate of CourtMSP .* is not trusted/,
        );
        expect(await detail(receipt, 'fabric-endorsements', { trustedCaCertificates: pinned })).to.match(
            /does not chain to a CA of CourtMSP/,
        );
    });

    it('accepts a block signature only from an ordering organisation', async () => {
        expect(await failed(receipt, { trustedOrdererMspIds: ['CourtMSP'] })).to.include('fabric-orderer-signature');
        const claimed = copy(receipt);
        claimed.anchor = { ...claimed.anchor, ordererMspIds: ['CourtMSP'] };
        expect(await failed(claimed)).to.include('fabric-orderer-signature');
    });

    it('rejects a receipt that names another transaction, position or block', async () => {
        const otherTx = copy(receipt);
        otherTx.anchor = { ...otherTx.anchor, txId: 'f'.repeat(64) };
        expect(await failed(otherTx)).to.include('fabric-transaction');
        const otherIndex = copy(receipt);
        otherIndex.anchor = { ...otherIndex.anchor, txIndex: 1 };
        expect(await failed(otherIndex)).to.include('fabric-transaction');
        const otherBlock = copy(receipt);
        otherBlock.anchor = { ...otherBlock.anchor, blockNumber: anchor.blockNumber + 1 };
        expect(await failed(otherBlock)).to.deep.equal(['fabric-block-header']);
    });

    it('fails the schema for a fabric anchor without its proof fields, and a proof that is not a block', async () => {
        const bare = copy(receipt);
        bare.anchor = {
            mode: 'fabric',
            channel: anchor.channel,
            txId: anchor.txId,
            blockNumber: anchor.blockNumber,
            timestamp: anchor.timestamp,
        };
        expect(await failed(bare)).to.deep.equal(['schema']);
        const outcome = await verifyFabricTransactionProof({
            ...anchor,
            block: Buffer.from('not a block').toString('base64'),
        });
        expect(outcome.valid).to.equal(false);
        expect(outcome.problems.join('; ')).to.match(/fabric-proof-format|fabric-block-data-hash/);
        expect((await verifyFabricTransactionProof({ mode: 'embedded' })).problems[0]).to.match(
            /^fabric-proof-format: /,
        );
    });

    it('refuses to build a proof for a transaction the block does not hold', async () => {
        const outcome = await buildFabricTransactionProof({
            channel: fixture.channel,
            txId: 'e'.repeat(64),
            block: Buffer.from(fixture.block, 'base64'),
            mspCaCertificates: fixture.mspCaCertificates,
        }).then(
            () => 'built',
            (error: unknown) => String(error),
        );
        expect(outcome).to.match(/does not hold transaction/);
    });

    it('reads a trust file: MSP id → PEM array or PEM bundle', () => {
        const court = trust['CourtMSP']![0]!;
        const orderer = trust['OrdererMSP']![0]!;
        const parsed = parseTrustFile(JSON.stringify({ CourtMSP: [court], OrdererMSP: `${orderer}${court}` }));
        expect(parsed.caCertificates?.['CourtMSP']).to.have.length(1);
        expect(parsed.caCertificates?.['OrdererMSP']).to.have.length(2);
        const published = parseTrustFile(
            JSON.stringify({
                mode: 'fabric',
                caCertificates: { CourtMSP: [{ pem: court, fingerprint: 'x' }] },
                ordererMspIds: ['OrdererMSP'],
            }),
        );
        expect(published).to.deep.equal({
            caCertificates: { CourtMSP: [`${court.trim()}\n`] },
            ordererMspIds: ['OrdererMSP'],
        });
        expect(() => parseTrustFile('["x"]')).to.throw(/JSON object/);
        expect(() => parseTrustFile('{"CourtMSP": "no certificate"}')).to.throw(/no PEM certificate/);
    });
});
