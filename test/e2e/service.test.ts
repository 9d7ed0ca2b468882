import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { acknowledgementStatement } from '@court-ledger/chaincode';
import { acknowledgeCommand } from '@court-ledger/gateway/dist/src/cli/acknowledge';
import { keygenCommand } from '@court-ledger/gateway/dist/src/cli/keygen';
import { startSmtpSink, type SmtpSink } from '@court-ledger/gateway/dist/test/features/service-of-process/smtp-sink';
import { startGateway, type Harness } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';
import { multipartBody } from '../support/multipart';

interface Event {
    type: string;
    at: string;
    recordedAt: string;
    actor: { role: string; sub?: string; recipientPseudonym?: string };
    detail?: string;
    attestation?: string;
    signature?: string;
    txId: string;
    blockNumber: number;
}

interface Service {
    serviceId: string;
    caseId: string;
    document: { sha256: string; sm3?: string };
    recipientPseudonym: string;
    addressHash: string;
    channel: string;
    addressConfirmed: boolean;
    status: string;
    txId: string;
    blockNumber: number;
    events: Event[];
    legalService: { status: string; servedAt?: string; rule: string };
    dispatch?: { channel: string; delivered: boolean; detail: string; recorded: boolean };
}

interface Certificate {
    service: Omit<Service, 'events' | 'legalService'>;
    events: Event[];
    legalService: { status: string; servedAt?: string; rule: string; when: string; source: string };
}

const CASE = '(2026)京0491民初77号';

function sha256(data: Buffer | string): string {
    return createHash('sha256').update(data).digest('hex');
}

function unique(prefix: string): string {
    return `${prefix}-${randomBytes(6).toString('hex')}`;
}

