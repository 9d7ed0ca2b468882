import { expect } from 'chai';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Actor } from '@court-ledger/ledger-api';
import { SERVICE_KEYS } from '../../src/contracts/service';
import type {
    RecipientKeyRecord,
    ServiceRecipientView,
    ServiceRecord,
    ServiceView,
} from '../../src/domain/service/model';
import { acknowledgementStatement } from '../../src/domain/service/service-acknowledgement';
import { addressHash } from '../../src/domain/service/service-recipient';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import { actors } from '../helpers/actors';
import { ContractLedger, expectRefusal, type Caller, type Certificate } from '../helpers/embedded-ledger';
import { keyPair, pseudonymOf } from '../helpers/recipients';

const CASE = '(2024)京0491民初123号';
const SHA = '1f'.repeat(32);
const ADDRESS = 'zhang.san@example.cn';
const SALT = '00112233445566778899aabbccddeeff';
const SUB_A = 'acct-7f3a91c2';
const SUB_B = 'acct-0b44d7e1';
/** The SHA-256 of a salted note the gateway keeps off the ledger. */
const NOTE_SHA256 = '5a'.repeat(32);
const UNKNOWN = `sv_${'0'.repeat(32)}`;

// The gateway acts for a principal under its pseudonym (the one HMAC scheme): the recipient's `sub` on chain.
const recipientA: Actor = { sub: pseudonymOf(SUB_A), role: 'party', org: 'CourtMSP' };
const recipientB: Actor = { sub: pseudonymOf(SUB_B), role: 'party', org: 'CourtMSP' };
const subsystem: Actor = { sub: 'trial', role: 'subsystem', org: 'CourtMSP' };

