import { expect } from 'chai';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { RecipientKeyRecord, ServiceRecipient, ServiceRecord } from '../../../src/domain/service/model';
import {
    acknowledgementStatement,
    acknowledgeService,
    verifyAcknowledgement,
} from '../../../src/domain/service/service-acknowledgement';
import {
    newServiceRecord,
    parseIssue,
    parseRecordEvent,
    recordServiceEvent,
} from '../../../src/domain/service/service-events';
import { parseRecipientPublicKey, registerRecipientKey } from '../../../src/domain/service/service-keys';
import type { Actor } from '../../../src/domain/shared/actor';
import { GATEWAY_CERT } from '../../helpers/certificates';
import { expectThrowsCode } from '../../helpers/codes';

const SHA = 'ab'.repeat(32);
const PSEUDONYM = 'cd'.repeat(32);
const ISSUED_AT = '2024-03-01T08:00:00.000Z';
const NOW = '2024-03-01T09:00:00.000Z';
const RECIPIENT: ServiceRecipient = { sub: 'p-7', address: 'zhang.san@example.cn', salt: '0f'.repeat(16) };
const clerk: Actor = { sub: 'clerk-1', role: 'clerk', org: 'CourtMSP' };
// The recipient acts under its pseudonym (the gateway's HMAC of its sub), which the record names.
const recipient: Actor = { sub: PSEUDONYM, role: 'party', org: 'CourtMSP' };

