/**
 * 简体中文: the strings of the record pages (the service certificate, the enforcement timeline), with the legal
 * rules summarised in our own words and their instruments named (../shared/legal-rules.md, never a design
 * document). Part of the zh-CN catalogue.
 */

/** The seed (人民法院在线运行规则, 2022): its official English text, quoted, for the articles the pages cite. */
export const SEED_ARTICLE_TEXT = {
    art26: 'Article 26 For service of judicial documents, the recipients may refer to, accept, download and sign for relevant documents being served online via the online services of the people’s court, the document service platform of the people’s court, the litigation service network, the “China Judicial Process Information Online” and other platforms.',
    art31: 'Article 31 The smart enforcement system enables the entire process of enforcement cases to be handled online by the people’s court, with enforcement activities traceable for the whole course and under monitoring on all fronts and at all levels. It allows online taking of enforcement measures, such as property check and control, price enquiry and assessment, auctions and sales, granting case bills, and imposing punishment against trust-breaking behaviors.',
} as const;

const SEED = '《人民法院在线运行规则》（2022年）';
const CPL = '《中华人民共和国民事诉讼法》（2023年修正）第九十条';
const TWO_TRACK = '《民事诉讼程序繁简分流改革试点实施办法》（2020年）第二十六条；《人民法院在线诉讼规则》（2021年）';
const AUCTIONS = '《最高人民法院关于人民法院网络司法拍卖若干问题的规定》（2016年）';
const CONTROLS = '《最高人民法院关于人民法院民事执行中查封、扣押、冻结财产的规定》（2004年，2020年修正）';
const DISHONEST = '《最高人民法院关于公布失信被执行人名单信息的若干规定》（2013年，2017年修正）';

