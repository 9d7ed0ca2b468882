import { expect } from 'chai';
import { buildCertificate } from '../../../src/features/service-of-process/certificate';
import { renderCertificateHtml } from '../../../src/features/service-of-process/certificate-html';
import { escapeHtml } from '../../../src/platform/web/html';
import type { ServiceViewBody } from '../../../src/features/service-of-process/schemas';

const EVIL = '<script>alert("x")</script>&\'';

function view(): ServiceViewBody {
    return {
        serviceId: 'sv_0123456789abcdef0123456789abcdef',
        caseId: `C-<b>1</b>`,
        document: { sha256: 'ab'.repeat(32) },
        documentType: 'summons',
        recipientPseudonym: 'cd'.repeat(32),
        addressHash: 'ef'.repeat(32),
        channel: 'email',
        addressConfirmed: true,
        status: 'delivered',
        issuedBy: { sub: 'clerk-"1"', role: 'clerk' },
        issuedAt: '2026-03-01T08:00:00.000Z',
        txId: 'tx-issue',
        blockNumber: 7,
        events: [
            {
                type: 'issued',
                at: '2026-03-01T08:00:00.000Z',
                recordedAt: '2026-03-01T08:00:00.000Z',
                actor: { sub: 'clerk-"1"', role: 'clerk' },
                txId: 'tx-issue',
                blockNumber: 7,
            },
            {
                type: 'delivered',
                at: '2026-03-01T08:00:01.000Z',
                recordedAt: '2026-03-01T08:00:02.000Z',
                actor: { sub: 'clerk-"1"', role: 'clerk' },
                detail: EVIL,
                txId: 'tx-delivered',
                blockNumber: 9,
            },
        ],
        legalService: {
            status: 'served',
            servedAt: '2026-03-01T08:00:01.000Z',
            rule: 'art26-designated-address-delivered',
        },
    };
}

describe('service-of-process: certificate', () => {
    it('JSON lists every event with transaction and block, and the deciding rule with its text and source', () => {
        const certificate = buildCertificate(
            view(),
            { mode: 'embedded', channel: 'court' },
            new Date('2026-03-02T00:00:00.000Z'),
        );
        expect(certificate.service).to.include({ serviceId: 'sv_0123456789abcdef0123456789abcdef', blockNumber: 7 });
        expect(certificate.events.map((e) => [e.type, e.txId, e.blockNumber])).to.deep.equal([
            ['issued', 'tx-issue', 7],
            ['delivered', 'tx-delivered', 9],
        ]);
        expect(certificate.legalService).to.include({ status: 'served', servedAt: '2026-03-01T08:00:01.000Z' });
        expect(certificate.legalService.when).to.match(/delivered/);
        expect(certificate.legalService.source).to.match(/Art\. 26/);
        expect(certificate.generatedAt).to.equal('2026-03-02T00:00:00.000Z');
    });

    const page = (lang: 'zh-CN' | 'en') =>
        renderCertificateHtml(
            buildCertificate(view(), { mode: 'embedded', channel: 'court' }, new Date('2026-03-02T00:00:00.000Z')),
            { lang, zone: 'Asia/Shanghai', assets: { 'style.css': '/assets/style-X.css' } },
        );

    it('HTML is Chinese first: court-zone times with the UTC instant, the rule in words, its instruments and Art. 26', () => {
        const html = page('zh-CN');
        expect(html).to.include('<html lang="zh-CN">');
        expect(html).to.include('电子送达证明');
        expect(html).to.include('已送达');
        expect(html).to.include(
            '<time datetime="2026-03-01T08:00:01.000Z">2026-03-01 16:00:01</time> <span class="muted">(Asia/Shanghai; UTC 2026-03-01T08:00:01.000Z)</span>',
        );
        expect(html).to.include('《中华人民共和国民事诉讼法》（2023年修正）第九十条');
        expect(html).to.include('《人民法院在线运行规则》（2022年）第二十六条');
        expect(html).to.include(
            'For service of judicial documents, the recipients may refer to, accept, download and sign',
        );
        expect(html).to.include('href="/assets/style-X.css"');
        expect(html).to.include('href="/v1/services/sv_0123456789abcdef0123456789abcdef/certificate?lang=en"');
        expect(html).not.to.match(/design-brief|legal-rules\.md/);
        expect(html).not.to.include('<style>');
    });

    it('HTML in English with ?lang=en', () => {
        const html = page('en');
        expect(html).to.include('<html lang="en">');
        expect(html).to.include('Certificate of electronic service');
        expect(html).to.include('<strong>Served</strong>');
        expect(html).to.include('Civil Procedure Law of the PRC (2023 amendment), Art. 90');
        expect(html).to.include('SPC Online Operation Rules of the People&#39;s Courts (2022), Art. 26');
        expect(html).to.include('2026-03-01 16:00:01');
        expect(html).not.to.include('电子送达证明');
    });

    it('HTML escapes every value', () => {
        const html = page('zh-CN');
        expect(html).not.to.include('<script>');
        expect(html).not.to.include('<b>1</b>');
        expect(html).to.include('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
        expect(html).to.include('C-&lt;b&gt;1&lt;/b&gt;');
        expect(html).to.include('clerk-&quot;1&quot;');
        expect(html).to.include('tx-delivered');
        expect(escapeHtml(`&<>"'`)).to.equal('&amp;&lt;&gt;&quot;&#39;');
    });
});
