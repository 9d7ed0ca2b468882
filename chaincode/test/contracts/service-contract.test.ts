import { expect } from 'chai';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { COURT_PRIVATE_COLLECTION } from '../../src/contracts/court-context';
import { SERVICE_KEYS, ServiceContract } from '../../src/contracts/service';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import type {
    RecipientKeyRecord,
    ServiceRecipientView,
    ServiceRecord,
    ServiceView,
} from '../../src/domain/service/model';
import { acknowledgementStatement } from '../../src/domain/service/service-acknowledgement';
import { addressHash } from '../../src/domain/service/service-recipient';
import { courtIdentity, expectCode, FakeLedger, viaGateway, type Caller } from '../helpers/fake-ledger';
import { keyPair, pseudonymOf } from '../helpers/recipients';

const CASE = '(2024)京0491民初123号';
const SHA = '1f'.repeat(32);
const ADDRESS = 'zhang.san@example.cn';
const SALT = '00112233445566778899aabbccddeeff';
const SUB_A = 'acct-7f3a91c2';
const SUB_B = 'acct-0b44d7e1';

const clerk = courtIdentity('clerk', 'clerk-1');
const judge = viaGateway('judge-1', 'judge');
const enforcement = viaGateway('enf-1', 'enforcement');
// The gateway acts for a principal under its pseudonym (the one HMAC scheme): the recipient's `sub` on chain.
const recipientA = viaGateway(pseudonymOf(SUB_A), 'party');
const recipientB = viaGateway(pseudonymOf(SUB_B), 'party');
/** The SHA-256 of a salted note the gateway keeps off the ledger. */
const NOTE_SHA256 = '5a'.repeat(32);

