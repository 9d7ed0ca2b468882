import { expect } from 'chai';
import * as path from 'node:path';
import Bootstrap from 'fabric-shim/lib/contract-spi/bootstrap';
import ChaincodeFromContract from 'fabric-shim/lib/contract-spi/chaincodefromcontract';
import DataMarshall from 'fabric-shim/lib/contract-spi/datamarshall';
import { JSONSerializer } from 'fabric-contract-api';
import { contracts } from '../../src';

/** The chaincode package directory (this file runs from chaincode/dist/test/contracts). */
const MODULE_PATH = path.resolve(__dirname, '../../..');
const SHA = '5e'.repeat(32);

/** Loads the chaincode exactly as `fabric-chaincode-node start --module-path chaincode` does. */
function load(): ChaincodeFromContract {
    const info = Bootstrap.getInfoFromContract(MODULE_PATH);
    return new ChaincodeFromContract([...info.contracts], info.serializers, {}, info.title, info.version);
}

type JsonSchema = ChaincodeFromContract.JsonSchema;

/** `Name` for a `$ref` to a component schema, `Name[]` for an array of them, else the JSON type. */
function schemaName(schema: JsonSchema | undefined): string | undefined {
    if (schema?.$ref !== undefined) {
        return schema.$ref.split('/').pop();
    }
    return schema?.type === 'array' ? `${schemaName(schema.items) ?? '?'}[]` : schema?.type;
}

