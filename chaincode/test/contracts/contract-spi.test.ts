import { expect } from 'chai';
import * as path from 'node:path';
import Bootstrap from 'fabric-shim/lib/contract-spi/bootstrap';
import ChaincodeFromContract from 'fabric-shim/lib/contract-spi/chaincodefromcontract';
import { contracts } from '../../src';
import { GATEWAY_CERT, SUBSYSTEM_CERT } from '../helpers/certificates';
import { FakeStub } from '../helpers/fake-ledger';

/** The chaincode package directory (this file runs from chaincode/dist/test/contracts). */
const MODULE_PATH = path.resolve(__dirname, '../../..');
const SHA = '5e'.repeat(32);

/** Loads the chaincode exactly as `fabric-chaincode-node start --module-path chaincode` does. */
function load(): ChaincodeFromContract {
    const info = Bootstrap.getInfoFromContract(MODULE_PATH);
    return new ChaincodeFromContract([...info.contracts], info.serializers, {}, info.title, info.version);
}

describe('contract metadata through fabric-shim', () => {
    it('finds the contracts through package.json main', () => {
        const info = Bootstrap.getInfoFromContract(MODULE_PATH);
        expect(info.contracts).to.deep.equal(contracts);
        expect(info.title).to.equal('@court-ledger/chaincode');
    });

    it('describes every transaction with string parameters and a string result', () => {
        const chaincode = load();
        expect(chaincode.defaultContractName).to.equal('evidence');
        const describe = (name: string) =>
            chaincode.metadata.contracts[name]!.transactions.map((tx) => ({
                name: tx.name,
                tag: tx.tag,
                params: (tx.parameters ?? []).map((p) => `${p.name}:${p.schema.type ?? '?'}`),
                returns: tx.returns?.type,
            }));
        const submit = ['SUBMIT', 'submitTx'];
        const evaluate = ['EVALUATE'];
        expect(describe('evidence')).to.deep.equal([
            {
                name: 'submit',
                tag: submit,
                params: ['caseId:string', 'sha256:string', 'sm3:string', 'size:string', 'mediaType:string'],
                returns: 'string',
            },
            {
                name: 'custody',
                tag: submit,
                params: ['evidenceId:string', 'event:string', 'noteSha256:string'],
                returns: 'string',
            },
            { name: 'get', tag: evaluate, params: ['evidenceId:string'], returns: 'string' },
            { name: 'byDigest', tag: evaluate, params: ['algorithm:string', 'digest:string'], returns: 'string' },
            { name: 'byCase', tag: evaluate, params: ['caseId:string'], returns: 'string' },
        ]);
        expect(describe('anchor')).to.deep.equal([
            {
                name: 'record',
                tag: submit,
                params: ['batchId:string', 'rootHash:string', 'treeSize:string', 'kinds:string', 'sources:string'],
                returns: 'string',
            },
            { name: 'get', tag: evaluate, params: ['batchId:string'], returns: 'string' },
        ]);
        expect(describe('service')).to.deep.equal([
            {
                name: 'issue',
                tag: submit,
                params: [
                    'caseId:string',
                    'sha256:string',
                    'sm3:string',
                    'documentType:string',
                    'recipientPseudonym:string',
                    'channel:string',
                    'addressConfirmed:string',
                ],
                returns: 'string',
            },
            {
                name: 'record',
                tag: submit,
                params: ['serviceId:string', 'type:string', 'at:string', 'detail:string'],
                returns: 'string',
            },
            {
                name: 'acknowledge',
                tag: submit,
                params: ['serviceId:string', 'acknowledgedAt:string', 'signature:string'],
                returns: 'string',
            },
            {
                name: 'registerKey',
                tag: submit,
                params: ['recipientPseudonym:string', 'publicKeyPem:string'],
                returns: 'string',
            },
            { name: 'get', tag: evaluate, params: ['serviceId:string'], returns: 'string' },
            { name: 'recipientOf', tag: evaluate, params: ['serviceId:string'], returns: 'string' },
        ]);
        expect(describe('preservation')).to.deep.equal([
            {
                name: 'apply',
                tag: submit,
                params: ['caseId:string', 'respondentPseudonym:string', 'amount:string', 'propertyDigest:string'],
                returns: 'string',
            },
            {
                name: 'act',
                tag: submit,
                params: ['applicationId:string', 'action:string', 'params:string'],
                returns: 'string',
            },
            { name: 'get', tag: evaluate, params: ['applicationId:string'], returns: 'string' },
        ]);
        expect(describe('guarantee')).to.deep.equal([
            {
                name: 'apply',
                tag: submit,
                params: [
                    'applicationId:string',
                    'agency:string',
                    'amount:string',
                    'validFrom:string',
                    'validTo:string',
                ],
                returns: 'string',
            },
            {
                name: 'act',
                tag: submit,
                params: ['letterId:string', 'action:string', 'params:string'],
                returns: 'string',
            },
            { name: 'get', tag: evaluate, params: ['letterId:string'], returns: 'string' },
            { name: 'check', tag: evaluate, params: ['letterId:string', 'applicationId:string'], returns: 'string' },
        ]);
        expect(chaincode.metadata.contracts['preservation']!.info.title).to.equal('PreservationContract');
        expect(chaincode.metadata.contracts['guarantee']!.info.title).to.equal('GuaranteeContract');
        expect(chaincode.metadata.contracts['evidence']!.info.title).to.equal('EvidenceContract');
        expect(chaincode.metadata.contracts['service']!.info.title).to.equal('ServiceContract');
    });

    describe('invocation with a real ClientIdentity', () => {
        const chaincode = load();
        const stub = new FakeStub();
        let tx = 0;

        async function invoke(cert: string, args: string[], actor?: object, extra: Record<string, string> = {}) {
            tx += 1;
            const transient = new Map<string, Uint8Array>(
                Object.entries(extra).map(([name, text]) => [name, Buffer.from(text, 'utf8')]),
            );
            if (actor !== undefined) {
                transient.set('actor', Buffer.from(JSON.stringify(actor)));
            }
            stub.setCreator('CourtMSP', cert);
            stub.begin({ txId: `spi-${tx}`, seconds: 1_700_000_000 + tx, transient, args });
            const response = await chaincode.invokeFunctionality(stub);
            const event = stub.commit();
            return { response, event, body: Buffer.from(response.payload ?? []).toString('utf8') };
        }

        it('submits through the gateway identity on behalf of the claimed principal', async () => {
            const actor = { sub: 'p-1', role: 'party', org: 'CourtMSP' };
            const { response, event, body } = await invoke(
                GATEWAY_CERT,
                ['evidence:submit', 'C-9', SHA, '', '', ''],
                actor,
            );
            expect(response.status).to.equal(200);
            const result = JSON.parse(body) as { created: boolean; record: { submitter: object; txId: string } };
            expect(result.created).to.equal(true);
            expect(result.record.submitter).to.deep.equal({ sub: 'p-1', role: 'party' });
            expect(result.record.txId).to.equal(`spi-${tx}`);
            expect(event?.name).to.equal('EvidenceSubmitted');
        });

        it('acts as the certificate CN for a subsystem identity', async () => {
            const { response, body } = await invoke(SUBSYSTEM_CERT, ['anchor:record', 'b-1', SHA, '1', '["x"]', '[]']);
            expect(response.status).to.equal(200);
            expect((JSON.parse(body) as { recordedBy: object }).recordedBy).to.deep.equal({
                sub: 'trial.subsystem',
                role: 'subsystem',
            });
        });

        it('issues a service with the recipient in the transient map and private data', async () => {
            const recipient = JSON.stringify({ sub: 'p-1', address: 'p1@example.cn', salt: '0f'.repeat(16) });
            const { response, event, body } = await invoke(
                GATEWAY_CERT,
                ['service:issue', 'C-9', SHA, '', 'notice', 'ab'.repeat(32), 'email', 'false'],
                { sub: 'clerk-9', role: 'clerk' },
                { recipient },
            );
            expect(response.status).to.equal(200);
            const record = JSON.parse(body) as { serviceId: string; issuedBy: object };
            expect(record.issuedBy).to.deep.equal({ sub: 'clerk-9', role: 'clerk' });
            expect(event?.name).to.equal('ServiceIssued');
            expect(body).to.not.include('p1@example.cn');
            const got = await invoke(GATEWAY_CERT, ['service:get', record.serviceId], { sub: 'p-1', role: 'party' });
            expect(got.response.status).to.equal(200);
            expect((JSON.parse(got.body) as { legalService: object }).legalService).to.deep.equal({
                status: 'not-served',
                rule: 'not-served',
            });
            const other = await invoke(GATEWAY_CERT, ['service:get', record.serviceId], { sub: 'p-2', role: 'party' });
            expect(other.response.message).to.match(/^FORBIDDEN_ACTOR: /);
        });

        it('returns ledger errors as `CODE: detail` messages', async () => {
            const missing = await invoke(GATEWAY_CERT, ['evidence:get', `ev_${'0'.repeat(32)}`], {
                sub: 'p-1',
                role: 'party',
            });
            expect(missing.response.status).to.equal(500);
            expect(missing.response.message).to.match(/^EVIDENCE_NOT_FOUND: /);
            const noClaim = await invoke(GATEWAY_CERT, ['anchor:get', 'b-1']);
            expect(noClaim.response.message).to.match(/^UNAUTHENTICATED: /);
            const exists = await invoke(SUBSYSTEM_CERT, ['anchor:record', 'b-1', SHA, '1', '[]', '[]']);
            expect(exists.response.message).to.match(/^BATCH_EXISTS: /);
        });
    });
});