describe('service contract on the embedded ledger', () => {
    let ledger: ContractLedger;
    /** A clerk certificate acting for itself (clerk-1). */
    let clerk: Certificate;

    beforeEach(async () => {
        ledger = await ContractLedger.open();
        clerk = await ledger.certificate('CourtMSP', 'clerk-1', { role: 'clerk' });
    });

    afterEach(async () => {
        await ledger.close();
    });

    function issue(caller: Caller = clerk, sub = SUB_A, addressConfirmed = 'true', recipient?: string) {
        const transient = { recipient: recipient ?? canonicalJson({ sub, address: ADDRESS, salt: SALT }) };
        const args = [CASE, SHA, '', 'summons', pseudonymOf(sub), 'email', addressConfirmed];
        return ledger.submit<ServiceRecord>(caller, 'service', 'issue', args, { transient });
    }

    const record = (caller: Caller, serviceId: string, type: string, at = '', detailSha256 = '') =>
        ledger.submit<ServiceRecord>(caller, 'service', 'record', [serviceId, type, at, detailSha256]);
    const acknowledge = (caller: Caller, serviceId: string, signature: string, at = ledger.time()) =>
        ledger.submit<ServiceRecord>(caller, 'service', 'acknowledge', [serviceId, at, signature]);
    const registerKey = (caller: Caller, pem: string, sub = SUB_A) =>
        ledger.submit<RecipientKeyRecord>(caller, 'service', 'registerKey', [pseudonymOf(sub), pem]);
    const get = (caller: Caller, serviceId: string) =>
        ledger.evaluate<ServiceView>(caller, 'service', 'get', [serviceId]);

    function signFor(privateKey: KeyObject, serviceId: string, at: string): string {
        const statement = acknowledgementStatement(serviceId, SHA, at);
        return sign('sha256', Buffer.from(statement), { key: privateKey, dsaEncoding: 'der' }).toString('base64');
    }

    describe('issue', () => {
        it('writes the public record, the private recipient and one ServiceIssued event', async () => {
            const { result, event, txId, timestamp } = await issue();
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
                issuedAt: timestamp,
                txId,
            });
            expect(result.serviceId).to.match(/^sv_[0-9a-f]{32}$/);
            expect(event).to.deep.equal({ name: 'ServiceIssued', payload: { type: 'ServiceIssued', record: result } });
            expect(await ledger.writes(txId)).to.deep.equal({
                public: [
                    {
                        key: `\u0000${SERVICE_KEYS.record}\u0000${result.serviceId}\u0000`,
                        value: canonicalJson(result),
                    },
                ],
                private: ['courtPrivate'],
                metadata: [],
            });
            const recipient = await ledger.evaluate<ServiceRecipientView>(clerk, 'service', 'recipientOf', [
                result.serviceId,
            ]);
            expect(recipient).to.deep.equal({ sub: SUB_A, address: ADDRESS });
        });

        it('lets court roles issue and refuses a party, an agent and a subsystem', async () => {
            await issue(actors.judge);
            await issue(actors.officer);
            await expectRefusal(issue(recipientA), 'FORBIDDEN_ROLE');
            await expectRefusal(issue(actors.agent), 'FORBIDDEN_ROLE');
            await expectRefusal(issue(subsystem), 'FORBIDDEN_ROLE');
        });

        it('refuses a missing or malformed recipient and bad arguments, committing nothing', async () => {
            const height = await ledger.height();
            const args = [CASE, SHA, '', 'summons', pseudonymOf(SUB_A), 'email', 'true'];
            await expectRefusal(ledger.submit(clerk, 'service', 'issue', args), 'INVALID_ARGUMENT');
            const malformed = await expectRefusal(issue(clerk, SUB_A, 'true', '{"sub":'), 'INVALID_ARGUMENT');
            expect(malformed.field).to.equal('recipient');
            await expectRefusal(issue(clerk, 'not a sub'), 'INVALID_ARGUMENT');
            await expectRefusal(issue(clerk, SUB_A, 'maybe'), 'INVALID_ARGUMENT');
            expect(await ledger.height()).to.equal(height);
        });
    });

    describe('the recipient journey', () => {
        it('issue → sent → delivered → read → downloaded → acknowledged (signed) at the injected times, then get', async () => {
            const key = keyPair();
            const registered = await registerKey(clerk, key.pem);
            expect(registered.event?.name).to.equal('RecipientKeyRegistered');
            const issued = await issue();
            const id = issued.result.serviceId;
            expect(issued.result.issuedAt).to.equal(issued.timestamp);
            ledger.advance(60_000);
            await record(clerk, id, 'sent', '', NOTE_SHA256);
            const delivered = await record(clerk, id, 'delivered');
            await record(recipientA, id, 'read');
            await record(recipientA, id, 'downloaded');
            ledger.advance(3_600_000);
            const at = ledger.time();
            const acknowledged = await acknowledge(recipientA, id, signFor(key.privateKey, id, at), at);
            expect(acknowledged.event).to.deep.equal({
                name: 'ServiceEvent',
                payload: { type: 'ServiceEvent', record: acknowledged.result },
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
                recordedAt: at,
            });

            const deliveredAt = delivered.result.events[2]!.at;
            const height = await ledger.height();
            for (const caller of [clerk, actors.judge, actors.officer, recipientA]) {
                expect(await get(caller, id)).to.deep.equal({
                    ...result,
                    legalService: {
                        status: 'served',
                        servedAt: deliveredAt,
                        rule: 'art26-designated-address-delivered',
                    },
                });
            }
            expect(await ledger.height(), 'a view commits nothing').to.equal(height);
        });

        it('writes neither the address nor the recipient sub into a block in clear', async () => {
            const key = keyPair();
            const txIds = [(await registerKey(clerk, key.pem)).txId];
            const issued = await issue();
            const id = issued.result.serviceId;
            txIds.push(issued.txId);
            for (const [caller, type, note] of [
                [clerk, 'sent', ''],
                [clerk, 'delivered', ''],
                [recipientA, 'read', NOTE_SHA256],
                [recipientA, 'downloaded', ''],
                [recipientA, 'replied', ''],
            ] as const) {
                txIds.push((await record(caller, id, type, '', note)).txId);
            }
            const at = ledger.time();
            txIds.push((await acknowledge(recipientA, id, signFor(key.privateKey, id, at), at)).txId);
            txIds.push((await record(clerk, id, 'cancelled')).txId);
            const writes = await Promise.all(txIds.map((txId) => ledger.writes(txId)));
            expect(writes.map((tx) => tx.public.length)).to.deep.equal([1, 1, 1, 1, 1, 1, 1, 1, 1]);
            const publicText = await ledger.publicText();
            expect(
                publicText.filter((line) => /^(ServiceEvent|ServiceIssued|RecipientKeyRegistered) /.test(line)),
            ).to.have.length(9);
            for (const text of publicText) {
                expect(text).to.not.include(ADDRESS);
                expect(text).to.not.include(SUB_A);
                expect(text).to.not.include(SALT);
            }
            expect(await ledger.evaluate(clerk, 'service', 'recipientOf', [id])).to.deep.equal({
                sub: SUB_A,
                address: ADDRESS,
            });
        });

        it('refuses events by anyone but the recipient on its service', async () => {
            const id = (await issue()).result.serviceId;
            await issue(clerk, SUB_B);
            for (const type of ['read', 'downloaded', 'replied']) {
                await expectRefusal(record(recipientB, id, type), 'FORBIDDEN_ACTOR');
                await expectRefusal(record(clerk, id, type), 'FORBIDDEN_ROLE');
            }
            await expectRefusal(acknowledge(recipientB, id, ''), 'FORBIDDEN_ACTOR');
            await expectRefusal(get(recipientB, id), 'FORBIDDEN_ACTOR');
            await expectRefusal(record(recipientA, id, 'delivered'), 'FORBIDDEN_ROLE');
            await expectRefusal(get(subsystem, id), 'FORBIDDEN_ROLE');
            await expectRefusal(record(subsystem, id, 'sent'), 'FORBIDDEN_ROLE');
            const agency = await ledger.certificate('AgencyMSP', 'insurer-1', { role: 'agency' });
            await expectRefusal(record(agency, id, 'delivered'), 'FORBIDDEN_ROLE');
            await expectRefusal(acknowledge(agency, id, ''), 'FORBIDDEN_ROLE');
            const agent = await record({ sub: pseudonymOf(SUB_A), role: 'agent', org: 'CourtMSP' }, id, 'read');
            expect(agent.result.status).to.equal('read');
        });
    });

    describe('acknowledge', () => {
        it('refuses a forged signature, another key and a missing signature when a key is registered', async () => {
            const key = keyPair();
            await registerKey(clerk, key.pem);
            const id = (await issue()).result.serviceId;
            const other = (await issue()).result.serviceId;
            const at = ledger.time();
            await expectRefusal(
                acknowledge(recipientA, id, signFor(key.privateKey, other, at), at),
                'INVALID_SIGNATURE',
            );
            await expectRefusal(
                acknowledge(recipientA, id, signFor(keyPair().privateKey, id, at), at),
                'INVALID_SIGNATURE',
            );
            await expectRefusal(acknowledge(recipientA, id, ''), 'INVALID_SIGNATURE');
            await expectRefusal(acknowledge(recipientA, id, 'bm90IGEgc2lnbmF0dXJl'), 'INVALID_SIGNATURE');
            expect((await get(clerk, id)).status).to.equal('issued');
        });

        it('verifies with the current key after re-registration, not the replaced one', async () => {
            const old = keyPair();
            const current = keyPair();
            await registerKey(clerk, old.pem);
            const replaced = await registerKey(actors.judge, current.pem);
            expect(replaced.result.history).to.have.length(1);
            expect(replaced.result.history[0]?.registeredBy).to.deep.equal({ sub: 'clerk-1', role: 'clerk' });
            const id = (await issue()).result.serviceId;
            const at = ledger.time();
            await expectRefusal(acknowledge(recipientA, id, signFor(old.privateKey, id, at), at), 'INVALID_SIGNATURE');
            const ok = await acknowledge(recipientA, id, signFor(current.privateKey, id, at), at);
            expect(ok.result.status).to.equal('acknowledged');
        });

        it('accepts a portal attestation when no key is registered, and refuses a signature then', async () => {
            const id = (await issue(clerk, SUB_A, 'false')).result.serviceId;
            const at = ledger.time();
            await expectRefusal(
                acknowledge(recipientA, id, signFor(keyPair().privateKey, id, at), at),
                'KEY_NOT_FOUND',
            );
            const { result } = await acknowledge(recipientA, id, '', at);
            expect(result.events.at(-1)).to.deep.include({ type: 'acknowledged', attestation: 'portal', at });
            expect(result.events.at(-1)).to.not.have.property('signature');
            expect((await get(recipientA, id)).legalService).to.deep.equal({
                status: 'served',
                servedAt: at,
                rule: 'art26-acknowledged-or-replied',
            });
        });

        it('refuses an acknowledgedAt far from the transaction time or malformed', async () => {
            const id = (await issue()).result.serviceId;
            const hourBefore = new Date(Date.parse(ledger.time()) - 3_600_000).toISOString();
            await expectRefusal(acknowledge(recipientA, id, '', hourBefore), 'INVALID_ARGUMENT');
            await expectRefusal(
                acknowledge(recipientA, id, '', ledger.time().replace('.000Z', 'Z')),
                'INVALID_ARGUMENT',
            );
        });
    });

    describe('record', () => {
        it('refuses every event after cancelled', async () => {
            const id = (await issue()).result.serviceId;
            await record(clerk, id, 'sent');
            const cancelled = await record(actors.judge, id, 'cancelled', '', NOTE_SHA256);
            expect(cancelled.result.status).to.equal('cancelled');
            for (const type of ['sent', 'delivered', 'delivery-failed', 'cancelled']) {
                await expectRefusal(record(clerk, id, type), 'INVALID_TRANSITION');
            }
            for (const type of ['read', 'downloaded', 'replied']) {
                await expectRefusal(record(recipientA, id, type), 'INVALID_TRANSITION');
            }
            await expectRefusal(acknowledge(recipientA, id, ''), 'INVALID_TRANSITION');
            expect((await get(clerk, id)).legalService).to.deep.equal({ status: 'not-served', rule: 'cancelled' });
        });

        it('refuses issued, acknowledged, unknown types, bad times and details, committing nothing', async () => {
            const issued = await issue();
            const id = issued.result.serviceId;
            const height = await ledger.height();
            for (const type of ['issued', 'acknowledged', 'served']) {
                await expectRefusal(record(clerk, id, type), 'INVALID_ARGUMENT');
            }
            const beforeIssue = new Date(Date.parse(issued.timestamp) - 1000).toISOString();
            await expectRefusal(record(clerk, id, 'sent', beforeIssue), 'INVALID_ARGUMENT');
            await expectRefusal(record(clerk, id, 'sent', '2030-01-01T00:00:00.000Z'), 'INVALID_ARGUMENT');
            // Free text is refused: only the digest of a note kept off the ledger goes in.
            await expectRefusal(record(clerk, id, 'sent', '', `sent to ${ADDRESS}`), 'INVALID_DIGEST');
            await expectRefusal(record(clerk, id, 'sent', '', NOTE_SHA256.toUpperCase()), 'INVALID_DIGEST');
            await expectRefusal(record(clerk, 'sv_bad', 'sent'), 'INVALID_ARGUMENT');
            await expectRefusal(record(clerk, UNKNOWN, 'sent'), 'SERVICE_NOT_FOUND');
            expect(await ledger.height()).to.equal(height);
        });

        it('keeps service after a later delivery failure', async () => {
            const id = (await issue()).result.serviceId;
            const delivered = await record(clerk, id, 'delivered');
            await record(clerk, id, 'delivery-failed', '', NOTE_SHA256);
            const view = await get(clerk, id);
            expect(view.status).to.equal('delivery-failed');
            expect(view.legalService).to.deep.equal({
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
            expect(event).to.deep.equal({
                name: 'RecipientKeyRegistered',
                payload: { type: 'RecipientKeyRegistered', record: result },
            });
            await expectRefusal(registerKey(actors.officer, key.pem), 'FORBIDDEN_ROLE');
            await expectRefusal(registerKey(recipientA, key.pem), 'FORBIDDEN_ROLE');
            const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
            await expectRefusal(
                registerKey(clerk, rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
                'INVALID_ARGUMENT',
            );
            await expectRefusal(ledger.submit(clerk, 'service', 'registerKey', [SUB_A, key.pem]), 'INVALID_ARGUMENT');
        });

        it('reveals the recipient to court roles only', async () => {
            const id = (await issue()).result.serviceId;
            expect(await ledger.evaluate(actors.officer, 'service', 'recipientOf', [id])).to.deep.equal({
                sub: SUB_A,
                address: ADDRESS,
            });
            await expectRefusal(ledger.evaluate(recipientA, 'service', 'recipientOf', [id]), 'FORBIDDEN_ROLE');
            await expectRefusal(ledger.evaluate(clerk, 'service', 'recipientOf', [UNKNOWN]), 'SERVICE_NOT_FOUND');
            await expectRefusal(get(clerk, UNKNOWN), 'SERVICE_NOT_FOUND');
        });
    });

    it('refuses with each code the contract gives', async () => {
        const key = keyPair();
        await registerKey(actors.clerk, key.pem, 'acct-b');
        const id = (await issue(actors.clerk, 'acct-b')).result.serviceId;
        const holderOfB: Actor = { ...recipientB, sub: pseudonymOf('acct-b') };
        await expectRefusal(issue(actors.party, 'acct-b'), 'FORBIDDEN_ROLE');
        await expectRefusal(issue(actors.clerk, 'acct-b', 'maybe'), 'INVALID_ARGUMENT');
        await expectRefusal(record(recipientA, id, 'read'), 'FORBIDDEN_ACTOR');
        await expectRefusal(record(actors.clerk, id, 'sent', '', 'xyz'), 'INVALID_DIGEST');
        await expectRefusal(record(actors.clerk, UNKNOWN, 'sent'), 'SERVICE_NOT_FOUND');
        await expectRefusal(acknowledge(holderOfB, id, ''), 'INVALID_SIGNATURE');
        const elsewhere = (await issue(actors.clerk, 'acct-c')).result.serviceId;
        await expectRefusal(
            acknowledge(
                { ...recipientB, sub: pseudonymOf('acct-c') },
                elsewhere,
                signFor(key.privateKey, elsewhere, ledger.time()),
            ),
            'KEY_NOT_FOUND',
        );
        await record(actors.clerk, id, 'cancelled');
        await expectRefusal(record(holderOfB, id, 'read'), 'INVALID_TRANSITION');
        await expectRefusal(ledger.evaluate(recipientA, 'service', 'get', [id]), 'FORBIDDEN_ACTOR');
    });
});
