import { createHash, randomBytes } from 'node:crypto';
import axe from 'axe-core';
import { expect } from 'chai';
import { fabricReceipt } from '@court-ledger/gateway/dist/test/platform/receipts/fabric-fixture';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumBrowser, launchChromium } from '../support/browser';
import { requireOrSkip } from '../support/environment';
import { startGateway, type Harness } from '../support/gateway-harness';
import { multipartBody } from '../support/multipart';
import { anchorItem } from '../support/receipts';

const TITLE = 'web pages: accessibility (axe-core in the system Chromium, every page, both languages)';
const CLERK = 'clerk-axe';
const OFFICER = 'enf-officer-axe';

/** What axe reports of a violation, enough to find and fix it. */
interface Violation {
    readonly id: string;
    readonly impact: string | null;
    readonly nodes: readonly { readonly target: readonly string[] }[];
}

requireOrSkip(TITLE, chromiumBrowser(), 'COURT_LEDGER_REQUIRE_BROWSER', () => {
    describe(TITLE, function () {
        this.timeout(120_000);
        let gw: Harness;
        let base: string;
        let browser: Browser;
        let serviceId: string;
        let caseId: string;
        let anchored: string;

        before(async () => {
            gw = await startGateway({ database: 'pglite' });
            const form = multipartBody(
                {
                    caseId: '(2026)京0491民初1号',
                    documentType: 'summons',
                    recipient: `party-axe-${randomBytes(4).toString('hex')}`,
                    channel: 'email',
                    address: 'party-axe@example.org',
                    addressConfirmed: 'true',
                },
                { name: 'document', filename: 'summons.pdf', content: Buffer.from('%PDF-1.7 summons\n') },
            );
            const served = await gw.app.inject({
                method: 'POST',
                url: '/v1/services',
                headers: { ...gw.auth('clerk', CLERK), ...form.headers },
                payload: form.payload,
            });
            expect(served.statusCode, served.body).to.equal(201);
            serviceId = served.json<{ serviceId: string }>().serviceId;
            caseId = `(2026)京0491执${randomBytes(4).readUInt32BE()}号`;
            const opened = await gw.app.inject({
                method: 'POST',
                url: '/v1/enforcement/cases',
                headers: gw.auth('enforcement', OFFICER),
                payload: {
                    caseId,
                    basis: { documentType: 'judgment', sha256: 'e4'.repeat(32) },
                    creditor: 'creditor-axe',
                    debtor: 'debtor-axe',
                    amountDue: 1_000_000,
                    deadline: new Date(Date.now() + 86_400_000).toISOString(),
                },
            });
            expect(opened.statusCode, opened.body).to.equal(201);
            anchored = createHash('sha256').update(randomBytes(64)).digest('hex');
            await anchorItem(gw, anchored);
            base = await gw.app.listen({ host: '127.0.0.1', port: 0 });
            browser = await launchChromium();
        });
        after(async () => {
            await browser.close();
            await gw.close({ destroy: true });
        });

        /**
         * Loads `url` (signed in with `headers`, if given), brings it to a state with `act`, injects axe-core and
         * returns every violation.
         */
        async function violations(
            url: string,
            lang: string,
            headers?: Record<string, string>,
            act: (page: Page) => Promise<void> = () => Promise.resolve(),
        ): Promise<Violation[]> {
            const context: BrowserContext = await browser.newContext(
                headers === undefined ? {} : { extraHTTPHeaders: headers },
            );
            try {
                const page = await context.newPage();
                const response = await page.goto(`${base}${url}`);
                expect(response?.status(), url).to.equal(200);
                expect(response?.headers()['content-type'], url).to.match(/^text\/html/);
                expect(await page.getAttribute('html', 'lang'), url).to.equal(lang);
                await act(page);
                await page.evaluate(axe.source);
                const result = await page.evaluate<{ violations: Violation[]; passes: unknown[] }>('axe.run(document)');
                expect(result.passes.length, `${url}: axe checked rules`).to.be.greaterThan(10);
                return result.violations.map(({ id, impact, nodes }) => ({
                    id,
                    impact,
                    nodes: nodes.map(({ target }) => ({ target })),
                }));
            } finally {
                await context.close();
            }
        }

        const pages: [string, () => string, () => Record<string, string> | undefined][] = [
            ['verify a file (/)', () => '/', () => undefined],
            ['check a receipt (/receipt)', () => '/receipt', () => undefined],
            ['the service certificate', () => `/v1/services/${serviceId}/certificate`, () => gw.auth('clerk', CLERK)],
            [
                'the enforcement timeline',
                () => `/v1/enforcement/cases/${encodeURIComponent(caseId)}/timeline`,
                () => gw.auth('enforcement', OFFICER),
            ],
        ];
        for (const [name, url, headers] of pages) {
            for (const lang of ['zh-CN', 'en']) {
                it(`${name}, ${lang}: no violations`, async () => {
                    const path = url();
                    const found = await violations(`${path}?lang=${lang}`, lang, headers());
                    expect(found, JSON.stringify(found)).to.deep.equal([]);
                });
            }
        }
        /** Submits the digest form with `digest` and waits for the answer. */
        const answer = (digest: () => string) => async (page: Page) => {
            await page.locator('html[data-ready="true"]').waitFor();
            await page.fill('#digest', digest());
            await page.click('#digest-form button');
            await page.locator('#answer .answer').waitFor();
        };
        /** Checks a receipt on the page (`tamper` first, if given) and waits for the verdict. */
        const verdict =
            (pins: boolean, tamper = false) =>
            async (page: Page) => {
                await page.locator('html[data-ready="true"]').waitFor();
                const receipt = JSON.parse(JSON.stringify(await fabricReceipt())) as { anchor: { txId: string } };
                if (tamper) {
                    receipt.anchor.txId = 'f'.repeat(64);
                }
                await page.setInputFiles('#receipt', {
                    name: 'receipt.json',
                    mimeType: 'application/json',
                    buffer: Buffer.from(JSON.stringify(receipt)),
                });
                if (pins) {
                    await page.fill('#fingerprint', 'CourtMSP=' + 'ab'.repeat(32));
                }
                await page.click('#receipt-form button[type="submit"]');
                await page.locator('.verdict').waitFor();
            };
        const states: [string, string, (page: Page) => Promise<void>][] = [
            ['/ answering "anchored"', '/', answer(() => anchored)],
            ['/ answering "not found"', '/', answer(() => '0'.repeat(64))],
            ['/receipt with the signer not pinned (⚠)', '/receipt', verdict(false)],
            ['/receipt with failed checks (✗)', '/receipt', verdict(true, true)],
        ];
        for (const [name, path, act] of states) {
            for (const lang of ['zh-CN', 'en']) {
                it(`${name}, ${lang}: no violations`, async () => {
                    const found = await violations(`${path}?lang=${lang}`, lang, undefined, act);
                    expect(found, JSON.stringify(found)).to.deep.equal([]);
                });
            }
        }
    });
});
