import { createHash, createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { en } from '@court-ledger/gateway/dist/src/platform/web/messages/en';
import { zhCN } from '@court-ledger/gateway/dist/src/platform/web/messages/zh-CN';
import { startGateway, type Harness } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';
import { multipartBody } from '../support/multipart';
import { anchorItem, verifyReceiptCli } from '../support/receipts';

interface Fingerprinted {
    pem: string;
    fingerprint: string;
}
interface Trust {
    mode: string;
    channel: string;
    nodePublicKey?: Fingerprinted;
    caCertificates?: Record<string, Fingerprinted[]>;
    ordererMspIds?: string[];
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

forEachMode('web pages and /v1/trust', (mode) => {
    let gw: Harness;
    const file = randomBytes(4096);
    const digest = sha256(file);

    before(async () => {
        gw = await startGateway({ database: mode.database, ledger: mode.ledger });
        await anchorItem(gw, digest);
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    it('publishes the trust roots with SHA-256 fingerprints of their DER', async () => {
        const res = await gw.app.inject({ url: '/v1/trust' });
        expect(res.statusCode).to.equal(200);
        const trust = res.json<Trust>();
        expect(trust.mode).to.equal(mode.ledger);
        if (mode.ledger === 'embedded') {
            const key = trust.nodePublicKey!;
            expect(key.fingerprint).to.equal(sha256(createPublicKey(key.pem).export({ type: 'spki', format: 'der' })));
        } else {
            const all = Object.values(trust.caCertificates ?? {}).flat();
            expect(all).to.not.be.empty;
            for (const ca of all) {
                expect(ca.fingerprint).to.equal(sha256(new X509Certificate(ca.pem).raw));
            }
            expect(trust.ordererMspIds).to.have.length(1);
        }
    });

    it('serves / in Chinese by default and English on request, under a strict Content-Security-Policy', async () => {
        const zh = await gw.app.inject({ url: '/' });
        expect(zh.statusCode).to.equal(200);
        expect(zh.headers['content-type']).to.match(/^text\/html/);
        expect(zh.body).to.include('<html lang="zh-CN">').and.include(zhCN.verifyTitle);
        const csp = String(zh.headers['content-security-policy']);
        expect(csp).to.include("script-src 'self' 'wasm-unsafe-eval'").and.include("default-src 'self'");
        expect(csp).to.not.include('unsafe-inline');
        expect(zh.body).to.not.match(/<script(?![^>]*\ssrc=)/);
        const english = await gw.app.inject({ url: '/?lang=en' });
        expect(english.body).to.include('<html lang="en">').and.include(en.verifyTitle);
        // The API keeps its own headers: no page CSP on JSON.
        expect((await gw.app.inject({ url: '/v1/trust' })).headers['content-security-policy']).to.equal(undefined);
    });

    it('serves the hashed assets with a year-long immutable cache', async () => {
        const page = (await gw.app.inject({ url: '/' })).body;
        const script = /<script type="module" src="([^"]+)"/.exec(page)?.[1];
        const style = /<link rel="stylesheet" href="([^"]+)"/.exec(page)?.[1];
        expect(script).to.match(/^\/assets\/verify-[A-Z0-9]+\.js$/);
        for (const url of [script!, style!]) {
            const asset = await gw.app.inject({ url });
            expect(asset.statusCode, url).to.equal(200);
            expect(asset.headers['cache-control']).to.include('immutable').and.include('max-age=31536000');
        }
    });

    it('answers a digest form (upper- or lower-case hex) without JavaScript', async () => {
        const found = await gw.app.inject({ url: `/?lang=en&digest=${digest.toUpperCase()}` });
        expect(found.body).to.include('data-anchored="true"').and.include(en.foundTitle);
        const other = sha256(Buffer.concat([file, Buffer.of(1)]));
        const missing = await gw.app.inject({ url: `/?digest=${other}` });
        expect(missing.body).to.include('data-anchored="false"').and.include(zhCN.notFoundTitle);
        const bad = await gw.app.inject({ url: '/?lang=en&digest=xyz' });
        expect(bad.body).to.include(en.badDigest);
    });

    it('answers an uploaded file (the no-JavaScript form posts to /) with both digests', async () => {
        const body = multipartBody({}, { name: 'file', filename: 'exhibit.bin', content: file });
        const res = await gw.app.inject({ method: 'POST', url: '/?lang=en', ...body });
        expect(res.statusCode).to.equal(200);
        expect(res.body).to.include(en.foundTitle).and.include(digest);
        expect(res.body).to.include(createHash('sm3').update(file).digest('hex'));
        expect(res.body).to.include('Asia/Shanghai');
    });

    it('describes the upload of POST /v1/verify in the OpenAPI document (Swagger UI offers a file picker)', async () => {
        const doc = (await gw.app.inject({ url: '/docs/json' })).json<{
            paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
        }>();
        const upload = doc.paths['/v1/verify']?.['post']?.requestBody?.content['multipart/form-data']?.schema;
        expect(upload).to.deep.include({ required: ['file'] });
        expect(upload).to.have.nested.property('properties.file.format', 'binary');
        expect(doc.paths).to.not.have.property('/receipt');
    });

    it('shows the published fingerprint on /receipt', async () => {
        const trust = (await gw.app.inject({ url: '/v1/trust' })).json<Trust>();
        const page = (await gw.app.inject({ url: '/receipt' })).body;
        const expected =
            trust.nodePublicKey?.fingerprint ?? Object.values(trust.caCertificates ?? {})[0]?.[0]?.fingerprint;
        expect(page).to.include(zhCN.receiptTitle).and.include(expected);
    });

    it('CLI: the /v1/trust file or the fingerprint pins the signer; without it "signature valid, signer not pinned"', async () => {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-trust-'));
        try {
            const receipt = (
                await gw.app.inject({
                    url: `/v1/anchors/${digest}/receipt`,
                    headers: gw.auth('subsystem', 'trial'),
                })
            ).json<unknown>();
            const trust = (await gw.app.inject({ url: '/v1/trust' })).json<Trust>();
            await writeFile(path.join(dir, 'receipt.json'), JSON.stringify(receipt));
            await writeFile(path.join(dir, 'trust.json'), JSON.stringify(trust));
            await writeFile(path.join(dir, 'file.bin'), file);
            const receiptPath = path.join(dir, 'receipt.json');
            const pinned = await verifyReceiptCli([
                receiptPath,
                '--trust',
                path.join(dir, 'trust.json'),
                '--file',
                path.join(dir, 'file.bin'),
            ]);
            expect(pinned.code, pinned.stdout).to.equal(0);
            expect(pinned.stdout).to.match(/receipt valid\n$/);
            const unpinned = await verifyReceiptCli([receiptPath]);
            expect(unpinned.code, unpinned.stdout).to.equal(3);
            expect(unpinned.stdout).to.include('signature valid, signer NOT pinned');
            if (mode.ledger === 'embedded') {
                const fingerprint = trust.nodePublicKey!.fingerprint.toUpperCase();
                const byFingerprint = await verifyReceiptCli([receiptPath, '--fingerprint', fingerprint]);
                expect(byFingerprint.code, byFingerprint.stdout).to.equal(0);
                const wrong = await verifyReceiptCli([receiptPath, '--fingerprint', 'ab'.repeat(32)]);
                expect(wrong.code, wrong.stdout).to.equal(1);
                expect(wrong.stdout).to.include('FAIL anchor-signer');
            }
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    });
});
