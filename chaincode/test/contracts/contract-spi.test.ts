import { expect } from 'chai';
import * as path from 'node:path';
import Bootstrap from 'fabric-shim/lib/contract-spi/bootstrap';
import ChaincodeFromContract from 'fabric-shim/lib/contract-spi/chaincodefromcontract';
import DataMarshall from 'fabric-shim/lib/contract-spi/datamarshall';
import { JSONSerializer } from 'fabric-contract-api';
import { canonicalJson, contracts } from '../../src';
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
            // A clerk: a party needs the case registered with it as a participant first (case-access.ts).
            const actor = { sub: 'clerk-9', role: 'clerk', org: 'CourtMSP' };
            const { response, event, body } = await invoke(
                GATEWAY_CERT,
                ['evidence:submit', 'C-9', SHA, '', '', ''],
                actor,
            );
            expect(response.status).to.equal(200);
            const result = JSON.parse(body) as { created: boolean; record: { submitter: object; txId: string } };
            // The declared SubmitResult schema does not change the wire format: the canonical JSON, byte for byte.
            expect(body).to.equal(canonicalJson(result));
            expect(result.created).to.equal(true);
            expect(result.record.submitter).to.deep.equal({ sub: 'clerk-9', role: 'clerk' });
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
            const got = await invoke(GATEWAY_CERT, ['service:get', record.serviceId], {
                sub: 'ab'.repeat(32),
                role: 'party',
            });
            expect(got.response.status).to.equal(200);
            expect((JSON.parse(got.body) as { legalService: object }).legalService).to.deep.equal({
                status: 'not-served',
                rule: 'not-served',
            });
            const other = await invoke(GATEWAY_CERT, ['service:get', record.serviceId], { sub: 'p-2', role: 'party' });
            expect(other.response.message).to.match(/^FORBIDDEN_ACTOR: /);
        });

        it('serves record schemas that list their properties through GetMetadata', async () => {
            const { response, body } = await invoke(GATEWAY_CERT, ['org.hyperledger.fabric:GetMetadata']);
            expect(response.status).to.equal(200);
            const { schemas } = (JSON.parse(body) as { components: { schemas: Record<string, JsonSchema> } })
                .components;
            /** Property names of schema `name`, with those of the schemas it extends (`allOf`), sorted. */
            const propertiesOf = (name: string): string[] => {
                const schema = schemas[name];
                expect(schema, `schema ${name}`).to.not.equal(undefined);
                const parts: JsonSchema[] = schema?.allOf ?? [schema ?? {}];
                const own = parts.flatMap((part) =>
                    part.$ref === undefined ? Object.keys(part.properties ?? {}) : propertiesOf(part.$ref),
                );
                return own.sort();
            };
            const sorted = (names: string[]): string[] => [...names].sort();
            const evidence = [
                'evidenceId',
                'caseId',
                'digests',
                'size',
                'mediaType',
                'submitter',
                'status',
                'submittedAt',
                'txId',
                'custody',
                'selfRegistered',
            ];
            expect(propertiesOf('EvidenceRecord')).to.deep.equal(sorted(evidence));
            expect(propertiesOf('SubmitResult')).to.deep.equal(['created', 'record']);
            expect(schemas['SubmitResult']?.properties?.['record']).to.deep.equal({ $ref: 'EvidenceRecord' });
            expect(schemas['EvidenceRecord']?.properties?.['custody']).to.deep.equal({
                type: 'array',
                items: { $ref: 'CustodyEntry' },
            });
            expect(propertiesOf('AnchorRecord')).to.deep.equal(
                sorted(['batchId', 'rootHash', 'treeSize', 'kinds', 'sources', 'recordedBy', 'recordedAt', 'txId']),
            );
            const service = [
                'serviceId',
                'caseId',
                'document',
                'documentType',
                'recipientPseudonym',
                'addressHash',
                'channel',
                'addressConfirmed',
                'status',
                'issuedBy',
                'issuedAt',
                'txId',
                'events',
            ];
            expect(propertiesOf('ServiceRecord')).to.deep.equal(sorted(service));
            expect(propertiesOf('ServiceView')).to.deep.equal(sorted([...service, 'legalService']));
            expect(propertiesOf('ServiceRecipientView')).to.deep.equal(['address', 'sub']);
            expect(propertiesOf('RecipientKeyRecord')).to.deep.equal(
                sorted([
                    'publicKeyPem',
                    'fingerprint',
                    'registeredBy',
                    'registeredAt',
                    'txId',
                    'recipientPseudonym',
                    'history',
                ]),
            );
            expect(propertiesOf('PreservationRecord')).to.deep.equal(
                sorted([
                    'applicationId',
                    'caseId',
                    'applicant',
                    'respondentPseudonym',
                    'amount',
                    'propertyDigest',
                    'feePaid',
                    'securityRequired',
                    'guaranteeLetterId',
                    'ruling',
                    'extendedUntil',
                    'status',
                    'supplements',
                    'reviews',
                    'history',
                    'appliedAt',
                    'txId',
                ]),
            );
            const letter = [
                'letterId',
                'applicationId',
                'caseId',
                'agency',
                'applicant',
                'beneficiaryPseudonym',
                'amount',
                'validFrom',
                'validTo',
                'status',
                'premiumPaid',
                'courtConsentToCancel',
                'document',
                'versions',
                'history',
                'appliedAt',
                'txId',
            ];
            expect(propertiesOf('GuaranteeRecord')).to.deep.equal(sorted(letter));
            expect(propertiesOf('GuaranteeView')).to.deep.equal(sorted([...letter, 'effectiveStatus']));
            expect(propertiesOf('GuaranteeCheck')).to.deep.equal(['conditions', 'ok']);
            const enforcementCase = [
                'caseId',
                'basis',
                'creditorPseudonym',
                'debtorPseudonym',
                'amountDue',
                'enforcementCosts',
                'deadline',
                'status',
                'paidIn',
                'paidOut',
                'balance',
                'outstanding',
                'controls',
                'trustBreaking',
                'consumptionRestriction',
                'stepCount',
                'openedBy',
                'openedAt',
                'txId',
                'trigger',
                'conclusion',
            ];
            expect(propertiesOf('EnforcementCase')).to.deep.equal(sorted(enforcementCase));
            expect(propertiesOf('OpenCaseResult')).to.deep.equal(['created', 'record']);
            expect(propertiesOf('StepOutcome')).to.deep.equal(['record', 'steps']);
            expect(schemas['StepOutcome']?.properties?.['steps']).to.deep.equal({
                type: 'array',
                items: { $ref: 'EnforcementStep' },
            });
            expect(propertiesOf('EnforcementStep')).to.include.members([
                'step',
                'caseId',
                'seq',
                'actor',
                'at',
                'txId',
                'automatic',
                'trigger',
            ]);
            expect(propertiesOf('ControlRecord')).to.include.members(['controlNo', 'value', 'state', 'auctions']);
            expect(propertiesOf('PerformanceAgreement')).to.include.members([
                'agreementId',
                'instalments',
                'consents',
                'payments',
                'paidTotal',
                'trigger',
            ]);
            expect(propertiesOf('AgreementDefault')).to.deep.equal(
                sorted(['agreementId', 'instalmentNo', 'dueAt', 'graceDays', 'outstanding', 'caseId', 'at', 'txId']),
            );
            expect(propertiesOf('CheckDueOutcome')).to.deep.equal(['agreement', 'opened']);
            expect(propertiesOf('CreateAgreementResult')).to.deep.equal(['created', 'record']);
            // Every reference between schemas resolves to a schema the metadata carries.
            const refs = (schema: JsonSchema): string[] => [
                ...(schema.$ref === undefined ? [] : [schema.$ref]),
                ...[
                    ...Object.values(schema.properties ?? {}),
                    ...(schema.allOf ?? []),
                    ...(schema.items ? [schema.items] : []),
                ].flatMap(refs),
            ];
            for (const ref of Object.values(schemas).flatMap(refs)) {
                expect(schemas, `$ref ${ref}`).to.have.property(ref);
            }
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
