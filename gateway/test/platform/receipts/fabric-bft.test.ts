// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill loaded.
import 'reflect-metadata';
import { generateKeyPairSync, sign, webcrypto, type KeyObject } from 'node:crypto';
import { expect } from 'chai';
import * as x509 from '@peculiar/x509';
import { common } from '@hyperledger/fabric-protos';
import { createCertificateAuthority, type CertificateAuthority } from '@court-ledger/ledger-embedded';
import {
    blockHeaderBytes,
    buildFabricTransactionProof,
    verifyFabricTransactionProof,
} from '../../../src/platform/ledger/fabric/proof';
import { fabricFixture } from './fabric-fixture';

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

function varint(value: number): Buffer {
    const bytes: number[] = [];
    let rest = value;
    while (rest >= 0x80) {
        bytes.push((rest & 0x7f) | 0x80);
        rest >>>= 7;
    }
    bytes.push(rest);
    return Buffer.from(bytes);
}

/** A length-delimited protobuf field. */
function field(number: number, bytes: Uint8Array): Buffer {
    return Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
}

function derInteger(value: bigint): Buffer {
    let hex = value.toString(16);
    hex = hex.length % 2 === 1 ? `0${hex}` : hex;
    let bytes = Buffer.from(hex, 'hex');
    if ((bytes[0] ?? 0) & 0x80) {
        bytes = Buffer.concat([Buffer.from([0]), bytes]);
    }
    return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

/** ECDSA P-256 / SHA-256, DER, with s normalised to the lower half as Fabric's signers do. */
function signLowS(data: Uint8Array, key: KeyObject): Buffer {
    const raw = sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
    const r = BigInt(`0x${raw.subarray(0, 32).toString('hex')}`);
    let s = BigInt(`0x${raw.subarray(32).toString('hex')}`);
    if (s > P256_ORDER / 2n) {
        s = P256_ORDER - s;
    }
    const body = Buffer.concat([derInteger(r), derInteger(s)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** An `orderer` (NodeOU) certificate issued by `ca`. */
async function issueOrderer(ca: CertificateAuthority): Promise<{ certificate: string; privateKey: KeyObject }> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const caCertificate = new x509.X509Certificate(ca.certificate);
    const certificate = await x509.X509CertificateGenerator.create({
        subject: `CN=consenter1, OU=orderer, O=${ca.mspId}`,
        issuer: caCertificate.subject,
        publicKey: await webcrypto.subtle.importKey(
            'spki',
            publicKey.export({ type: 'spki', format: 'der' }),
            EC,
            true,
            ['verify'],
        ),
        signingKey: await webcrypto.subtle.importKey(
            'pkcs8',
            ca.privateKey.export({ type: 'pkcs8', format: 'der' }),
            EC,
            false,
            ['sign'],
        ),
        signingAlgorithm: EC,
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 86_400_000),
        extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
    });
    return { certificate: certificate.toString('pem'), privateKey };
}

describe('receipts: fabric block signed with an identifier header (BFT consenter)', () => {
    const fixture = fabricFixture();
    let block: Uint8Array;
    let cas: Record<string, string[]>;
    let consenter: { id: number; mspId: string; certificate: string };

    before(async () => {
        // The captured block, its SIGNATURES metadata replaced by one consenter signature made with an
        // identifier header, by an orderer of a stand-in OrdererMSP CA.
        const ca = await createCertificateAuthority('OrdererMSP');
        const orderer = await issueOrderer(ca);
        consenter = { id: 3, mspId: 'OrdererMSP', certificate: orderer.certificate };
        cas = { ...Object.fromEntries(Object.entries(fixture.mspCaCertificates).map(([k, v]) => [k, [...v]])) };
        cas['OrdererMSP'] = [ca.certificate];
        const parsed = common.Block.deserializeBinary(Buffer.from(fixture.block, 'base64'));
        const header = parsed.getHeader()!;
        const headerBytes = blockHeaderBytes(
            BigInt(header.getNumber()),
            header.getPreviousHash_asU8(),
            header.getDataHash_asU8(),
        );
        const value = Buffer.from('orderer block metadata');
        const identifierHeader = Buffer.concat([Buffer.from([0x08, consenter.id]), field(2, Buffer.from('nonce'))]);
        const signature = signLowS(Buffer.concat([value, identifierHeader, headerBytes]), orderer.privateKey);
        const metadata = Buffer.concat([
            field(1, value),
            field(2, Buffer.concat([field(2, signature), field(3, identifierHeader)])),
        ]);
        const list = parsed.getMetadata()!.getMetadataList_asU8();
        parsed.getMetadata()!.setMetadataList(list.map((entry, i) => (i === 0 ? metadata : entry)));
        block = parsed.serializeBinary();
    });

    function proof(consenters = [consenter]) {
        return buildFabricTransactionProof({
            channel: fixture.channel,
            txId: fixture.txId,
            block,
            mspCaCertificates: cas,
            consenters,
        });
    }

    it('verifies the consenter named by the identifier header over value ‖ identifier header ‖ header bytes', async () => {
        const built = await proof();
        expect(built.ordererMspIds).to.deep.equal(['OrdererMSP']);
        const outcome = await verifyFabricTransactionProof(built, { trustedCaCertificates: cas });
        expect(outcome.problems).to.deep.equal([]);
        expect(outcome.checks.find((c) => c.name === 'fabric-orderer-signature')?.detail).to.equal(
            `block ${built.blockNumber} signed by OrdererMSP consenter1`,
        );
    });

    it('rejects it when the consenter is unknown or another one', async () => {
        const built = await proof();
        const unknown = await verifyFabricTransactionProof({ ...built, consenters: [{ ...consenter, id: 4 }] });
        expect(unknown.problems).to.deep.equal([
            "fabric-orderer-signature: signature 0: consenter 3 is not among the receipt's consenters",
        ]);
        const other = await verifyFabricTransactionProof({
            ...built,
            consenters: [{ ...consenter, certificate: fixture.mspCaCertificates['CourtMSP']![0]! }],
        });
        expect(other.problems.join('; ')).to.match(/^fabric-orderer-signature: signature 0: .*not an orderer/);
    });

    it('rejects the captured orderer CA once another one is pinned for OrdererMSP', async () => {
        const outcome = await verifyFabricTransactionProof(await proof(), {
            trustedCaCertificates: fixture.mspCaCertificates,
        });
        expect(outcome.problems.join('; ')).to.match(/fabric-ca-certificates: .*OrdererMSP .*not trusted/);
        expect(outcome.problems.join('; ')).to.match(
            /fabric-orderer-signature: .*does not chain to a CA of OrdererMSP/,
        );
    });
});