describe('ServiceContract', () => {
    let ledger: FakeLedger;
    const contract = new ServiceContract();

    beforeEach(() => {
        ledger = new FakeLedger();
    });

    function issue(caller: Caller = clerk, sub = SUB_A, addressConfirmed = 'true', recipient?: string) {
        const transient = { recipient: recipient ?? canonicalJson({ sub, address: ADDRESS, salt: SALT }) };
        return ledger.run<ServiceRecord>(
            caller,
            (ctx) => contract.issue(ctx, CASE, SHA, '', 'summons', pseudonymOf(sub), 'email', addressConfirmed),
            transient,
        );
    }

    function record(caller: Caller, serviceId: string, type: string, at = '', detailSha256 = '') {
        return ledger.run<ServiceRecord>(caller, (ctx) => contract.record(ctx, serviceId, type, at, detailSha256));
    }

    function acknowledge(caller: Caller, serviceId: string, signature: string, at = ledger.nextTxTime()) {
        return ledger.run<ServiceRecord>(caller, (ctx) => contract.acknowledge(ctx, serviceId, at, signature));
    }

    function registerKey(caller: Caller, pem: string, sub = SUB_A) {
        return ledger.run<RecipientKeyRecord>(caller, (ctx) => contract.registerKey(ctx, pseudonymOf(sub), pem));
    }

    function get(caller: Caller, serviceId: string) {
        return ledger.run<ServiceView>(caller, (ctx) => contract.get(ctx, serviceId));
    }

    function signFor(privateKey: KeyObject, serviceId: string, at: string): string {
        const statement = acknowledgementStatement(serviceId, SHA, at);
        return sign('sha256', Buffer.from(statement), { key: privateKey, dsaEncoding: 'der' }).toString('base64');
    }

    describe('issue', () => {
        it('writes the public record, the private recipient and one ServiceIssued event', async () => {
            const { result, event, txId } = await issue();
            expect(result).to.deep.include({
                caseId: CASE,
                document: { sha256: SHA },
                documentType: 'summons',
                recipientPseudonym: pseudonymOf(SUB_A),
                addressHash: addressHash(SALT, ADDRESS),
                channel: 'email',
                addressConfirmed: true,
                status: 'issued',
                issuedBy: { sub: 'clerk-1', role: 'clerk' },
                issuedAt: '2023-11-14T22:13:21.250Z',
                txId,
            });
            expect(result.serviceId).to.match(/^sv_[0-9a-f]{32}$/);
            expect(event).to.deep.equal({
                name: 'ServiceIssued',
                payload: canonicalJson({ type: 'ServiceIssued', record: result }),
            });
            const publicKey = ledger.stub.createCompositeKey(SERVICE_KEYS.record, [result.serviceId]);
            expect(ledger.stub.state.get(publicKey)?.toString()).to.equal(canonicalJson(result));
            expect([...ledger.stub.state.keys()]).to.deep.equal([publicKey]);
            const privateKey = ledger.stub.createCompositeKey(SERVICE_KEYS.recipient, [result.serviceId]);
            expect(ledger.stub.privateState.get(COURT_PRIVATE_COLLECTION)?.get(privateKey)?.toString()).to.equal(
                canonicalJson({ sub: SUB_A, address: ADDRESS, salt: SALT }),
            );
        });

        it('lets court roles issue and refuses a party, an agent and a subsystem', async () => {
            await issue(judge);
            await issue(enforcement);
            await expectCode(issue(recipientA), 'FORBIDDEN_ROLE');
            await expectCode(issue(viaGateway('a-1', 'agent')), 'FORBIDDEN_ROLE');
            await expectCode(issue(viaGateway('trial', 'subsystem')), 'FORBIDDEN_ROLE');
        });

        it('refuses a missing or malformed recipient and bad arguments without writing', async () => {
            await expectCode(
                ledger.run(clerk, (ctx) =>
                    contract.issue(ctx, CASE, SHA, '', 'summons', pseudonymOf(SUB_A), 'email', 'true'),
                ),
                'INVALID_ARGUMENT',
            );
            const message = await expectCode(issue(clerk, SUB_A, 'true', '{"sub":'), 'INVALID_ARGUMENT');
            expect(message).to.match(/field=recipient;/);
            await expectCode(issue(clerk, 'not a sub'), 'INVALID_ARGUMENT');
            await expectCode(issue(clerk, SUB_A, 'maybe'), 'INVALID_ARGUMENT');
            expect(ledger.stub.state.size).to.equal(0);
            expect(ledger.stub.privateState.size).to.equal(0);
        });
    });

    describe('the recipient journey', () => {
        it('issue → sent → delivered → read → downloaded → acknowledged (signed), then get', async () => {
            const key = keyPair();
            const registered = await registerKey(clerk, key.pem);
            expect(registered.event?.name).to.equal('RecipientKeyRegistered');
            const id = (await issue()).result.serviceId;
            await record(clerk, id, 'sent', '', NOTE_SHA256);
            const delivered = await record(clerk, id, 'delivered');
            await record(recipientA, id, 'read');
            await record(recipientA, id, 'downloaded');
            const at = ledger.nextTxTime();
            const acknowledged = await acknowledge(recipientA, id, signFor(key.privateKey, id, at), at);
            expect(acknowledged.event).to.deep.equal({
                name: 'ServiceEvent',
                payload: canonicalJson({ type: 'ServiceEvent', record: acknowledged.result }),
            });
            const { result } = acknowledged;
            expect(result.status).to.equal('acknowledged');
            expect(result.events.map((event) => event.type)).to.deep.equal([
                'issued',
                'sent',
                'delivered',
                'read',
                'downloaded',
                'acknowledged',
            ]);
            expect(result.events[3]?.actor).to.deep.equal({ role: 'party', recipientPseudonym: pseudonymOf(SUB_A) });
            expect(result.events[5]).to.deep.include({
                attestation: 'signature',
                keyFingerprint: registered.result.fingerprint,
                at,
            });

            const deliveredAt = delivered.result.events[2]!.at;
            for (const caller of [clerk, judge, enforcement, recipientA]) {
                const view = await get(caller, id);
                expect(view.result).to.deep.equal({
                    ...result,
                    legalService: {
                        status: 'served',
                        servedAt: deliveredAt,
                        rule: 'art26-designated-address-delivered',
                    },
                });
                expect(view.event).to.equal(undefined);
            }
        });

        it('writes neither the address nor the recipient sub to public state or events', async () => {
            const key = keyPair();
            await registerKey(clerk, key.pem);
            const id = (await issue()).result.serviceId;
            await record(clerk, id, 'sent');
            await record(clerk, id, 'delivered');
            await record(recipientA, id, 'read', '', NOTE_SHA256);
            await record(recipientA, id, 'downloaded');
            await record(recipientA, id, 'replied');
            const at = ledger.nextTxTime();
            await acknowledge(recipientA, id, signFor(key.privateKey, id, at), at);
            await record(clerk, id, 'cancelled');
            const publicText = [
                ...ledger.stub.publicWriteLog.map(({ key: k, value }) => `${k} ${value.toString('utf8')}`),
                ...ledger.events.map((event) => `${event.name} ${event.payload}`),
            ];
            expect(ledger.stub.publicWriteLog).to.have.length(9);
            expect(ledger.events).to.have.length(9);
            for (const text of publicText) {
                expect(text).to.not.include(ADDRESS);
                expect(text).to.not.include(SUB_A);
                expect(text).to.not.include(SALT);
            }
            const privateText = [...(ledger.stub.privateState.get(COURT_PRIVATE_COLLECTION)?.values() ?? [])].join();
            expect(privateText).to.include(ADDRESS).and.to.include(SUB_A);
        });

        it('refuses events by anyone but the recipient on its service', async () => {
            const id = (await issue()).result.serviceId;
            await issue(clerk, SUB_B);
            for (const type of ['read', 'downloaded', 'replied']) {
                await expectCode(record(recipientB, id, type), 'FORBIDDEN_ACTOR');
                await expectCode(record(clerk, id, type), 'FORBIDDEN_ROLE');
            }
            await expectCode(acknowledge(recipientB, id, ''), 'FORBIDDEN_ACTOR');
            await expectCode(get(recipientB, id), 'FORBIDDEN_ACTOR');
            await expectCode(record(recipientA, id, 'delivered'), 'FORBIDDEN_ROLE');
            await expectCode(get(viaGateway('trial', 'subsystem'), id), 'FORBIDDEN_ROLE');
            await expectCode(record(viaGateway('trial', 'subsystem'), id, 'sent'), 'FORBIDDEN_ROLE');
            const agency = { mspId: 'AgencyMSP', role: 'agency', cn: 'insurer-1' };
            await expectCode(record(agency, id, 'delivered'), 'FORBIDDEN_ROLE');
            await expectCode(acknowledge(agency, id, ''), 'FORBIDDEN_ROLE');
            const agent = await record(viaGateway(pseudonymOf(SUB_A), 'agent'), id, 'read');
            expect(agent.result.status).to.equal('read');
        });
    });

    describe('acknowledge', () => {
        it('refuses a forged signature, another key and a missing signature when a key is registered', async () => {
            const key = keyPair();
            await registerKey(clerk, key.pem);
            const id = (await issue()).result.serviceId;
            const at = ledger.nextTxTime();
            const other = (await issue()).result.serviceId;
            await expectCode(acknowledge(recipientA, id, signFor(key.privateKey, other, at), at), 'INVALID_SIGNATURE');
            const at2 = ledger.nextTxTime();
            await expectCode(
                acknowledge(recipientA, id, signFor(keyPair().privateKey, id, at2), at2),
                'INVALID_SIGNATURE',
            );
            await expectCode(acknowledge(recipientA, id, ''), 'INVALID_SIGNATURE');
            await expectCode(acknowledge(recipientA, id, 'bm90IGEgc2lnbmF0dXJl'), 'INVALID_SIGNATURE');
            const got = await get(clerk, id);
            expect(got.result.status).to.equal('issued');
        });

        it('verifies with the current key after re-registration, not the replaced one', async () => {
            const old = keyPair();
            const current = keyPair();
            await registerKey(clerk, old.pem);
            const replaced = await registerKey(judge, current.pem);
            expect(replaced.result.history).to.have.length(1);
            expect(replaced.result.history[0]?.registeredBy).to.deep.equal({ sub: 'clerk-1', role: 'clerk' });
            const id = (await issue()).result.serviceId;
            const at = ledger.nextTxTime();
            await expectCode(acknowledge(recipientA, id, signFor(old.privateKey, id, at), at), 'INVALID_SIGNATURE');
            const at2 = ledger.nextTxTime();
            const ok = await acknowledge(recipientA, id, signFor(current.privateKey, id, at2), at2);
            expect(ok.result.status).to.equal('acknowledged');
        });

        it('accepts a portal attestation when no key is registered, and refuses a signature then', async () => {
            const id = (await issue(clerk, SUB_A, 'false')).result.serviceId;
            const at = ledger.nextTxTime();
            await expectCode(acknowledge(recipientA, id, signFor(keyPair().privateKey, id, at), at), 'KEY_NOT_FOUND');
            const at2 = ledger.nextTxTime();
            const { result } = await acknowledge(recipientA, id, '', at2);
            expect(result.events.at(-1)).to.deep.include({ type: 'acknowledged', attestation: 'portal', at: at2 });
            expect(result.events.at(-1)).to.not.have.property('signature');
            const view = await get(recipientA, id);
            expect(view.result.legalService).to.deep.equal({
                status: 'served',
                servedAt: at2,
                rule: 'art26-acknowledged-or-replied',
            });
        });

        it('refuses an acknowledgedAt far from the transaction time or malformed', async () => {
            const id = (await issue()).result.serviceId;
            await expectCode(acknowledge(recipientA, id, '', '2023-11-14T21:00:00.000Z'), 'INVALID_ARGUMENT');
            await expectCode(acknowledge(recipientA, id, '', '2023-11-14T22:13:25Z'), 'INVALID_ARGUMENT');
        });
    });

    describe('record', () => {
        it('refuses every event after cancelled', async () => {
            const id = (await issue()).result.serviceId;
            await record(clerk, id, 'sent');
            const cancelled = await record(judge, id, 'cancelled', '', NOTE_SHA256);
            expect(cancelled.result.status).to.equal('cancelled');
            for (const type of ['sent', 'delivered', 'delivery-failed', 'cancelled']) {
                await expectCode(record(clerk, id, type), 'INVALID_TRANSITION');
            }
            for (const type of ['read', 'downloaded', 'replied']) {
                await expectCode(record(recipientA, id, type), 'INVALID_TRANSITION');
            }
            await expectCode(acknowledge(recipientA, id, ''), 'INVALID_TRANSITION');
            expect((await get(clerk, id)).result.legalService).to.deep.equal({
                status: 'not-served',
                rule: 'cancelled',
            });
        });

        it('refuses issued, acknowledged, unknown types, bad times and details without writing', async () => {
            const id = (await issue()).result.serviceId;
            const before = new Map(ledger.stub.state);
            for (const type of ['issued', 'acknowledged', 'served']) {
                await expectCode(record(clerk, id, type), 'INVALID_ARGUMENT');
            }
            await expectCode(record(clerk, id, 'sent', '2023-11-14T22:13:20.000Z'), 'INVALID_ARGUMENT');
            await expectCode(record(clerk, id, 'sent', '2030-01-01T00:00:00.000Z'), 'INVALID_ARGUMENT');
            // Free text is refused: only the digest of a note kept off the ledger goes in.
            await expectCode(record(clerk, id, 'sent', '', `sent to ${ADDRESS}`), 'INVALID_DIGEST');
            await expectCode(record(clerk, id, 'sent', '', NOTE_SHA256.toUpperCase()), 'INVALID_DIGEST');
            await expectCode(record(clerk, 'sv_bad', 'sent'), 'INVALID_ARGUMENT');
            await expectCode(record(clerk, `sv_${'0'.repeat(32)}`, 'sent'), 'SERVICE_NOT_FOUND');
            expect(ledger.stub.state).to.deep.equal(before);
        });

        it('keeps service after a later delivery failure', async () => {
            const id = (await issue()).result.serviceId;
            const delivered = await record(clerk, id, 'delivered');
            await record(clerk, id, 'delivery-failed', '', NOTE_SHA256);
            const view = await get(clerk, id);
            expect(view.result.status).to.equal('delivery-failed');
            expect(view.result.legalService).to.deep.equal({
                status: 'served',
                servedAt: delivered.result.events[1]!.at,
                rule: 'art26-designated-address-delivered',
            });
        });
    });

    describe('registerKey and recipientOf', () => {
        it('registers keys for clerks and judges only, with valid P-256 SPKI keys', async () => {
            const key = keyPair();
            const { result, event, txId } = await registerKey(clerk, key.pem);
            expect(result).to.deep.include({
                recipientPseudonym: pseudonymOf(SUB_A),
                publicKeyPem: key.pem,
                registeredBy: { sub: 'clerk-1', role: 'clerk' },
                txId,
                history: [],
            });
            expect(result.fingerprint).to.match(/^[0-9a-f]{64}$/);
            expect(event?.payload).to.equal(canonicalJson({ type: 'RecipientKeyRegistered', record: result }));
            await expectCode(registerKey(enforcement, key.pem), 'FORBIDDEN_ROLE');
            await expectCode(registerKey(recipientA, key.pem), 'FORBIDDEN_ROLE');
            const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
            await expectCode(
                registerKey(clerk, rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
                'INVALID_ARGUMENT',
            );
            await expectCode(
                ledger.run(clerk, (ctx) => contract.registerKey(ctx, SUB_A, key.pem)),
                'INVALID_ARGUMENT',
            );
        });

        it('reveals the recipient to court roles only', async () => {
            const id = (await issue()).result.serviceId;
            const { result } = await ledger.run<ServiceRecipientView>(enforcement, (ctx) =>
                contract.recipientOf(ctx, id),
            );
            expect(result).to.deep.equal({ sub: SUB_A, address: ADDRESS });
            await expectCode(
                ledger.run(recipientA, (ctx) => contract.recipientOf(ctx, id)),
                'FORBIDDEN_ROLE',
            );
            await expectCode(
                ledger.run(clerk, (ctx) => contract.recipientOf(ctx, `sv_${'0'.repeat(32)}`)),
                'SERVICE_NOT_FOUND',
            );
            await expectCode(get(clerk, `sv_${'0'.repeat(32)}`), 'SERVICE_NOT_FOUND');
        });
    });
});
