import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Receipt } from '@court-ledger/gateway/dist/src/platform/receipts';
import { fabricFixture, fabricReceipt } from '@court-ledger/gateway/dist/test/platform/receipts/fabric-fixture';
import { en } from '@court-ledger/gateway/dist/src/platform/web/messages/en';
import { zhCN } from '@court-ledger/gateway/dist/src/platform/web/messages/zh-CN';
import { bundleForPage, chromiumBrowser, launchChromium } from '../support/browser';
import { requireOrSkip } from '../support/environment';
import { REPO_ROOT } from '../support/fabric-network';
import { startGateway, type Harness } from '../support/gateway-harness';
import { anchorItem } from '../support/receipts';

const SCREENSHOTS = path.join(REPO_ROOT, 'test-output', 'screenshots');
const TITLE = 'web pages in a real browser (Playwright, system Chromium)';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
const json = (value: unknown) => ({
    name: 'receipt.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(value)),
});
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The checks the receipt page listed: name → state (`pass`, `warn`, `fail`). */
async function checkStates(page: Page): Promise<Record<string, string>> {
    const items = page.locator('.checks li');
    const states: Record<string, string> = {};
    for (let i = 0; i < (await items.count()); i++) {
        const item = items.nth(i);
        states[(await item.getAttribute('data-check')) ?? ''] = (await item.getAttribute('data-state')) ?? '';
    }
    return states;
}

/** Submits the receipt form and expects the verdict `valid`, every check ✓, among them `names`. */
async function expectValid(page: Page, ...names: string[]): Promise<void> {
    await page.click('#receipt-form button[type="submit"]');
    const verdict = page.locator('.verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verdict')).to.equal('valid');
    const states = await checkStates(page);
    expect(
        Object.values(states).every((state) => state === 'pass'),
        JSON.stringify(states),
    ).to.equal(true);
    expect(states).to.include.keys(...names);
}

