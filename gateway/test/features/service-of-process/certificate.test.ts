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

    it('HTML escapes every value', () => {
        const html = renderCertificateHtml(buildCertificate(view(), { mode: 'embedded', channel: 'court' }));
        expect(html).not.to.include('<script>');
        expect(html).not.to.include('<b>1</b>');
        expect(html).to.include('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
        expect(html).to.include('C-&lt;b&gt;1&lt;/b&gt;');
        expect(html).to.include('clerk-&quot;1&quot;');
        expect(html).to.include('tx-delivered');
        expect(html).to.match(/Served — 2026-03-01T08:00:01\.000Z/);
        expect(escapeHtml(`&<>"'`)).to.equal('&amp;&lt;&gt;&quot;&#39;');
    });
});