function keyPair(): { privateKey: KeyObject; publicKeyPem: string } {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

function signStatement(key: KeyObject, serviceId: string, digest: string, at: string): string {
    const statement = acknowledgementStatement(serviceId, digest, at);
    return sign('sha256', Buffer.from(statement, 'utf8'), { key, dsaEncoding: 'der' }).toString('base64');
}

forEachMode('service of documents', (mode) => {
    let gw: Harness;
    let sink: SmtpSink;

    before(async () => {
        sink = await startSmtpSink();
        gw = await startGateway({
            database: mode.database,
            ledger: mode.ledger,
            env: { SMTP_URL: sink.url, PUBLIC_URL: 'https://portal.court.example' },
        });
    });
    after(async () => {
        await gw.close({ destroy: true });
        await sink.close();
    });

    function recipient(prefix = 'recipient'): { sub: string; address: string } {
        const person = { sub: unique(prefix), address: `${unique('mail')}@example.org` };
        return person;
    }

    async function serve(
        to: { sub: string; address: string },
        options: { channel?: string; addressConfirmed?: boolean; content?: Buffer } = {},
    ): Promise<{ service: Service; content: Buffer }> {
        const content = options.content ?? Buffer.concat([Buffer.from('%PDF-1.7 summons\n'), randomBytes(50_000)]);
        const form = multipartBody(
            {
                caseId: CASE,
                documentType: 'summons',
                recipient: to.sub,
                channel: options.channel ?? 'email',
                address: to.address,
                addressConfirmed: String(options.addressConfirmed ?? true),
            },
            { name: 'document', filename: 'summons.pdf', content, contentType: 'application/pdf' },
        );
        const res = await gw.app.inject({
            method: 'POST',
            url: '/v1/services',
            headers: { ...gw.auth('clerk', 'clerk-1'), ...form.headers },
            payload: form.payload,
        });
        expect(res.statusCode, res.body).to.equal(201);
        return { service: res.json<Service>(), content };
    }

    async function get(id: string, role: 'party' | 'agent' | 'clerk' | 'judge', sub: string) {
        return gw.app.inject({ url: `/v1/services/${id}`, headers: gw.auth(role, sub) });
    }

    it('the e-mailed link /services/{id}: a page in a browser without a token, the API answer otherwise', async () => {
        const a = recipient('party-link');
        const { service } = await serve(a);
        const mail = sink.messages.find((m) => m.to.includes(a.address));
        const link = `https://portal.court.example/services/${service.serviceId}`;
        expect(mail?.text).to.include(link);
        const url = new URL(link).pathname;
        const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

        const page = await gw.app.inject({ url, headers: { accept: browser } });
        expect(page.statusCode, page.body).to.equal(200);
        expect(page.headers['content-type']).to.match(/^text\/html/);
        const zh = page.body.indexOf('法院已通过诉讼服务平台向您送达一份文书');
        const en = page.body.indexOf('A court has served a document on you');
        expect(zh).to.be.at.least(0);
        expect(en).to.be.greaterThan(zh);
        expect(page.body).to.include('登录').and.to.include('sign in');
        expect(page.body).not.to.include(CASE);
        expect(page.body).not.to.include(a.sub);
        expect(page.body).not.to.include(service.document.sha256);
        const stillUnread = await get(service.serviceId, 'clerk', 'clerk-1');
        expect(stillUnread.json<Service>().events.map((e) => e.type)).not.to.include('read');

        const api = await gw.app.inject({ url, headers: { accept: 'application/json' } });
        expect(api.statusCode).to.equal(401);
        expect(api.headers['content-type']).to.match(/^application\/json/);
        const withToken = await gw.app.inject({ url, headers: { accept: browser, ...gw.auth('party', a.sub) } });
        expect(withToken.statusCode, withToken.body).to.equal(200);
        expect(withToken.json<Service>().serviceId).to.equal(service.serviceId);
        expect(withToken.json<Service>().events.map((e) => e.type)).to.include('read');
        const stranger = await gw.app.inject({ url, headers: gw.auth('party', unique('stranger')) });
        expect(stranger.statusCode).to.equal((await get(service.serviceId, 'party', unique('stranger'))).statusCode);
    });

    it('serves by e-mail → delivered → read → downloaded → signed acknowledgement → certificate', async () => {
        const a = recipient('party-a');
        const pseudonymRes = await gw.app.inject({
            url: '/v1/recipients/me/pseudonym',
            headers: gw.auth('party', a.sub),
        });
        expect(pseudonymRes.statusCode).to.equal(200);
        const { recipientPseudonym } = pseudonymRes.json<{ recipientPseudonym: string }>();

        const { privateKey, publicKeyPem } = keyPair();
        const registered = await gw.app.inject({
            method: 'POST',
            url: `/v1/recipients/${recipientPseudonym}/keys`,
            headers: gw.auth('clerk', 'clerk-1'),
            payload: { publicKeyPem },
        });
        expect(registered.statusCode, registered.body).to.equal(201);
        expect(registered.json()).to.include({ recipientPseudonym });

        const { service, content } = await serve(a);
        expect(service.serviceId).to.match(/^sv_[0-9a-f]{32}$/);
        expect(service.recipientPseudonym).to.equal(recipientPseudonym);
        expect(service.document.sha256).to.equal(sha256(content));
        expect(service.dispatch).to.include({ channel: 'email', delivered: true, recorded: true });
        expect(service.events.map((e) => e.type)).to.deep.equal(['issued', 'sent', 'delivered']);
        const delivered = service.events[2]!;
        expect(service.legalService).to.deep.equal({
            status: 'served',
            servedAt: delivered.at,
            rule: 'art26-designated-address-delivered',
        });
        const mail = sink.messages.find((m) => m.to.includes(a.address));
        expect(mail?.text).to.include(`https://portal.court.example/services/${service.serviceId}`);
        expect(mail?.raw).not.to.include(a.sub);

        const inbox = await gw.app.inject({ url: '/v1/recipients/me/services', headers: gw.auth('party', a.sub) });
        expect(inbox.statusCode, inbox.body).to.equal(200);
        expect(inbox.json<{ services: Service[] }>().services.map((s) => s.serviceId)).to.deep.equal([
            service.serviceId,
        ]);

        const read = await get(service.serviceId, 'party', a.sub);
        expect(read.statusCode, read.body).to.equal(200);
        expect(read.json<Service>().events.map((e) => e.type)).to.deep.equal(['issued', 'sent', 'delivered', 'read']);
        expect(read.body).not.to.include(a.address);
        const again = await get(service.serviceId, 'party', a.sub);
        expect(again.json<Service>().events).to.have.length(4, 'only the first look records read');

        const download = await gw.app.inject({
            url: `/v1/services/${service.serviceId}/document`,
            headers: gw.auth('party', a.sub),
        });
        expect(download.statusCode).to.equal(200);
        expect(download.headers['x-document-sha256']).to.equal(service.document.sha256);
        expect(sha256(download.rawPayload)).to.equal(service.document.sha256);

        const acknowledgedAt = new Date().toISOString();
        const forged = signStatement(keyPair().privateKey, service.serviceId, service.document.sha256, acknowledgedAt);
        const refused = await gw.app.inject({
            method: 'POST',
            url: `/v1/services/${service.serviceId}/acknowledge`,
            headers: gw.auth('party', a.sub),
            payload: { signature: forged, acknowledgedAt },
        });
        expect(refused.statusCode, refused.body).to.equal(400);
        expect(refused.json()).to.include({ code: 'INVALID_SIGNATURE' });
        const unsigned = await gw.app.inject({
            method: 'POST',
            url: `/v1/services/${service.serviceId}/acknowledge`,
            headers: gw.auth('party', a.sub),
            payload: {},
        });
        expect(unsigned.json()).to.include({ code: 'INVALID_SIGNATURE' });

        const signature = signStatement(privateKey, service.serviceId, service.document.sha256, acknowledgedAt);
        const acknowledged = await gw.app.inject({
            method: 'POST',
            url: `/v1/services/${service.serviceId}/acknowledge`,
            headers: gw.auth('party', a.sub),
            payload: { signature, acknowledgedAt },
        });
        expect(acknowledged.statusCode, acknowledged.body).to.equal(200);
        const last = acknowledged.json<Service>().events.at(-1);
        expect(last).to.include({ type: 'acknowledged', at: acknowledgedAt, attestation: 'signature', signature });
        expect(last?.actor).to.deep.equal({ role: 'party', recipientPseudonym });

        const cert = await gw.app.inject({
            url: `/v1/services/${service.serviceId}/certificate`,
            headers: gw.auth('judge', 'judge-1'),
        });
        expect(cert.statusCode, cert.body).to.equal(200);
        expect(cert.headers['content-type']).to.match(/application\/json/);
        const certificate = cert.json<Certificate>();
        const types = ['issued', 'sent', 'delivered', 'read', 'downloaded', 'acknowledged'];
        expect(certificate.events.map((e) => e.type)).to.deep.equal(types);
        for (const event of certificate.events) {
            const proof = await gw.app.ledger.transactionProof(event.txId);
            expect(event.blockNumber).to.equal(proof.blockNumber);
        }
        expect(certificate.service.blockNumber).to.equal(certificate.events[0]?.blockNumber);
        expect(certificate.legalService).to.include({
            status: 'served',
            servedAt: delivered.at,
            rule: 'art26-designated-address-delivered',
        });
        expect(certificate.legalService.source).to.match(/Art\. 26/);

        const html = await gw.app.inject({
            url: `/v1/services/${service.serviceId}/certificate`,
            headers: { ...gw.auth('clerk', 'clerk-1'), accept: 'text/html,application/xhtml+xml' },
        });
        expect(html.statusCode).to.equal(200);
        expect(html.headers['content-type']).to.match(/^text\/html/);
        for (const event of certificate.events) {
            expect(html.body).to.include(event.txId);
        }
        expect(html.body).to.include('电子送达证明').and.include('<strong>已送达</strong>');
        expect(html.body).to.include(`UTC ${new Date(delivered.at).toISOString()}`);
        expect(html.body).to.include('art26-designated-address-delivered');
        expect(html.body).to.include('《人民法院在线运行规则》（2022年）第二十六条');
        const english = await gw.app.inject({
            url: `/v1/services/${service.serviceId}/certificate?lang=en`,
            headers: { ...gw.auth('clerk', 'clerk-1'), accept: 'text/html' },
        });
        expect(english.body).to.include('Certificate of electronic service').and.include('<strong>Served</strong>');
        expect(html.body).not.to.include(a.address);
    });

    it('a recipient cannot see or act on another recipient’s service (403)', async () => {
        const a = recipient('party-a');
        const b = recipient('party-b');
        const { service } = await serve(a, { channel: 'platform' });
        const id = service.serviceId;
        const asB = gw.auth('party', b.sub);
        const attempts = await Promise.all([
            gw.app.inject({ url: `/v1/services/${id}`, headers: asB }),
            gw.app.inject({ url: `/v1/services/${id}/document`, headers: asB }),
            gw.app.inject({ url: `/v1/services/${id}/certificate`, headers: asB }),
            gw.app.inject({ url: `/v1/services/${id}/certificate`, headers: { ...asB, accept: 'text/html' } }),
            gw.app.inject({
                method: 'POST',
                url: `/v1/services/${id}/events`,
                headers: asB,
                payload: { type: 'read' },
            }),
            gw.app.inject({ method: 'POST', url: `/v1/services/${id}/acknowledge`, headers: asB, payload: {} }),
        ]);
        for (const res of attempts) {
            expect(res.statusCode, res.body).to.equal(403);
        }
        const inbox = await gw.app.inject({ url: '/v1/recipients/me/services', headers: asB });
        expect(inbox.json<{ services: Service[] }>().services).to.deep.equal([]);
        const agency = await gw.app.inject({ url: `/v1/services/${id}`, headers: gw.auth('agency', 'insurer-1') });
        expect(agency.statusCode).to.equal(403);
        const party = await gw.app.inject({
            method: 'POST',
            url: '/v1/services',
            headers: gw.auth('party', a.sub),
            payload: {},
        });
        expect(party.statusCode).to.equal(403);
        const own = await get(id, 'party', a.sub);
        expect(own.statusCode).to.equal(200);
    });

    it('a cancelled service refuses every further event (409) and its document to the recipient', async () => {
        const a = recipient('party-a');
        const { service } = await serve(a, { channel: 'platform', addressConfirmed: false });
        expect(service.status).to.equal('delivered');
        expect(service.legalService).to.deep.equal({ status: 'not-served', rule: 'not-served' });
        const url = `/v1/services/${service.serviceId}/events`;
        const cancelled = await gw.app.inject({
            method: 'POST',
            url,
            headers: gw.auth('clerk', 'clerk-1'),
            payload: { type: 'cancelled', detail: 'served in error' },
        });
        expect(cancelled.statusCode, cancelled.body).to.equal(200);
        expect(cancelled.json<Service>()).to.include({ status: 'cancelled' });
        expect(cancelled.json<Service>().legalService).to.deep.equal({ status: 'not-served', rule: 'cancelled' });

        const byClerk = await gw.app.inject({
            method: 'POST',
            url,
            headers: gw.auth('clerk', 'clerk-1'),
            payload: { type: 'sent' },
        });
        const byRecipient = await gw.app.inject({
            method: 'POST',
            url,
            headers: gw.auth('party', a.sub),
            payload: { type: 'replied' },
        });
        const acknowledge = await gw.app.inject({
            method: 'POST',
            url: `/v1/services/${service.serviceId}/acknowledge`,
            headers: gw.auth('party', a.sub),
            payload: {},
        });
        const download = await gw.app.inject({
            url: `/v1/services/${service.serviceId}/document`,
            headers: gw.auth('party', a.sub),
        });
        for (const res of [byClerk, byRecipient, acknowledge, download]) {
            expect(res.statusCode, res.body).to.equal(409);
            expect(res.json()).to.include({ code: 'INVALID_TRANSITION' });
        }
        const view = await get(service.serviceId, 'party', a.sub);
        expect(view.statusCode).to.equal(200);
        expect(view.json<Service>().events.map((e) => e.type)).to.deep.equal([
            'issued',
            'sent',
            'delivered',
            'cancelled',
        ]);
        const courtCopy = await gw.app.inject({
            url: `/v1/services/${service.serviceId}/document`,
            headers: gw.auth('clerk', 'clerk-1'),
        });
        expect(courtCopy.statusCode).to.equal(200);
    });

    it('records delivery-failed when the mail server refuses, and offers no sms or im channel', async () => {
        const refused = recipient('party-r');
        refused.address = `reject-${refused.address}`;
        const { service } = await serve(refused);
        expect(service.dispatch).to.include({ delivered: false, recorded: true });
        expect(service.events.map((e) => e.type)).to.deep.equal(['issued', 'delivery-failed']);
        expect(service.events[1]?.detail).to.match(/rejected by the mail server/);
        expect(service.events[1]?.detail).not.to.include(refused.address);

        for (const channel of ['sms', 'im']) {
            const res = await gw.app.inject({
                method: 'POST',
                url: '/v1/services',
                headers: gw.auth('clerk', 'clerk-1'),
                payload: {
                    caseId: CASE,
                    documentType: 'notice',
                    recipient: 'party-s',
                    channel,
                    address: '+8613800138000',
                    addressConfirmed: true,
                    documentDigest: service.document.sha256,
                },
            });
            expect(res.statusCode, res.body).to.equal(400);
            expect(res.json()).to.deep.include({ code: 'INVALID_ARGUMENT', field: 'channel' });
            expect(res.json<{ message: string }>().message).to.equal('channel must be one of: platform, email');
        }
    });

    it('issues from an already stored document by digest, and refuses an unknown digest', async () => {
        const first = await serve(recipient(), { channel: 'platform' });
        const to = recipient();
        const body = {
            caseId: CASE,
            documentType: 'ruling',
            recipient: to.sub,
            channel: 'platform',
            addressConfirmed: true,
            documentDigest: first.service.document.sha256,
        };
        const res = await gw.app.inject({
            method: 'POST',
            url: '/v1/services',
            headers: gw.auth('judge', 'judge-1'),
            payload: body,
        });
        expect(res.statusCode, res.body).to.equal(201);
        expect(res.json<Service>().document).to.deep.equal(first.service.document);
        const unknown = await gw.app.inject({
            method: 'POST',
            url: '/v1/services',
            headers: gw.auth('judge', 'judge-1'),
            payload: { ...body, documentDigest: sha256(randomBytes(8)) },
        });
        expect(unknown.statusCode).to.equal(404);
        expect(unknown.json()).to.include({ field: 'documentDigest' });
        const noAddress = await gw.app.inject({
            method: 'POST',
            url: '/v1/services',
            headers: gw.auth('judge', 'judge-1'),
            payload: { ...body, channel: 'email' },
        });
        expect(noAddress.statusCode).to.equal(400);
        expect(noAddress.json()).to.include({ field: 'address' });
    });

    it('never serves a tampered document: 500 INTEGRITY_ERROR and a recorded fault', async () => {
        const a = recipient();
        const { service, content } = await serve(a, { channel: 'platform' });
        const file = gw.app.documents.pathOf(service.document.sha256);
        const tampered = Buffer.from(content);
        tampered[100] = (tampered[100] ?? 0) ^ 0x01;
        await writeFile(file, tampered);
        const res = await gw.app.inject({
            url: `/v1/services/${service.serviceId}/document`,
            headers: gw.auth('party', a.sub),
        });
        expect(res.statusCode).to.equal(500);
        expect(res.json()).to.include({ code: 'INTEGRITY_ERROR' });
        expect(res.rawPayload.includes(tampered.subarray(0, 64))).to.equal(false);
        const view = await get(service.serviceId, 'clerk', 'clerk-1');
        expect(view.json<Service>().events.map((e) => e.type)).not.to.include('downloaded');
        const openFaults = async () =>
            (await gw.app.inject({ url: '/v1/status' }))
                .json<{ openOutages: { component: string }[] }>()
                .openOutages.map((o) => o.component);
        expect(await openFaults()).to.include('document-store');

        await writeFile(file, content);
        const repaired = await gw.app.inject({
            url: `/v1/services/${service.serviceId}/document`,
            headers: gw.auth('party', a.sub),
        });
        expect(repaired.statusCode).to.equal(200);
        expect(sha256(repaired.rawPayload)).to.equal(service.document.sha256);
        expect(await openFaults()).not.to.include('document-store');
    });

    it('the CLI generates a key and signs an acknowledgement over HTTP', async () => {
        const a = recipient('party-cli');
        const dir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-keys-'));
        const url = await gw.app.listen({ port: 0, host: '127.0.0.1' });
        try {
            const files = await keygenCommand({ out: dir });
            const pseudonym = gw.app.pepper.pseudonym(a.sub);
            const publicKeyPem = await readFile(files.publicKey, 'utf8');
            const registered = await gw.app.inject({
                method: 'POST',
                url: `/v1/recipients/${pseudonym}/keys`,
                headers: gw.auth('judge', 'judge-1'),
                payload: { publicKeyPem },
            });
            expect(registered.statusCode, registered.body).to.equal(201);
            const { service } = await serve(a, { channel: 'platform', addressConfirmed: false });
            const result = (await acknowledgeCommand(service.serviceId, {
                key: files.privateKey,
                token: gw.token('party', a.sub),
                url,
            })) as Service;
            expect(result.events.map((e) => e.type)).to.deep.equal([
                'issued',
                'sent',
                'delivered',
                'read',
                'acknowledged',
            ]);
            const acknowledged = result.events.at(-1)!;
            expect(acknowledged.attestation).to.equal('signature');
            // The CLI sent an Idempotency-Key (kept in the index under the recipient's principal).
            const keys = await gw.app.index.db.query<{ n: number }>(
                'SELECT count(*)::int AS n FROM idempotency_keys WHERE principal = $1 AND completed_at IS NOT NULL',
                [`party:${a.sub}`],
            );
            expect(keys[0]?.n).to.equal(1);
            // Acknowledging again is idempotent by nature: the same events, no second acknowledgement.
            const again = (await acknowledgeCommand(service.serviceId, {
                key: files.privateKey,
                token: gw.token('party', a.sub),
                url,
            })) as Service;
            expect(again.events).to.deep.equal(result.events);
            expect(result.legalService).to.deep.equal({
                status: 'served',
                servedAt: acknowledged.at,
                rule: 'art26-acknowledged-or-replied',
            });
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    });
});