requireOrSkip(TITLE, chromiumBrowser(), 'COURT_LEDGER_REQUIRE_BROWSER', () => {
    describe(TITLE, function () {
        this.timeout(120_000);
        let gw: Harness;
        let base: string;
        let browser: Browser;
        let context: BrowserContext;
        let page: Page;
        const file = randomBytes(256 * 1024);
        const digest = sha256(file);
        let receipt: Receipt;
        let fingerprint: string;

        before(async () => {
            gw = await startGateway({ database: 'pglite' });
            receipt = await anchorItem(
                gw,
                digest,
                'file',
                [1, 2, 3, 4].map(() => randomBytes(32).toString('hex')),
            );
            fingerprint = (await gw.app.inject({ url: '/v1/trust' })).json<{ nodePublicKey: { fingerprint: string } }>()
                .nodePublicKey.fingerprint;
            base = await gw.app.listen({ host: '127.0.0.1', port: 0 });
            browser = await launchChromium();
            await mkdir(SCREENSHOTS, { recursive: true });
        });
        after(async () => {
            await browser.close();
            await gw.close({ destroy: true });
        });
        beforeEach(async () => {
            context = await browser.newContext();
            page = await context.newPage();
        });
        afterEach(async () => {
            await context.close();
        });

        /** Opens /receipt (English), then cuts the network; returns the requests the page makes from then on. */
        async function receiptPageOffline(): Promise<string[]> {
            await page.goto(`${base}/receipt?lang=en`);
            await page.locator('html[data-ready="true"]').waitFor();
            const requests: string[] = [];
            page.on('request', (request) => requests.push(request.url()));
            await context.route('**/*', (route) => route.abort());
            await context.setOffline(true);
            return requests;
        }

        async function verifyInBrowser(content: Buffer, name = 'exhibit.bin'): Promise<string> {
            await page.goto(`${base}/?lang=en`);
            await page.setInputFiles('#file', { name, mimeType: 'application/octet-stream', buffer: content });
            const answer = page.locator('#answer .answer');
            await answer.waitFor();
            return (await answer.getAttribute('data-anchored')) ?? '';
        }

        it('hashes a file in the browser exactly as node:crypto does (SHA-256 and SM3, several chunks)', async () => {
            const big = randomBytes(20 * 1024 * 1024 + 17);
            // From a path: the local browser reads the file itself (a 20 MB buffer would cross the protocol).
            const bigPath = path.join(SCREENSHOTS, '..', 'big.bin');
            await writeFile(bigPath, big);
            await page.goto(`${base}/?lang=en`);
            await page.setInputFiles('#file', bigPath);
            await page.locator('#answer .answer').waitFor();
            expect(await page.locator('#answer .answer').getAttribute('data-anchored')).to.equal('false');
            await rm(bigPath);
            const cells = await page.locator('.digests td').allTextContents();
            expect(cells).to.deep.equal([sha256(big), createHash('sm3').update(big).digest('hex')]);
            expect(await page.locator('#progress').getAttribute('value')).to.equal('1');
            expect(await page.locator('#speed').textContent()).to.match(/MB\/s$/);
        });

        it('hashes a file streamed chunk by chunk (the path of files above the one-shot limit) to the same digests', async () => {
            const bytes = randomBytes(9 * 1024 * 1024 + 5);
            const filePath = path.join(SCREENSHOTS, '..', 'streamed.bin');
            await writeFile(filePath, bytes);
            const bare = await browser.newPage();
            try {
                // A localhost page (answered here) is a secure context, as the gateway's pages are.
                const url = 'http://localhost/hashing-test';
                await bare.route(url, (route) =>
                    route.fulfill({
                        contentType: 'text/html',
                        body: '<!doctype html><title>t</title><input type=file>',
                    }),
                );
                await bare.goto(url);
                await bare.addScriptTag({
                    content: await bundleForPage("export { hashFile } from './gateway/web/hashing.ts';\n", 'hashing'),
                });
                await bare.setInputFiles('input', filePath);
                const digests = await bare.evaluate<{ whole: unknown; streamed: unknown }>(`(async () => {
                    const file = document.querySelector('input').files[0];
                    return { whole: await hashing.hashFile(file), streamed: await hashing.hashFile(file, undefined, 0) };
                })()`);
                const expected = {
                    sha256: sha256(bytes),
                    sm3: createHash('sm3').update(bytes).digest('hex'),
                    size: bytes.length,
                };
                expect(digests).to.deep.equal({ whole: expected, streamed: expected });
            } finally {
                await bare.close();
                await rm(filePath);
            }
        });

        it('finds the anchored file, and not the same file with one bit changed', async () => {
            expect(await verifyInBrowser(file)).to.equal('true');
            const text = await page.locator('#answer').textContent();
            expect(text).to.include(en.foundTitle).and.include(receipt.anchor.txId).and.include('Asia/Shanghai');
            await page.screenshot({ path: path.join(SCREENSHOTS, 'verify-found.png'), fullPage: true });
            const flipped = Buffer.from(file);
            flipped[1000] = (flipped[1000] ?? 0) ^ 0x01;
            expect(await verifyInBrowser(flipped)).to.equal('false');
            expect(await page.locator('#answer').textContent()).to.include(en.notFoundExplain);
        });

        it('verifies an upper-case digest typed into the digest form', async () => {
            await page.goto(`${base}/`);
            await page.fill('#digest', digest.toUpperCase());
            await page.click('#digest-form button');
            await page.locator('#answer .answer').waitFor();
            expect(await page.locator('#answer .answer').getAttribute('data-anchored')).to.equal('true');
            expect(page.url()).to.equal(`${base}/`);
            expect(await page.locator('#answer h2').textContent()).to.include(zhCN.foundTitle);
        });

        it('works without JavaScript: the upload form posts the file and the server renders the answer', async () => {
            const noJs = await browser.newContext({ javaScriptEnabled: false });
            try {
                const plain = await noJs.newPage();
                await plain.goto(`${base}/?lang=en`);
                await plain.click('#nojs summary');
                await plain.setInputFiles('#upload', {
                    name: 'exhibit.bin',
                    mimeType: 'application/octet-stream',
                    buffer: file,
                });
                await Promise.all([plain.waitForURL(`${base}/?lang=en`), plain.click('#nojs button')]);
                expect(await plain.locator('.answer').getAttribute('data-anchored')).to.equal('true');
                await plain.screenshot({ path: path.join(SCREENSHOTS, 'verify-no-js.png'), fullPage: true });
            } finally {
                await noJs.close();
            }
        });

        it('switches between Chinese (default) and English', async () => {
            await page.goto(`${base}/`);
            expect(await page.locator('html').getAttribute('lang')).to.equal('zh-CN');
            expect(await page.locator('h1').textContent()).to.equal(zhCN.verifyTitle);
            await page.screenshot({ path: path.join(SCREENSHOTS, 'verify-zh.png'), fullPage: true });
            await Promise.all([page.waitForURL(/lang=en/), page.click('#switch-lang')]);
            expect(await page.locator('h1').textContent()).to.equal(en.verifyTitle);
            await Promise.all([page.waitForURL(/lang=zh-CN/), page.click('#switch-lang')]);
            expect(await page.locator('h1').textContent()).to.equal(zhCN.verifyTitle);
        });

        it('opens the file picker from the keyboard alone', async () => {
            await page.goto(`${base}/`);
            await page.locator('html[data-ready="true"]').waitFor();
            for (let i = 0; i < 20 && (await page.evaluate('document.activeElement?.id')) !== 'file'; i++) {
                await page.keyboard.press('Tab');
            }
            expect(await page.evaluate('document.activeElement?.id')).to.equal('file');
            const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
            await chooser.setFiles({ name: 'exhibit.bin', mimeType: 'application/octet-stream', buffer: file });
            await page.locator('#answer .answer').waitFor();
            expect(await page.locator('#answer .answer').getAttribute('data-anchored')).to.equal('true');
        });

        it('checks a receipt with the network cut after load: every check ✓, the signer pinned', async () => {
            const requests = await receiptPageOffline();
            await page.setInputFiles('#receipt', json(receipt));
            await page.setInputFiles('#original', {
                name: 'exhibit.bin',
                mimeType: 'application/octet-stream',
                buffer: file,
            });
            await page.click('#use-published');
            expect(await page.inputValue('#fingerprint')).to.equal(fingerprint);
            await expectValid(
                page,
                'schema',
                'file-digest',
                'inclusion-proof',
                'root-hash',
                'anchor-ledger-proof',
                'anchor-signer',
            );
            expect(requests).to.deep.equal([]);
            await page.screenshot({ path: path.join(SCREENSHOTS, 'receipt-valid.png'), fullPage: true });
        });

        it('shows each tampered part of a receipt as ✗ with its reason, and an unpinned signer as a warning', async () => {
            const cases: [string, (r: Receipt & { anchor: Record<string, unknown> }) => void, string][] = [
                [
                    'digest',
                    (r) => {
                        r.digest = sha256(Buffer.from('other'));
                    },
                    'root-hash',
                ],
                [
                    'inclusion proof',
                    (r) => {
                        r.inclusionProof[0] = sha256(Buffer.from('sibling'));
                    },
                    'root-hash',
                ],
                [
                    'root hash',
                    (r) => {
                        r.rootHash = sha256(Buffer.from('root'));
                    },
                    'root-hash',
                ],
                [
                    'block signature',
                    (r) => {
                        const block = r.anchor['block'] as { signature: string };
                        block.signature = Buffer.from(
                            Buffer.from(block.signature, 'base64').map((b, i) => (i === 12 ? b ^ 1 : b)),
                        ).toString('base64');
                    },
                    'anchor-ledger-proof',
                ],
                [
                    'recorded tree size',
                    (r) => {
                        (r.anchor['transaction'] as { args: string[] }).args[2] = '999';
                    },
                    'anchor-ledger-proof',
                ],
            ];
            await page.goto(`${base}/receipt?lang=en`);
            await page.locator('html[data-ready="true"]').waitFor();
            await page.fill('#fingerprint', fingerprint.toUpperCase());
            for (const [what, tamper, failing] of cases) {
                const tampered = copy<Receipt & { anchor: Record<string, unknown> }>(receipt);
                tamper(tampered);
                await page.setInputFiles('#receipt', json(tampered));
                await page.click('#receipt-form button[type="submit"]');
                await page
                    .locator(`.verdict[data-verdict="invalid"] li[data-check="${failing}"][data-state="fail"]`)
                    .waitFor();
                const reason = await page.locator(`li[data-check="${failing}"] .mono`).textContent();
                expect(reason, what).to.not.equal('');
                if (what === 'block signature') {
                    await page.screenshot({ path: path.join(SCREENSHOTS, 'receipt-tampered.png'), fullPage: true });
                }
            }
            await page.fill('#fingerprint', 'ab'.repeat(32));
            await page.setInputFiles('#receipt', json(receipt));
            await page.click('#receipt-form button[type="submit"]');
            await page
                .locator('.verdict[data-verdict="invalid"] li[data-check="anchor-signer"][data-state="fail"]')
                .waitFor();
            await page.fill('#fingerprint', '');
            await page.setInputFiles('#original', {
                name: 'other.bin',
                mimeType: 'application/octet-stream',
                buffer: Buffer.from('other'),
            });
            await page.click('#receipt-form button[type="submit"]');
            await page
                .locator('.verdict[data-verdict="invalid"] li[data-check="file-digest"][data-state="fail"]')
                .waitFor();
            await page.setInputFiles('#original', []);
            await page.click('#receipt-form button[type="submit"]');
            await page.locator('.verdict[data-verdict="unpinned"]').waitFor();
            expect(await page.locator('.verdict h2').textContent()).to.include(en.verdictUnpinned);
            expect((await checkStates(page))['anchor-signer']).to.equal('warn');
        });

        it('checks a Fabric receipt (a block captured from the network) offline: orderer, creator, endorsers', async () => {
            const fixture = fabricFixture();
            const fabric = await fabricReceipt(2, fixture);
            const pins = Object.entries(fixture.mspCaCertificates)
                .map(([mspId, pems]) => `${mspId}=${sha256(new X509Certificate(pems[0]!).raw)}`)
                .join(',\n');
            const requests = await receiptPageOffline();
            await page.setInputFiles('#receipt', json(fabric));
            await page.fill('#fingerprint', pins);
            await expectValid(
                page,
                'fabric-ca-certificates',
                'fabric-block-data-hash',
                'fabric-orderer-signature',
                'fabric-validation-code',
                'fabric-creator-signature',
                'fabric-endorsements',
                'anchor-root-hash',
                'anchor-write',
            );
            await page.screenshot({ path: path.join(SCREENSHOTS, 'receipt-fabric-valid.png'), fullPage: true });

            const tampered = copy(fabric);
            (tampered.anchor as unknown as { invocation: { args: string[] } }).invocation.args[2] = '999';
            await page.setInputFiles('#receipt', json(tampered));
            await page.click('#receipt-form button[type="submit"]');
            await page
                .locator('.verdict[data-verdict="invalid"] li[data-check="fabric-invocation"][data-state="fail"]')
                .waitFor();
            await page.fill('#fingerprint', 'CourtMSP=abc');
            await page.click('#receipt-form button[type="submit"]');
            expect(await page.locator('#result [role="alert"]').textContent()).to.include(
                en.fingerprintNotValid.replace('{entry}', 'CourtMSP=abc'),
            );
            await page.fill('#fingerprint', '');
            await page.setInputFiles('#receipt', json(fabric));
            await page.click('#receipt-form button[type="submit"]');
            await page.locator('.verdict[data-verdict="unpinned"]').waitFor();
            expect((await checkStates(page))['fabric-ca-certificates']).to.equal('warn');
            expect(requests).to.deep.equal([]);
        });
    });
});
