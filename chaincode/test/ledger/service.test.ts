import { expect } from 'chai';
import { sign, type KeyObject } from 'node:crypto';
import type { Actor } from '@court-ledger/ledger-api';
import type { RecipientKeyRecord, ServiceRecord, ServiceView } from '../../src/domain/service/model';
import { acknowledgementStatement } from '../../src/domain/service/service-acknowledgement';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import { actors } from '../helpers/actors';
import { ContractLedger, expectRefusal } from '../helpers/embedded-ledger';
import { keyPair, pseudonymOf } from '../helpers/recipients';

const SHA = '1f'.repeat(32);
const NOTE_SHA256 = '5a'.repeat(32);
const UNKNOWN = `sv_${'0'.repeat(32)}`;

const recipientA: Actor = { sub: pseudonymOf('acct-a'), role: 'party', org: 'CourtMSP' };
const recipientB: Actor = { sub: pseudonymOf('acct-b'), role: 'party', org: 'CourtMSP' };

describe('service contract on the embedded ledger', () => {
    let ledger: ContractLedger;

    before(async () => {
        ledger = await ContractLedger.open();
    });

    after(async () => {
        await ledger.close();
    });

    function issue(recipient = 'acct-a', actor: Actor = actors.clerk, addressConfirmed = 'true') {
        const transient = {
            recipient: canonicalJson({ sub: recipient, address: 'a@example.cn', salt: '00'.repeat(16) }),
        };
        const args = ['C-1', SHA, '', 'summons', pseudonymOf(recipient), 'email', addressConfirmed];
        return ledger.submit<ServiceRecord>(actor, 'service', 'issue', args, { transient });
    }

    const record = (actor: Actor, serviceId: string, type: string, detailSha256 = '') =>
        ledger.submit<ServiceRecord>(actor, 'service', 'record', [serviceId, type, '', detailSha256]);
    const acknowledge = (actor: Actor, serviceId: string, signature: string, at = ledger.time()) =>
        ledger.submit<ServiceRecord>(actor, 'service', 'acknowledge', [serviceId, at, signature]);

    function signFor(privateKey: KeyObject, serviceId: string, at: string): string {
        const statement = acknowledgementStatement(serviceId, SHA, at);
        return sign('sha256', Buffer.from(statement), { key: privateKey, dsaEncoding: 'der' }).toString('base64');
    }

    it('issues, records events and a signed acknowledgement at the injected time, and serves it', async () => {
        const key = keyPair();
        const registered = await ledger.submit<RecipientKeyRecord>(actors.clerk, 'service', 'registerKey', [
            pseudonymOf('acct-a'),
            key.pem,
        ]);
        expect(registered.event?.name).to.equal('RecipientKeyRegistered');
        const issued = await issue();
        const id = issued.result.serviceId;
        expect(issued.result.issuedAt).to.equal(issued.timestamp);
        expect(issued.event).to.deep.equal({
            name: 'ServiceIssued',
            payload: { type: 'ServiceIssued', record: issued.result },
        });
        expect(JSON.stringify(issued.event)).to.not.include('a@example.cn').and.not.include('acct-a');
        ledger.advance(60_000);
        await record(actors.clerk, id, 'sent', NOTE_SHA256);
        const delivered = await record(actors.clerk, id, 'delivered');
        await record(recipientA, id, 'read');
        ledger.advance(3_600_000);
        const at = ledger.time();
        const acknowledged = await acknowledge(recipientA, id, signFor(key.privateKey, id, at), at);
        expect(acknowledged.result.events.map((event) => event.type)).to.deep.equal([
            'issued',
            'sent',
            'delivered',
            'read',
            'acknowledged',
        ]);
        expect(acknowledged.result.events[4]).to.deep.include({ attestation: 'signature', at, recordedAt: at });
        expect(acknowledged.event).to.deep.equal({
            name: 'ServiceEvent',
            payload: { type: 'ServiceEvent', record: acknowledged.result },
        });
        const view = await ledger.evaluate<ServiceView>(recipientA, 'service', 'get', [id]);
        expect(view).to.deep.equal({
            ...acknowledged.result,
            legalService: {
                status: 'served',
                servedAt: delivered.result.events[2]!.at,
                rule: 'art26-designated-address-delivered',
            },
        });
        expect(await ledger.evaluate(actors.clerk, 'service', 'recipientOf', [id])).to.deep.equal({
            sub: 'acct-a',
            address: 'a@example.cn',
        });
    });

    it('refuses with each code the contract gives', async () => {
        const key = keyPair();
        await ledger.submit(actors.clerk, 'service', 'registerKey', [pseudonymOf('acct-b'), key.pem]);
        const id = (await issue('acct-b')).result.serviceId;
        await expectRefusal(issue('acct-b', actors.party), 'FORBIDDEN_ROLE');
        await expectRefusal(issue('acct-b', actors.clerk, 'maybe'), 'INVALID_ARGUMENT');
        await expectRefusal(record(recipientA, id, 'read'), 'FORBIDDEN_ACTOR');
        await expectRefusal(record(actors.clerk, id, 'sent', 'xyz'), 'INVALID_DIGEST');
        await expectRefusal(record(actors.clerk, UNKNOWN, 'sent'), 'SERVICE_NOT_FOUND');
        await expectRefusal(acknowledge(recipientB, id, ''), 'INVALID_SIGNATURE');
        const elsewhere = (await issue('acct-c')).result.serviceId;
        await expectRefusal(
            acknowledge(
                { ...recipientB, sub: pseudonymOf('acct-c') },
                elsewhere,
                signFor(key.privateKey, elsewhere, ledger.time()),
            ),
            'KEY_NOT_FOUND',
        );
        await record(actors.clerk, id, 'cancelled');
        await expectRefusal(record(recipientB, id, 'read'), 'INVALID_TRANSITION');
        await expectRefusal(ledger.evaluate(recipientA, 'service', 'get', [id]), 'FORBIDDEN_ACTOR');
        await expectRefusal(ledger.evaluate(actors.clerk, 'service', 'get', [UNKNOWN]), 'SERVICE_NOT_FOUND');
    });
});