function p256(): { publicKey: KeyObject; privateKey: KeyObject; pem: string } {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return { publicKey, privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

function signStatement(privateKey: KeyObject, statement: string): string {
    return sign('sha256', Buffer.from(statement, 'utf8'), { key: privateKey, dsaEncoding: 'der' }).toString('base64');
}

describe('recipient keys', () => {
    it('accepts an ECDSA P-256 SPKI PEM, normalising it and fingerprinting the DER', () => {
        const { publicKey, pem } = p256();
        const parsed = parseRecipientPublicKey(pem.replace(/\n/g, '\r\n'));
        expect(parsed.publicKeyPem).to.equal(pem);
        const der = publicKey.export({ type: 'spki', format: 'der' });
        expect(parsed.fingerprint).to.equal(createHash('sha256').update(der).digest('hex'));
    });

    it('refuses other keys, private keys, certificates and garbage (field publicKeyPem)', () => {
        const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
        const ed = generateKeyPairSync('ed25519');
        const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
        const p = p256();
        const bad = [
            p384.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
            ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
            rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
            p.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
            p.privateKey.export({ type: 'sec1', format: 'pem' }).toString(),
            '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n',
            `${p.pem}${p.pem}`,
            GATEWAY_CERT,
            '',
            'x'.repeat(2000),
        ];
        for (const pem of bad) {
            expect(() => parseRecipientPublicKey(pem)).to.throw(/^INVALID_ARGUMENT: field=publicKeyPem; /);
        }
    });

    it('replaces a registered key, keeping the previous ones in history', () => {
        const first = parseRecipientPublicKey(p256().pem);
        const second = parseRecipientPublicKey(p256().pem);
        const one = registerRecipientKey(undefined, PSEUDONYM, first, clerk, ISSUED_AT, 'tx-1');
        expect(one).to.deep.equal({
            recipientPseudonym: PSEUDONYM,
            publicKeyPem: first.publicKeyPem,
            fingerprint: first.fingerprint,
            registeredBy: { sub: 'clerk-1', role: 'clerk' },
            registeredAt: ISSUED_AT,
            txId: 'tx-1',
            history: [],
        });
        const two = registerRecipientKey(one, PSEUDONYM, second, clerk, NOW, 'tx-2');
        const three = registerRecipientKey(two, PSEUDONYM, first, clerk, NOW, 'tx-3');
        expect(three.fingerprint).to.equal(first.fingerprint);
        expect(three.history.map((version) => version.txId)).to.deep.equal(['tx-1', 'tx-2']);
        expect(three.history[1]).to.deep.equal({
            publicKeyPem: second.publicKeyPem,
            fingerprint: second.fingerprint,
            registeredBy: { sub: 'clerk-1', role: 'clerk' },
            registeredAt: NOW,
            txId: 'tx-2',
        });
    });
});

describe('acknowledgement', () => {
    it('states {acknowledgedAt, documentDigest, serviceId} as canonical JSON', () => {
        expect(acknowledgementStatement('sv_1', SHA, NOW)).to.equal(
            `{"acknowledgedAt":"${NOW}","documentDigest":"${SHA}","serviceId":"sv_1"}`,
        );
    });

    it('verifies a P-256 signature and nothing else', () => {
        const key = p256();
        const statement = acknowledgementStatement('sv_1', SHA, NOW);
        const signature = signStatement(key.privateKey, statement);
        expect(verifyAcknowledgement(key.pem, statement, signature)).to.equal(true);
        expect(verifyAcknowledgement(key.pem, acknowledgementStatement('sv_2', SHA, NOW), signature)).to.equal(false);
        expect(verifyAcknowledgement(p256().pem, statement, signature)).to.equal(false);
        const ieee = sign('sha256', Buffer.from(statement), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
        expect(verifyAcknowledgement(key.pem, statement, ieee.toString('base64'))).to.equal(false);
        // A DER signature is 70–72 bytes, so its base64 has padding only sometimes: strip it only where it exists.
        const unpadded = signature.replace(/=+$/, '');
        const variants = [
            '',
            'not base64!',
            `${signature}\n`,
            'A'.repeat(200),
            ...(unpadded === signature ? [] : [unpadded]),
        ];
        for (const bad of variants) {
            expect(verifyAcknowledgement(key.pem, statement, bad), JSON.stringify(bad)).to.equal(false);
        }
        const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
        expectThrowsCode(
            () =>
                verifyAcknowledgement(
                    rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
                    statement,
                    signature,
                ),
            'INVALID_ARGUMENT',
        );
    });

    describe('acknowledgeService', () => {
        const record: ServiceRecord = newServiceRecord(
            parseIssue({
                caseId: 'C-1',
                sha256: SHA,
                sm3: '',
                documentType: 'judgment',
                recipientPseudonym: PSEUDONYM,
                channel: 'platform',
                addressConfirmed: 'false',
            }),
            RECIPIENT,
            clerk,
            ISSUED_AT,
            'tx-issue',
        );
        const key = p256();
        const keyRecord: RecipientKeyRecord = registerRecipientKey(
            undefined,
            PSEUDONYM,
            parseRecipientPublicKey(key.pem),
            clerk,
            ISSUED_AT,
            'tx-key',
        );
        const statement = acknowledgementStatement(record.serviceId, SHA, NOW);

        function ack(signature: string, keys: RecipientKeyRecord | undefined, who = recipient, at = NOW) {
            return acknowledgeService(record, { acknowledgedAt: at, signature }, who, keys, NOW, 'tx-ack');
        }

        it('records a verified signature with the key fingerprint', () => {
            const signature = signStatement(key.privateKey, statement);
            const acknowledged = ack(signature, keyRecord);
            expect(acknowledged.status).to.equal('acknowledged');
            expect(acknowledged.events.at(-1)).to.deep.equal({
                type: 'acknowledged',
                at: NOW,
                recordedAt: NOW,
                actor: { role: 'party', recipientPseudonym: PSEUDONYM },
                attestation: 'signature',
                signature,
                keyFingerprint: keyRecord.fingerprint,
                txId: 'tx-ack',
            });
        });

        it('refuses forged, foreign and missing signatures when a key is registered', () => {
            const forged = signStatement(
                key.privateKey,
                acknowledgementStatement(record.serviceId, 'ee'.repeat(32), NOW),
            );
            expectThrowsCode(() => ack(forged, keyRecord), 'INVALID_SIGNATURE');
            expectThrowsCode(() => ack(signStatement(p256().privateKey, statement), keyRecord), 'INVALID_SIGNATURE');
            expect(() => ack('', keyRecord)).to.throw(/^INVALID_SIGNATURE: field=signature; a signature is required/);
        });

        it('accepts a portal attestation without a key, and refuses a signature without one', () => {
            const acknowledged = ack('', undefined);
            expect(acknowledged.events.at(-1)).to.deep.equal({
                type: 'acknowledged',
                at: NOW,
                recordedAt: NOW,
                actor: { role: 'party', recipientPseudonym: PSEUDONYM },
                attestation: 'portal',
                txId: 'tx-ack',
            });
            expectThrowsCode(() => ack(signStatement(key.privateKey, statement), undefined), 'KEY_NOT_FOUND');
        });

        it('requires acknowledgedAt within 10 minutes of the transaction time', () => {
            expect(ack('', undefined, recipient, '2024-03-01T08:50:00.000Z').events.at(-1)?.at).to.equal(
                '2024-03-01T08:50:00.000Z',
            );
            expect(() => ack('', undefined, recipient, '2024-03-01T08:49:59.999Z')).to.throw(
                /^INVALID_ARGUMENT: field=acknowledgedAt; /,
            );
            expectThrowsCode(() => ack('', undefined, recipient, '2024-03-01T09:10:00.001Z'), 'INVALID_ARGUMENT');
        });

        it('acknowledging again is the same acknowledgement: the record unchanged, no second event', () => {
            const once = ack('', undefined);
            const again = acknowledgeService(
                once,
                { acknowledgedAt: NOW, signature: '' },
                recipient,
                undefined,
                NOW,
                'tx-ack-2',
            );
            expect(again).to.equal(once);
            expect(again.events.filter((event) => event.type === 'acknowledged')).to.have.length(1);
            expectThrowsCode(
                () => acknowledgeService(once, { acknowledgedAt: NOW, signature: '' }, clerk, undefined, NOW, 'tx'),
                'FORBIDDEN_ROLE',
            );
        });

        it('only the recipient acknowledges, and not after cancellation', () => {
            expectThrowsCode(() => ack('', undefined, { ...recipient, sub: 'ef'.repeat(32) }), 'FORBIDDEN_ACTOR');
            expectThrowsCode(() => ack('', undefined, clerk), 'FORBIDDEN_ROLE');
            const cancelled = recordServiceEvent(
                record,
                parseRecordEvent({ type: 'cancelled', at: '', detailSha256: '' }),
                clerk,
                NOW,
                'tx-c',
            );
            expectThrowsCode(
                () =>
                    acknowledgeService(
                        cancelled,
                        { acknowledgedAt: NOW, signature: '' },
                        recipient,
                        undefined,
                        NOW,
                        'tx',
                    ),
                'INVALID_TRANSITION',
            );
        });
    });
});
