import { expect } from 'chai';
import type { StepViewBody, TimelineBody } from '../../../src/features/enforcement/schemas';
import { renderTimelineHtml } from '../../../src/features/enforcement/timeline-html';
import { formatYuan } from '../../../src/platform/web';

function timeline(): TimelineBody {
    const common = { caseId: 'E-<1>', automatic: false, actor: { sub: 'officer-"1"', role: 'enforcement' } };
    return {
        caseId: 'E-<1>',
        status: 'performed',
        steps: [
            {
                ...common,
                seq: 1,
                step: 'payment-in',
                at: '2026-03-01T08:00:01.000Z',
                txId: 'tx-pay',
                blockNumber: 12,
                amount: 123456789,
                source: 'debtor',
            } as StepViewBody,
            {
                ...common,
                seq: 2,
                step: 'conclude',
                at: '2026-03-01T08:00:01.000Z',
                txId: 'tx-pay',
                blockNumber: 12,
                automatic: true,
                trigger: 'performed in full',
                kind: 'performed',
            } as StepViewBody,
        ],
    };
}

describe('enforcement: timeline page', () => {
    it('Chinese first: steps, court-zone time with the UTC instant, yuan from fen, the rule and its source', () => {
        const html = renderTimelineHtml(timeline(), { lang: 'zh-CN', zone: 'Asia/Shanghai', assets: {} });
        expect(html).to.include('<html lang="zh-CN">');
        expect(html).to.include('执行过程：E-&lt;1&gt;');
        expect(html).to.include('已履行完毕');
        expect(html).to.include('案款到账');
        expect(html).to.include('¥1,234,567.89');
        expect(html).to.include(
            '<time datetime="2026-03-01T08:00:01.000Z">2026-03-01 16:00:01</time> <span class="muted">(Asia/Shanghai; UTC 2026-03-01T08:00:01.000Z)</span>',
        );
        expect(html).to.include('tx-pay');
        expect(html).to.include('officer-&quot;1&quot;');
        expect(html).to.include('一案一账户；到账金额不得超过尚欠金额。');
        expect(html).to.include('自动（智能合约）：performed in full');
        expect(html).to.include('《人民法院在线运行规则》（2022年）第三十一条');
        expect(html).to.include('The smart enforcement system enables the entire process of enforcement cases');
        expect(html).not.to.include('<1>');
        expect(html).not.to.match(/design-brief|legal-rules\.md/);
    });

    it('English with ?lang=en', () => {
        const html = renderTimelineHtml(timeline(), { lang: 'en', zone: 'Asia/Shanghai', assets: {} });
        expect(html).to.include('<html lang="en">');
        expect(html).to.include('Enforcement timeline: E-&lt;1&gt;');
        expect(html).to.include('Payment into the case account');
        expect(html).to.include('CN¥1,234,567.89');
        expect(html).to.include('SPC Online Operation Rules of the People&#39;s Courts (2022), Art. 31');
        expect(html).to.include('2026-03-01 16:00:01');
    });

    it('formats integer fen as yuan without rounding', () => {
        expect([0, 1, 99, 100, 100001, -250].map((fen) => formatYuan(fen, 'zh-CN'))).to.deep.equal([
            '¥0.00',
            '¥0.01',
            '¥0.99',
            '¥1.00',
            '¥1,000.01',
            '-¥2.50',
        ]);
    });
});
