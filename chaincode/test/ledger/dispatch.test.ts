import { expect } from 'chai';
import type ChaincodeFromContract from 'fabric-shim/lib/contract-spi/chaincodefromcontract';
import { CourtContext } from '../../src/contracts/court-context';
import type { AnchorRecord } from '../../src/domain/anchor/model';
import type { SubmitResult } from '../../src/domain/evidence/model';
import type { ServiceRecord, ServiceView } from '../../src/domain/service/model';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import { actors } from '../helpers/actors';
import { ContractLedger, expectRefusal, type Certificate } from '../helpers/embedded-ledger';

type JsonSchema = ChaincodeFromContract.JsonSchema;

const SHA = '5e'.repeat(32);

/**
 * Who calls and how fabric-shim dispatches it, on the embedded ledger: the gateway certificate acting for a
 * claimed principal, a certificate acting for itself (its CN as `sub`), callers the chaincode refuses, and the
 * contract metadata the dispatch serves.
 */
describe('caller resolution and dispatch on the embedded ledger', () => {
    let ledger: ContractLedger;
    /** A CourtMSP certificate with role=subsystem: acts for itself as trial.subsystem. */
    let subsystem: Certificate;

    before(async () => {
        ledger = await ContractLedger.open();
        subsystem = await ledger.certificate('CourtMSP', 'trial.subsystem', { role: 'subsystem' });
    });

    after(async () => {
        await ledger.close();
    });

    it('submits through the gateway identity on behalf of the claimed principal, in canonical JSON', async () => {
        // A clerk: a party needs the case registered with it as a participant first (case-access.ts).
        const clerk = { sub: 'clerk-9', role: 'clerk', org: 'CourtMSP' };
        const submitted = await ledger.submit<SubmitResult>(clerk, 'evidence', 'submit', ['C-9', SHA, '', '', '']);
        const { result } = submitted;
        // The declared SubmitResult schema does not change the wire format: the canonical JSON, byte for byte.
        expect(submitted.raw).to.equal(canonicalJson(result));
        expect(result.created).to.equal(true);
        expect(result.record.submitter).to.deep.equal({ sub: 'clerk-9', role: 'clerk' });
        expect(result.record.txId).to.equal(submitted.txId);
        expect(submitted.event?.name).to.equal('EvidenceSubmitted');
    });

    it('acts as the certificate CN for a subsystem certificate, writing the record as canonical JSON with its event', async () => {
        const submitted = await ledger.submit<AnchorRecord>(subsystem, 'anchor', 'record', [
            'b-1',
            SHA,
            '1',
            '["x"]',
            '[]',
        ]);
        expect(submitted.result.recordedBy).to.deep.equal({ sub: 'trial.subsystem', role: 'subsystem' });
        const writes = await ledger.writes(submitted.txId);
        expect(writes).to.deep.equal({
            public: [{ key: '\u0000anchor\u0000b-1\u0000', value: canonicalJson(submitted.result) }],
            private: [],
            metadata: [],
        });
        expect(await ledger.publicText()).to.include(
            `AnchorRecorded ${canonicalJson({ type: 'AnchorRecorded', record: submitted.result })}`,
        );
    });

    it('refuses callers it cannot name: a gateway without a claim, a certificate without a role', async () => {
        const gateway = await ledger.certificate('CourtMSP', 'court-gateway-2', { role: 'gateway' });
        const roleless = await ledger.certificate('CourtMSP', 'clerk-1', {});
        const agencyWithoutRole = await ledger.certificate('AgencyMSP', 'agency-a', {});
        const height = await ledger.height();
        await expectRefusal(ledger.evaluate(gateway, 'anchor', 'get', ['b-1']), 'UNAUTHENTICATED');
        await expectRefusal(ledger.submit(gateway, 'evidence', 'submit', ['C-9', SHA, '', '', '']), 'UNAUTHENTICATED');
        await expectRefusal(ledger.evaluate(roleless, 'anchor', 'get', ['b-1']), 'UNAUTHENTICATED');
        await expectRefusal(ledger.evaluate(agencyWithoutRole, 'anchor', 'get', ['b-1']), 'UNAUTHENTICATED');
        const badName = await ledger.certificate('CourtMSP', 'clerk one', { role: 'clerk' });
        await expectRefusal(ledger.evaluate(badName, 'anchor', 'get', ['b-1']), 'UNAUTHENTICATED');
        expect(await ledger.height()).to.equal(height);
    });

    it('refuses an actor field that is not UTF-8 JSON, and a claim the certificate may not make', async () => {
        const gateway = await ledger.certificate('CourtMSP', 'court-gateway-2', { role: 'gateway' });
        await expectRefusal(
            ledger.evaluate(gateway, 'anchor', 'get', ['b-1'], { actor: '{"sub":' }),
            'INVALID_ARGUMENT',
        );
        await expectRefusal(
            ledger.evaluate(gateway, 'anchor', 'get', ['b-1'], { actor: Uint8Array.of(0xff, 0xfe) }),
            'INVALID_ARGUMENT',
        );
        const claim = JSON.stringify({ sub: 'p-1', role: 'party' });
        await expectRefusal(ledger.evaluate(subsystem, 'anchor', 'get', ['b-1'], { actor: claim }), 'FORBIDDEN_ROLE');
    });

    it('issues a service with the recipient in the transient map, kept as private data only', async () => {
        const recipient = JSON.stringify({ sub: 'p-1', address: 'p1@example.cn', salt: '0f'.repeat(16) });
        const clerk = { sub: 'clerk-9', role: 'clerk', org: 'CourtMSP' };
        const issued = await ledger.submit<ServiceRecord>(
            clerk,
            'service',
            'issue',
            ['C-9', SHA, '', 'notice', 'ab'.repeat(32), 'email', 'false'],
            { transient: { recipient } },
        );
        expect(issued.result.issuedBy).to.deep.equal({ sub: 'clerk-9', role: 'clerk' });
        expect(issued.event?.name).to.equal('ServiceIssued');
        expect(issued.raw).to.not.include('p1@example.cn');
        const writes = await ledger.writes(issued.txId);
        expect(writes.private).to.deep.equal(['courtPrivate']);
        expect(JSON.stringify(writes.public)).to.not.include('p1@example.cn');
        expect((await ledger.publicText()).join('\n')).to.not.include('p1@example.cn');
        const view = await ledger.evaluate<ServiceView>(
            { sub: 'ab'.repeat(32), role: 'party', org: 'CourtMSP' },
            'service',
            'get',
            [issued.result.serviceId],
        );
        expect(view.legalService).to.deep.equal({ status: 'not-served', rule: 'not-served' });
        await expectRefusal(
            ledger.evaluate({ sub: 'p-2', role: 'party', org: 'CourtMSP' }, 'service', 'get', [
                issued.result.serviceId,
            ]),
            'FORBIDDEN_ACTOR',
        );
    });

    it('serves record schemas that list their properties through GetMetadata', async () => {
        const metadata = await ledger.evaluate<{ components: { schemas: Record<string, JsonSchema> } }>(
            actors.party,
            'org.hyperledger.fabric',
            'GetMetadata',
            [],
        );
        const { schemas } = metadata.components;
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
        const missing = await expectRefusal(
            ledger.evaluate(actors.party, 'evidence', 'get', [`ev_${'0'.repeat(32)}`]),
            'EVIDENCE_NOT_FOUND',
        );
        expect(missing.message).to.match(/EVIDENCE_NOT_FOUND: /);
        await ledger.submit(subsystem, 'anchor', 'record', ['b-2', SHA, '1', '[]', '[]']);
        await expectRefusal(
            ledger.submit(subsystem, 'anchor', 'record', ['b-2', SHA, '1', '[]', '[]']),
            'BATCH_EXISTS',
        );
    });
});

describe('CourtContext.emit', () => {
    it('emits exactly one event per transaction (Fabric keeps only the last)', () => {
        const ctx = new CourtContext();
        const emitted: string[] = [];
        // No contract emits twice, so this guard is reached only by calling it directly.
        ctx.stub = { setEvent: (name: string) => emitted.push(name) } as unknown as CourtContext['stub'];
        ctx.emit('AnchorRecorded', {});
        expect(() => {
            ctx.emit('EvidenceCustody', {});
        }).to.throw(/one event per transaction/);
        expect(emitted).to.deep.equal(['AnchorRecorded']);
    });
});
