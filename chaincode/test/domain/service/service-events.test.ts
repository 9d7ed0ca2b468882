import { expect } from 'chai';
import {
    SERVICE_EVENT_TYPES,
    type ServiceEventType,
    type ServiceRecipient,
    type ServiceRecord,
} from '../../../src/domain/service/model';
import {
    authoriseServiceEvent,
    newServiceRecord,
    parseIssue,
    parseRecordEvent,
    recordServiceEvent,
    resolveEventTime,
    SERVICE_EVENT_WRITERS,
    type IssueArgs,
} from '../../../src/domain/service/service-events';
import { addressHash } from '../../../src/domain/service/service-recipient';
import { deriveServiceId } from '../../../src/domain/service/service-validation';
import type { Actor } from '../../../src/domain/shared/actor';
import { ROLES, type Role } from '../../../src/domain/shared/roles';
import { expectThrowsCode } from '../../helpers/codes';

const ISSUED_AT = '2024-03-01T08:00:00.000Z';
const LATER = '2024-03-01T09:00:00.000Z';
const PSEUDONYM = 'cd'.repeat(32);
const RECIPIENT: ServiceRecipient = { sub: 'p-7', address: 'Zhang.San@example.cn', salt: '0f'.repeat(16) };

function actor(sub: string, role: Role): Actor {
    return { sub, role, org: 'CourtMSP' };
}
const clerk = actor('clerk-1', 'clerk');
// The gateway acts for a principal under its pseudonym: the recipient is the actor whose sub is the record's.
const recipientParty = actor(PSEUDONYM, 'party');
const recipientAgent = actor(PSEUDONYM, 'agent');
const otherParty = actor('ef'.repeat(32), 'party');
const NOTE_SHA256 = '5a'.repeat(32);

const ARGS: IssueArgs = {
    caseId: '(2024)京0491民初123号',
    sha256: 'ab'.repeat(32),
    sm3: '',
    documentType: 'summons',
    recipientPseudonym: PSEUDONYM,
    channel: 'email',
    addressConfirmed: 'true',
};

function issued(): ServiceRecord {
    return newServiceRecord(parseIssue(ARGS), RECIPIENT, clerk, ISSUED_AT, 'tx-issue');
}

function add(record: ServiceRecord, type: string, who: Actor, at = '', detailSha256 = ''): ServiceRecord {
    return recordServiceEvent(record, parseRecordEvent({ type, at, detailSha256 }), who, LATER, 'tx-e');
}

