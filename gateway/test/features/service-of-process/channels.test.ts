import { expect } from 'chai';
import {
    createChannels,
    EmailChannel,
    ledgerDetail,
    NOT_CONFIGURED,
    PlatformChannel,
} from '../../../src/features/service-of-process/channels';
import { loadServiceOfProcessConfig } from '../../../src/features/service-of-process/config';
import { sampleRecord } from './fixtures';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

describe('service-of-process: channels', () => {
    let sink: SmtpSink;
    let email: EmailChannel;

    before(async () => {
        sink = await startSmtpSink();
        email = new EmailChannel({
            smtpUrl: sink.url,
            from: 'Court <service@court.example>',
            portalUrl: 'https://portal.court.example/services/{serviceId}',
        });
    });
    after(async () => {
        email.close();
        await sink.close();
    });

    it('email: the SMTP transaction succeeding is delivered; the message links to the portal, attaches nothing', async () => {
        const record = sampleRecord();
        const result = await email.send(record, 'recipient@example.org');
        expect(result.delivered).to.equal(true);
        expect(result.detail).to.match(/^accepted by the mail server: 250/);
        expect(result.detail).not.to.include('recipient@example.org');
        const message = sink.messages.at(-1);
        expect(message?.to).to.deep.equal(['recipient@example.org']);
        expect(message?.from).to.equal('service@court.example');
        const raw = message?.raw ?? '';
        expect(message?.text).to.include(`https://portal.court.example/services/${record.serviceId}`);
        expect(message?.text).to.include(record.document.sha256);
        expect(raw).not.to.match(/Content-Disposition: attachment/i);
        expect(raw).not.to.match(/multipart\/mixed/i);
        expect(raw).not.to.include(record.caseId);
    });

    it('email: a mailbox the receiving server refuses is delivery-failed, without the address in the detail', async () => {
        const result = await email.send(sampleRecord(), 'reject-me@example.org');
        expect(result.delivered).to.equal(false);
        expect(result.detail).to.match(/rejected by the mail server/);
        expect(result.detail).to.include('550');
        expect(result.detail).not.to.include('reject-me@example.org');
        expect(result.detail.length).to.be.at.most(200);
    });

    it('email: an unreachable server is delivery-failed', async () => {
        const closed = new EmailChannel({
            smtpUrl: 'smtp://127.0.0.1:1',
            from: 'c@court.example',
            portalUrl: '{serviceId}',
            timeoutMs: 2000,
        });
        const result = await closed.send(sampleRecord(), 'someone@example.org');
        closed.close();
        expect(result.delivered).to.equal(false);
        expect(result.detail).to.match(/unreachable/);
    });

    it('platform delivers at once; sms and im are honest stubs; email without SMTP_URL too', async () => {
        expect(await new PlatformChannel().send()).to.include({ delivered: true });
        const channels = createChannels(loadServiceOfProcessConfig({}, '/tmp/x'));
        for (const name of ['sms', 'im', 'email'] as const) {
            expect(await channels.get(name).send(sampleRecord(), '+8613800000000')).to.deep.equal({
                delivered: false,
                detail: NOT_CONFIGURED,
            });
        }
        channels.close();
    });

    it('ledgerDetail removes addresses and personal values, one line, ≤ 200 characters', () => {
        expect(ledgerDetail('550 <Bob@Example.org> no such user', 'bob@example.org')).to.equal(
            '550 <<redacted>> no such user',
        );
        expect(ledgerDetail('to alice@x.y failed\r\nparty-1', 'party-1')).to.equal('to <address> failed <redacted>');
        expect(Array.from(ledgerDetail('é'.repeat(500)))).to.have.length(200);
    });
});