describe('contract metadata through fabric-shim', () => {
    it('finds the contracts through package.json main', () => {
        const info = Bootstrap.getInfoFromContract(MODULE_PATH);
        expect(info.contracts).to.deep.equal(contracts);
        expect(info.title).to.equal('@court-ledger/chaincode');
    });

    it('describes every transaction with string parameters and the record schema it returns', () => {
        const chaincode = load();
        expect(chaincode.defaultContractName).to.equal('evidence');
        const describe = (name: string) =>
            chaincode.metadata.contracts[name]!.transactions.map((tx) => ({
                name: tx.name,
                tag: tx.tag,
                params: (tx.parameters ?? []).map((p) => `${p.name}:${p.schema.type ?? '?'}`),
                returns: schemaName(tx.returns),
            }));
        const submit = ['SUBMIT', 'submitTx'];
        const evaluate = ['EVALUATE'];
        expect(describe('evidence')).to.deep.equal([
            {
                name: 'submit',
                tag: submit,
                params: ['caseId:string', 'sha256:string', 'sm3:string', 'size:string', 'mediaType:string'],
                returns: 'SubmitResult',
            },
            {
                name: 'custody',
                tag: submit,
                params: ['evidenceId:string', 'event:string', 'noteSha256:string'],
                returns: 'EvidenceRecord',
            },
            { name: 'get', tag: evaluate, params: ['evidenceId:string'], returns: 'EvidenceRecord' },
            {
                name: 'byDigest',
                tag: evaluate,
                params: ['algorithm:string', 'digest:string'],
                returns: 'EvidenceRecord[]',
            },
            { name: 'byCase', tag: evaluate, params: ['caseId:string'], returns: 'EvidenceRecord[]' },
        ]);
        expect(describe('anchor')).to.deep.equal([
            {
                name: 'record',
                tag: submit,
                params: ['batchId:string', 'rootHash:string', 'treeSize:string', 'kinds:string', 'sources:string'],
                returns: 'AnchorRecord',
            },
            { name: 'get', tag: evaluate, params: ['batchId:string'], returns: 'AnchorRecord' },
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
                returns: 'ServiceRecord',
            },
            {
                name: 'record',
                tag: submit,
                params: ['serviceId:string', 'type:string', 'at:string', 'detailSha256:string'],
                returns: 'ServiceRecord',
            },
            {
                name: 'acknowledge',
                tag: submit,
                params: ['serviceId:string', 'acknowledgedAt:string', 'signature:string'],
                returns: 'ServiceRecord',
            },
            {
                name: 'registerKey',
                tag: submit,
                params: ['recipientPseudonym:string', 'publicKeyPem:string'],
                returns: 'RecipientKeyRecord',
            },
            { name: 'get', tag: evaluate, params: ['serviceId:string'], returns: 'ServiceView' },
            { name: 'recipientOf', tag: evaluate, params: ['serviceId:string'], returns: 'ServiceRecipientView' },
        ]);
        expect(describe('preservation')).to.deep.equal([
            {
                name: 'apply',
                tag: submit,
                params: ['caseId:string', 'respondentPseudonym:string', 'amount:string', 'propertyDigest:string'],
                returns: 'PreservationRecord',
            },
            {
                name: 'act',
                tag: submit,
                params: ['applicationId:string', 'action:string', 'params:string'],
                returns: 'PreservationRecord',
            },
            { name: 'get', tag: evaluate, params: ['applicationId:string'], returns: 'PreservationRecord' },
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
                returns: 'GuaranteeRecord',
            },
            {
                name: 'act',
                tag: submit,
                params: ['letterId:string', 'action:string', 'params:string'],
                returns: 'GuaranteeRecord',
            },
            { name: 'get', tag: evaluate, params: ['letterId:string'], returns: 'GuaranteeView' },
            {
                name: 'check',
                tag: evaluate,
                params: ['letterId:string', 'applicationId:string'],
                returns: 'GuaranteeCheck',
            },
        ]);
        expect(describe('enforcement')).to.deep.equal([
            { name: 'openCase', tag: submit, params: ['request:string'], returns: 'OpenCaseResult' },
            { name: 'recordStep', tag: submit, params: ['caseId:string', 'step:string'], returns: 'StepOutcome' },
            {
                name: 'getCase',
                tag: evaluate,
                params: ['caseId:string', 'viewerPseudonym:string'],
                returns: 'EnforcementCase',
            },
            {
                name: 'listSteps',
                tag: evaluate,
                params: ['caseId:string', 'viewerPseudonym:string'],
                returns: 'EnforcementStep[]',
            },
            {
                name: 'createAgreement',
                tag: submit,
                params: ['request:string', 'creditorSignature:string', 'debtorSignature:string'],
                returns: 'CreateAgreementResult',
            },
            {
                name: 'recordAgreementPayment',
                tag: submit,
                params: ['agreementId:string', 'amount:string'],
                returns: 'PerformanceAgreement',
            },
            { name: 'checkDue', tag: submit, params: ['agreementId:string'], returns: 'CheckDueOutcome' },
            {
                name: 'getAgreement',
                tag: evaluate,
                params: ['agreementId:string', 'viewerPseudonym:string'],
                returns: 'PerformanceAgreement',
            },
        ]);
        expect(chaincode.metadata.contracts['enforcement']!.info.title).to.equal('EnforcementContract');
        expect(chaincode.metadata.contracts['preservation']!.info.title).to.equal('PreservationContract');
        expect(chaincode.metadata.contracts['guarantee']!.info.title).to.equal('GuaranteeContract');
        expect(chaincode.metadata.contracts['evidence']!.info.title).to.equal('EvidenceContract');
        expect(chaincode.metadata.contracts['service']!.info.title).to.equal('ServiceContract');
    });

    describe('argument marshalling (fabric-shim as patched by patches/fabric-shim+2.5.8.patch)', () => {
        /** A DataMarshall over `components` that records every schema its ajv compiles. */
        function marshall(components: Record<string, JsonSchema>): { marshall: DataMarshall; compiled: object[] } {
            const marshall = new DataMarshall('jsonSerializer', { jsonSerializer: JSONSerializer }, components);
            const compiled: object[] = [];
            const compile = marshall.ajv.compile.bind(marshall.ajv);
            marshall.ajv.compile = (schema) => {
                compiled.push(schema);
                return compile(schema);
            };
            return { marshall, compiled };
        }

        it('compiles each parameter validator once, with every component schema, and reuses it', () => {
            const chaincode = load();
            const components = chaincode.metadata.components.schemas;
            const submit = chaincode.metadata.contracts['evidence']!.transactions.find((t) => t.name === 'submit')!;
            const { marshall: evidence, compiled } = marshall(components);
            const args = ['C-1', SHA, '', '1024', ''];
            for (let call = 0; call < 3; call++) {
                const buffers = args.map((arg) => Buffer.from(arg, 'utf8'));
                expect(evidence.handleParameters(submit, buffers, 'test')).to.deep.equal(args);
            }
            expect(compiled).to.have.length(args.length);
            for (const schema of compiled) {
                expect(schema).to.have.nested.property('components.schemas', components);
            }
        });

        it('validates every call with the cached validator', () => {
            const { marshall: hex, compiled } = marshall({});
            const fn = { parameters: [{ name: 'digest', schema: { type: 'string', pattern: '^[0-9a-f]+$' } }] };
            expect(hex.handleParameters(fn, [Buffer.from('5e')], 'test')).to.deep.equal(['5e']);
            expect(() => hex.handleParameters(fn, [Buffer.from('XY')], 'test')).to.throw(
                /Unable to validate parameter/,
            );
            expect(hex.handleParameters(fn, [Buffer.from('a0')], 'test')).to.deep.equal(['a0']);
            expect(compiled).to.have.length(1);
        });
    });
});