describe('service events', () => {
    it('issues a record with one issued event and the address hash, no sub or address', () => {
        const record = issued();
        expect(record).to.deep.equal({
            serviceId: deriveServiceId('tx-issue'),
            caseId: ARGS.caseId,
            document: { sha256: ARGS.sha256 },
            documentType: 'summons',
            recipientPseudonym: PSEUDONYM,
            addressHash: addressHash(RECIPIENT.salt, RECIPIENT.address),
            channel: 'email',
            addressConfirmed: true,
            status: 'issued',
            issuedBy: { sub: 'clerk-1', role: 'clerk' },
            issuedAt: ISSUED_AT,
            txId: 'tx-issue',
            events: [
                {
                    type: 'issued',
                    at: ISSUED_AT,
                    recordedAt: ISSUED_AT,
                    actor: { sub: 'clerk-1', role: 'clerk' },
                    txId: 'tx-issue',
                },
            ],
        });
        const text = JSON.stringify(record);
        expect(text).to.not.include(RECIPIENT.sub);
        expect(text).to.not.include(RECIPIENT.address);
    });

    it('validates issue arguments naming the field', () => {
        expectThrowsCode(() => parseIssue({ ...ARGS, caseId: '' }), 'INVALID_ARGUMENT');
        expectThrowsCode(() => parseIssue({ ...ARGS, sha256: 'AB'.repeat(32) }), 'INVALID_DIGEST');
        expectThrowsCode(() => parseIssue({ ...ARGS, sm3: 'x' }), 'INVALID_DIGEST');
        expect(() => parseIssue({ ...ARGS, documentType: 'letter' })).to.throw(/field=documentType/);
        expect(() => parseIssue({ ...ARGS, channel: 'fax' })).to.throw(/field=channel/);
        expect(() => parseIssue({ ...ARGS, recipientPseudonym: 'p-7' })).to.throw(/field=recipientPseudonym/);
        expect(() => parseIssue({ ...ARGS, addressConfirmed: 'yes' })).to.throw(/field=addressConfirmed/);
        expect(parseIssue({ ...ARGS, sm3: 'ee'.repeat(32), addressConfirmed: 'false' })).to.include({
            addressConfirmed: false,
        });
    });

    describe('who may record which event', () => {
        const WRITERS: Record<ServiceEventType, string> = {
            issued: 'issue',
            sent: 'court',
            delivered: 'court',
            'delivery-failed': 'court',
            cancelled: 'court',
            read: 'recipient',
            downloaded: 'recipient',
            replied: 'recipient',
            acknowledged: 'acknowledge',
        };

        it('has the documented writer for every event type', () => {
            expect(SERVICE_EVENT_WRITERS).to.deep.equal(WRITERS);
            expect(Object.keys(SERVICE_EVENT_WRITERS).sort()).to.deep.equal([...SERVICE_EVENT_TYPES].sort());
        });

        it('refuses issued and acknowledged through record, and unknown types', () => {
            expect(() => parseRecordEvent({ type: 'issued', at: '', detailSha256: '' })).to.throw(
                /^INVALID_ARGUMENT: field=type; issued is written only by issue/,
            );
            expect(() => parseRecordEvent({ type: 'acknowledged', at: '', detailSha256: '' })).to.throw(
                /^INVALID_ARGUMENT: field=type; acknowledged is written only by acknowledge/,
            );
            expectThrowsCode(() => parseRecordEvent({ type: 'served', at: '', detailSha256: '' }), 'INVALID_ARGUMENT');
            expectThrowsCode(
                () => parseRecordEvent({ type: 'sent', at: 'yesterday', detailSha256: '' }),
                'INVALID_ARGUMENT',
            );
            // Free text never reaches the chaincode: only a digest, or nothing.
            expectThrowsCode(
                () => parseRecordEvent({ type: 'sent', at: '', detailSha256: 'smtp 250' }),
                'INVALID_DIGEST',
            );
        });

        const courtTypes: ServiceEventType[] = ['sent', 'delivered', 'delivery-failed', 'cancelled'];
        const recipientTypes: ServiceEventType[] = ['read', 'downloaded', 'replied', 'acknowledged'];

        for (const type of courtTypes) {
            it(`${type}: court roles only, recorded with their sub`, () => {
                for (const role of ['clerk', 'judge', 'enforcement'] as const) {
                    expect(authoriseServiceEvent(issued(), type, actor('c-1', role))).to.deep.equal({
                        sub: 'c-1',
                        role,
                    });
                }
                for (const role of ROLES.filter((r) => !['clerk', 'judge', 'enforcement'].includes(r))) {
                    expectThrowsCode(
                        () => authoriseServiceEvent(issued(), type, actor(PSEUDONYM, role)),
                        'FORBIDDEN_ROLE',
                    );
                }
            });
        }

        for (const type of recipientTypes) {
            it(`${type}: only the recipient (party or agent), recorded by pseudonym`, () => {
                for (const who of [recipientParty, recipientAgent]) {
                    expect(authoriseServiceEvent(issued(), type, who)).to.deep.equal({
                        role: who.role,
                        recipientPseudonym: PSEUDONYM,
                    });
                }
                expectThrowsCode(() => authoriseServiceEvent(issued(), type, otherParty), 'FORBIDDEN_ACTOR');
                expectThrowsCode(
                    () => authoriseServiceEvent(issued(), type, actor(PSEUDONYM, 'clerk')),
                    'FORBIDDEN_ROLE',
                );
            });
        }

        it('accepts nothing after cancelled, checking role and recipient first', () => {
            const cancelled = add(issued(), 'cancelled', clerk);
            expect(cancelled.status).to.equal('cancelled');
            for (const type of [...courtTypes]) {
                expectThrowsCode(() => authoriseServiceEvent(cancelled, type, clerk), 'INVALID_TRANSITION');
            }
            for (const type of recipientTypes) {
                expectThrowsCode(() => authoriseServiceEvent(cancelled, type, recipientParty), 'INVALID_TRANSITION');
            }
            expectThrowsCode(() => authoriseServiceEvent(cancelled, 'read', otherParty), 'FORBIDDEN_ACTOR');
            expectThrowsCode(() => authoriseServiceEvent(cancelled, 'sent', otherParty), 'FORBIDDEN_ROLE');
        });
    });

    describe('recordServiceEvent', () => {
        it('appends the event, sets the status and keeps the input unchanged', () => {
            const record = issued();
            const sent = add(record, 'sent', clerk, '2024-03-01T08:05:00.000Z', NOTE_SHA256);
            expect(record.events).to.have.length(1);
            expect(sent.status).to.equal('sent');
            expect(sent.events[1]).to.deep.equal({
                type: 'sent',
                at: '2024-03-01T08:05:00.000Z',
                recordedAt: LATER,
                actor: { sub: 'clerk-1', role: 'clerk' },
                detailSha256: NOTE_SHA256,
                txId: 'tx-e',
            });
            const read = add(sent, 'read', recipientParty);
            expect(read.events[2]).to.deep.equal({
                type: 'read',
                at: LATER,
                recordedAt: LATER,
                actor: { role: 'party', recipientPseudonym: PSEUDONYM },
                txId: 'tx-e',
            });
        });
    });

    describe('resolveEventTime', () => {
        const record = issued();
        it('defaults to the transaction time', () => {
            expect(resolveEventTime(record, 'sent', undefined, LATER)).to.equal(LATER);
        });

        it('accepts times from issue up to 10 minutes after the transaction', () => {
            expect(resolveEventTime(record, 'sent', ISSUED_AT, LATER)).to.equal(ISSUED_AT);
            expect(resolveEventTime(record, 'sent', '2024-03-01T09:10:00.000Z', LATER)).to.equal(
                '2024-03-01T09:10:00.000Z',
            );
        });

        it('refuses times before issue or too far after the transaction', () => {
            expect(() => resolveEventTime(record, 'sent', '2024-03-01T07:59:59.999Z', LATER)).to.throw(
                /^INVALID_ARGUMENT: field=at; at is before the service was issued/,
            );
            expectThrowsCode(
                () => resolveEventTime(record, 'sent', '2024-03-01T09:10:00.001Z', LATER),
                'INVALID_ARGUMENT',
            );
        });

        it('refuses a cancellation dated before an event already recorded', () => {
            const delivered = add(record, 'delivered', clerk, '2024-03-01T08:30:00.000Z');
            expectThrowsCode(
                () => resolveEventTime(delivered, 'cancelled', '2024-03-01T08:29:00.000Z', LATER),
                'INVALID_ARGUMENT',
            );
            expect(resolveEventTime(delivered, 'cancelled', '2024-03-01T08:30:00.000Z', LATER)).to.equal(
                '2024-03-01T08:30:00.000Z',
            );
            expect(resolveEventTime(delivered, 'read', '2024-03-01T08:10:00.000Z', LATER)).to.equal(
                '2024-03-01T08:10:00.000Z',
            );
        });
    });
});
