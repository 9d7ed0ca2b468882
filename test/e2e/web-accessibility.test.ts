import { randomBytes } from 'node:crypto';
import axe from 'axe-core';
import { expect } from 'chai';
import type { Browser, BrowserContext } from 'playwright-core';
import { chromiumBrowser, launchChromium } from '../support/browser';
import { requireOrSkip } from '../support/environment';
import { startGateway, type Harness } from '../support/gateway-harness';
import { multipartBody } from '../support/multipart';

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
            base = await gw.app.listen({ host: '127.0.0.1', port: 0 });
            browser = await launchChromium();
        });
        after(async () => {
            await browser.close();
            await gw.close({ destroy: true });
        });

        /** Loads `url` (signed in with `headers`, if given), injects axe-core and returns every violation. */
        async function violations(url: string, lang: string, headers?: Record<string, string>): Promise<Violation[]> {
            const context: BrowserContext = await browser.newContext(
                headers === undefined ? {} : { extraHTTPHeaders: headers },
            );
            try {
                const page = await context.newPage();
                const response = await page.goto(`${base}${url}`);
                expect(response?.status(), url).to.equal(200);
                expect(response?.headers()['content-type'], url).to.match(/^text\/html/);
                expect(await page.getAttribute('html', 'lang'), url).to.equal(lang);
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
    });
});
