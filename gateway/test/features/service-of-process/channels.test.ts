import { expect } from 'chai';
import {
    createChannels,
    EmailChannel,
    ledgerDetail,
    NOT_CONFIGURED,
    PlatformChannel,
} from '../../../src/features/service-of-process/channels';
import { loadServiceOfProcessConfig } from '../../../src/features/service-of-process/config';
import { loadConfig } from '../../../src/config';
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
            publicUrl: 'https://portal.court.example',
            timeZone: 'Asia/Shanghai',
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

    it('email: Chinese subject and body first, then English; issuing time in the court zone with UTC beside', async () => {
        const record = sampleRecord({ issuedAt: '2026-03-01T16:30:00.000Z', documentType: 'judgment' });
        await email.send(record, 'bilingual@example.org');
        const message = sink.messages.find((m) => m.to.includes('bilingual@example.org'));
        expect(message?.subject).to.equal(
            `法院文书送达通知：判决书（${record.serviceId}）/ Court service of a document (judgment) - ${record.serviceId}`,
        );
        const text = message?.text ?? '';
        const chinese = text.indexOf('法院已通过诉讼服务平台向您送达一份文书');
        const english = text.indexOf('A court has served a document on you');
        expect(chinese).to.be.at.least(0);
        expect(english).to.be.greaterThan(chinese);
        // 16:30 UTC on 1 March is 00:30 on 2 March in Shanghai (UTC+8)
        expect(text).to.include('发出时间：2026-03-02 00:30:00（Asia/Shanghai），UTC 2026-03-01T16:30:00.000Z');
        expect(text).to.include('Issued: 2026-03-02 00:30:00 (Asia/Shanghai), UTC 2026-03-01T16:30:00.000Z');
        expect(text.split(`https://portal.court.example/services/${record.serviceId}`)).to.have.length(3);
    });

    it('email: the link is PUBLIC_URL/services/{id}, by default http://HOST:PORT of the actual configuration', async () => {
        const record = sampleRecord({ issuedAt: '2026-03-01T16:30:00.000Z' });
        const send = async (env: NodeJS.ProcessEnv, to: string): Promise<string> => {
            const config = loadConfig({ ...env, SMTP_URL: sink.url, COURT_LEDGER_DATA: '/tmp/x' });
            const channels = createChannels(config.serviceOfProcess, {
                publicUrl: config.publicUrl,
                timeZone: config.courtTimeZone,
            });
            await channels.get('email').send(record, to);
            channels.close();
            return sink.messages.find((m) => m.to.includes(to))?.text ?? '';
        };
        const byPort = await send({ PORT: '9123' }, 'port@example.org');
        expect(byPort).to.include(`http://127.0.0.1:9123/services/${record.serviceId}`);
        expect(byPort).not.to.include(':8080');
        const byHost = await send({ PORT: '8443', HOST: '10.1.2.3' }, 'host@example.org');
        expect(byHost).to.include(`http://10.1.2.3:8443/services/${record.serviceId}`);
        const byPublicUrl = await send(
            { PORT: '9123', PUBLIC_URL: 'https://court.example/ledger/', COURT_TIME_ZONE: 'Europe/Berlin' },
            'public@example.org',
        );
        expect(byPublicUrl).to.include(`https://court.example/ledger/services/${record.serviceId}`);
        expect(byPublicUrl).to.include('2026-03-01 17:30:00 (Europe/Berlin), UTC 2026-03-01T16:30:00.000Z');
    });

    it('configuration: COURT_TIME_ZONE defaults to Asia/Shanghai; a bad zone or PUBLIC_URL is refused by name', () => {
        expect(loadConfig({}).courtTimeZone).to.equal('Asia/Shanghai');
        expect(() => loadConfig({ COURT_TIME_ZONE: 'Mars/Olympus' })).to.throw(/COURT_TIME_ZONE/);
        expect(() => loadConfig({ PUBLIC_URL: 'ftp://court.example' })).to.throw(/PUBLIC_URL/);
        expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).to.throw(/PUBLIC_URL/);
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
            publicUrl: 'http://127.0.0.1:8080',
            timeZone: 'Asia/Shanghai',
            timeoutMs: 2000,
        });
        const result = await closed.send(sampleRecord(), 'someone@example.org');
        closed.close();
        expect(result.delivered).to.equal(false);
        expect(result.detail).to.match(/unreachable/);
    });

    it('platform delivers at once; email without SMTP_URL records that it is not configured', async () => {
        expect(await new PlatformChannel().send()).to.include({ delivered: true });
        const channels = createChannels(loadServiceOfProcessConfig({}, '/tmp/x'), {
            publicUrl: 'http://127.0.0.1:8080',
            timeZone: 'Asia/Shanghai',
        });
        expect(await channels.get('email').send(sampleRecord(), 'someone@example.org')).to.deep.equal({
            delivered: false,
            detail: NOT_CONFIGURED,
        });
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