export const recordsZhCN = {
    yes: '是',
    no: '否',
    seedQuoteNote: '（原文为该规则的官方英文译本）',
    seedText: SEED_ARTICLE_TEXT,
    certificate: {
        title: '电子送达证明',
        generated: '本证明于 {time} 依据法院区块链账本生成（{mode}，通道 {channel}）。',
        conclusion: '送达结论',
        statuses: { served: '已送达', presumed: '推定送达（受送达人可举证推翻）', 'not-served': '未送达' } as Record<
            string,
            string
        >,
        servedAt: '送达时间',
        rule: '适用规则',
        ruleSays: '规则内容',
        source: '依据',
        seedTitle: `${SEED}第二十六条`,
        seedSummary:
            '受送达人可以通过人民法院在线服务平台、送达平台、诉讼服务网、中国审判流程信息公开网等平台在线查阅、接收、下载和签收送达文书；送达全过程留痕可查。',
        rules: {
            'art26-designated-address-delivered': {
                when: '受送达人提供或确认了送达地址，且文书已到达该地址所在系统：以首次到达时间为送达时间。',
                source: `${CPL}（到达受送达人特定系统的日期为送达日期）；${TWO_TRACK}（受送达人提供或确认的地址）；${SEED}第二十六条`,
            },
            'art26-acknowledged-or-replied': {
                when: '受送达人回复已收到或据此实施诉讼行为：以首次回复或签收时间为送达时间。',
                source: `${TWO_TRACK}（受送达人回复已收悉或据此实施诉讼行为的，视为送达）；${SEED}第二十六条`,
            },
            'art26-read-presumed': {
                when: '无其他送达依据，但系统显示受送达人已阅读或下载：以首次阅读或下载时间推定送达；受送达人可证明系统错误、非本人使用的地址或他人阅读而推翻。',
                source: `${TWO_TRACK}（系统反馈已阅知或有其他证据证明收悉的，推定送达；可反证推翻）；${SEED}第二十六条`,
            },
            cancelled: {
                when: '在任何送达条件成就之前，法院已撤销该次送达。',
                source: `${CPL}；${TWO_TRACK}：撤销前送达条件均未成就`,
            },
            'not-served': { when: '送达条件均未成就。', source: `${CPL}；${TWO_TRACK}：送达条件均未成就` },
        } as Record<string, { readonly when: string; readonly source: string }>,
        service: '送达事项',
        serviceId: '送达编号',
        caseId: '案号',
        documentType: '文书类型',
        recipient: '受送达人（化名）',
        addressHash: '送达地址指纹（加盐哈希）',
        addressConfirmed: '地址由受送达人提供或确认',
        channel: '送达渠道',
        channels: { email: '电子邮件', platform: '人民法院送达平台' } as Record<string, string>,
        issuedBy: '发出人',
        issuedAt: '发出时间',
        issuingTx: '发出交易',
        inBlock: '{txId}（区块 {block}）',
        status: '当前状态',
        events: '送达过程',
        columns: ['序号', '事件', '发生时间', '记录时间', '操作人', '说明', '交易', '区块'],
        eventTypes: {
            issued: '发出',
            sent: '已发送',
            delivered: '已到达',
            'delivery-failed': '投递失败',
            read: '已阅读',
            downloaded: '已下载',
            acknowledged: '已签收',
            replied: '已回复',
            cancelled: '已撤销',
        } as Record<string, string>,
        recipientActor: '受送达人 {pseudonym}',
        attestation: '证明：{value}',
        key: '密钥指纹 {value}',
    },
    timeline: {
        title: '执行过程：{caseId}',
        intro: '执行案件的每一个步骤均记录在法院区块链账本上，并注明其交易、区块及据以核对的规则。',
        status: '案件状态',
        statuses: {
            open: '执行中',
            performed: '已履行完毕',
            'terminated-this-round': '终结本次执行程序',
            terminated: '终结执行',
            'not-enforced': '不予执行',
        } as Record<string, string>,
        seedTitle: `${SEED}第三十一条`,
        seedSummary:
            '人民法院通过智慧执行系统在线办理执行案件全流程，执行活动全程留痕、全方位监管；可在线采取查控、询价评估、拍卖变卖、案款发放、失信惩戒等执行措施。',
        columns: ['序号', '步骤', '时间', '操作人', '内容', '交易', '区块', '核对的规则与依据'],
        automatic: '自动（智能合约）：{trigger}',
        steps: {
            notice: '执行通知',
            'property-inquiry': '财产查询',
            control: '查封、扣押、冻结',
            'renew-control': '续行查控',
            release: '解除查控',
            valuation: '询价评估',
            'auction-listed': '网络拍卖挂拍',
            'auction-result': '拍卖结果',
            'sale-at-price': '变卖',
            'payment-in': '案款到账',
            payout: '案款发放',
            'trust-breaking-add': '纳入失信名单',
            'trust-breaking-remove': '移出失信名单',
            'consumption-restriction-add': '限制消费',
            'consumption-restriction-remove': '解除限制消费',
            conclude: '结案',
        } as Record<string, string>,
        roleRule: '记录人角色与案件状态须符合执行步骤表',
        rules: {
            notice: { rule: '执行通知经电子送达发出并可查。', source: `${SEED}第二十六条、第三十一条` },
            'property-inquiry': { rule: '在线查询被执行人财产，结果以摘要留存。', source: `${SEED}第三十一条` },
            control: {
                rule: '查控以清偿债务及执行费用为限，不得明显超标的；期限：存款不超过1年，动产不超过2年，不动产及其他财产权不超过3年。',
                source: `${CONTROLS}第十九条、第二十九条`,
            },
            'renew-control': { rule: '期限届满前续行，每次不超过原期限。', source: `${CONTROLS}第二十九条` },
            release: { rule: '超标的部分应当解除查控。', source: `${CONTROLS}第十九条` },
            valuation: { rule: '评估价作为确定起拍价的参考。', source: `${AUCTIONS}第十条` },
            'auction-listed': {
                rule: '起拍价不低于评估价的70%，再次拍卖降价不超过20%；动产提前15日、不动产提前30日公告（再次拍卖7日/15日）；保证金为起拍价的5%至20%。',
                source: `${AUCTIONS}第十条、第十二条、第十七条、第二十六条`,
            },
            'auction-result': {
                rule: '成交价不低于起拍价；流拍后可再次拍卖一次。',
                source: `${AUCTIONS}第十条、第二十六条`,
            },
            'sale-at-price': { rule: '两次网络拍卖均流拍后，方可在同一平台变卖。', source: `${AUCTIONS}第二十六条` },
            'payment-in': { rule: '一案一账户；到账金额不得超过尚欠金额。', source: '执行案款一案一账户管理' },
            payout: {
                rule: '案款只发放给有权受领的申请执行人，且不得超过账户余额。',
                source: '执行案款一案一账户管理',
            },
            'trust-breaking-add': {
                rule: '须有法定失信情形之一；名单期限2年，情节严重的可延长1至3年。',
                source: `${DISHONEST}第一条、第二条`,
            },
            'trust-breaking-remove': {
                rule: '须有法定移出情形（履行完毕、和解履行、案件终结或期限届满）。',
                source: `${DISHONEST}第十条`,
            },
            'consumption-restriction-add': { rule: '在线采取失信惩戒措施。', source: `${SEED}第三十一条` },
            'consumption-restriction-remove': { rule: '惩戒措施依法解除。', source: `${SEED}第三十一条` },
            conclude: { rule: '由法官结案，执行过程全程留痕。', source: `${SEED}第三十一条` },
        } as Record<string, { readonly rule: string; readonly source: string }>,
        fields: {
            amount: '金额',
            value: '价值',
            referencePrice: '评估价',
            reserve: '起拍价',
            deposit: '保证金',
            price: '成交价',
            termDays: '期限（日）',
            controlNo: '查控编号',
            round: '轮次',
            outcome: '结果',
            reason: '理由',
            kind: '结案方式',
            measure: '措施',
            propertyKind: '财产类型',
            source: '来源',
            sources: '查询对象',
            serviceId: '送达编号',
            payeePseudonym: '收款人（化名）',
            buyerPseudonym: '买受人（化名）',
            startAt: '开拍时间',
            announcedAt: '公告时间',
        } as Record<string, string>,
    },
};

/** The shape of the record pages' strings in every language. */
export type RecordMessages = typeof recordsZhCN;
