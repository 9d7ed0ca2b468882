import { SEED_ARTICLE_TEXT, type RecordMessages } from './records.zh-CN';

/** English: the strings of the record pages (the service certificate, the enforcement timeline). */

const SEED = "SPC Online Operation Rules of the People's Courts (2022)";
const CPL = 'Civil Procedure Law of the PRC (2023 amendment), Art. 90';
const TWO_TRACK =
    'SPC Pilot Measures on Simplifying Civil Procedure (2020), Art. 26; SPC Online Litigation Rules (2021)';
const AUCTIONS = 'SPC Provisions on Online Judicial Auctions (2016)';
const CONTROLS =
    'SPC Provisions on Seizure, Detention and Freezing of Property in Civil Enforcement (2004, amended 2020)';
const DISHONEST = 'SPC Provisions on Publishing the List of Dishonest Judgment Debtors (2013, amended 2017)';

export const recordsEn: RecordMessages = {
    yes: 'yes',
    no: 'no',
    seedQuoteNote: '(official English translation)',
    seedText: SEED_ARTICLE_TEXT,
    certificate: {
        title: 'Certificate of electronic service',
        generated: 'Generated at {time} from the court ledger ({mode}, channel {channel}).',
        conclusion: 'Result of service',
        statuses: {
            served: 'Served',
            presumed: 'Presumed served (the recipient may rebut it)',
            'not-served': 'Not served',
        },
        servedAt: 'Served at',
        rule: 'Rule applied',
        ruleSays: 'What the rule says',
        source: 'Source',
        seedTitle: `${SEED}, Art. 26`,
        seedSummary:
            'Recipients may view, receive, download and sign for served documents online through the court platforms; the whole course of online service is traceable.',
        rules: {
            'art26-designated-address-delivered': {
                when: 'The recipient provided or confirmed the address and the document reached that address’s system: served when it first arrived.',
                source: `${CPL} (served on the date the document reaches the recipient's specific system); ${TWO_TRACK} (an address provided or confirmed by the recipient); ${SEED}, Art. 26`,
            },
            'art26-acknowledged-or-replied': {
                when: 'The recipient replied that it received the document, or acted on it: served at the first reply or acknowledgement.',
                source: `${TWO_TRACK} (served when the recipient confirms receipt or acts on it); ${SEED}, Art. 26`,
            },
            'art26-read-presumed': {
                when: 'No other ground applies but the system shows the recipient read or downloaded it: presumed served at the first read or download, unless the recipient proves a system error, an address it does not use, or that someone else read it.',
                source: `${TWO_TRACK} (presumed served when the system reports it read or other evidence shows receipt; rebuttable); ${SEED}, Art. 26`,
            },
            cancelled: {
                when: 'The court cancelled the service before any condition of service was met.',
                source: `${CPL}; ${TWO_TRACK}: no condition of service was met before the cancellation`,
            },
            'not-served': {
                when: 'No condition of service is met.',
                source: `${CPL}; ${TWO_TRACK}: no condition of service is met`,
            },
        },
        service: 'Service',
        serviceId: 'Service id',
        caseId: 'Case',
        documentType: 'Document type',
        recipient: 'Recipient (pseudonym)',
        addressHash: 'Address reference (salted hash)',
        addressConfirmed: 'Address provided or confirmed by the recipient',
        channel: 'Channel',
        channels: { email: 'E-mail', platform: 'Court service platform' },
        issuedBy: 'Issued by',
        issuedAt: 'Issued at',
        issuingTx: 'Issuing transaction',
        inBlock: '{txId} (block {block})',
        status: 'Current status',
        events: 'Course of service',
        columns: ['#', 'Event', 'At', 'Recorded', 'By', 'Detail', 'Transaction', 'Block'],
        eventTypes: {
            issued: 'Issued',
            sent: 'Sent',
            delivered: 'Delivered',
            'delivery-failed': 'Delivery failed',
            read: 'Read',
            downloaded: 'Downloaded',
            acknowledged: 'Acknowledged',
            replied: 'Replied',
            cancelled: 'Cancelled',
        },
        recipientActor: 'recipient {pseudonym}',
        attestation: 'attestation: {value}',
        key: 'key {value}',
    },
    timeline: {
        title: 'Enforcement timeline: {caseId}',
        intro: 'Every step of the enforcement case is on the court ledger, with its transaction, its block and the rule it was checked against.',
        status: 'Case status',
        statuses: {
            open: 'Open',
            performed: 'Performed in full',
            'terminated-this-round': 'Terminated for this round',
            terminated: 'Terminated',
            'not-enforced': 'Not enforced',
        },
        seedTitle: `${SEED}, Art. 31`,
        seedSummary:
            'Courts handle the whole enforcement process online, traceable throughout and supervised at every level, including property checks and controls, valuation, auctions and sales, payouts and sanctions for dishonesty.',
        columns: ['#', 'Step', 'Time', 'By', 'Content', 'Transaction', 'Block', 'Rule checked and source'],
        automatic: 'Automatic (smart contract): {trigger}',
        steps: {
            notice: 'Enforcement notice',
            'property-inquiry': 'Property inquiry',
            control: 'Seizure, detention or freezing',
            'renew-control': 'Control renewed',
            release: 'Control released',
            valuation: 'Valuation',
            'auction-listed': 'Online auction listed',
            'auction-result': 'Auction result',
            'sale-at-price': 'Sale at a price',
            'payment-in': 'Payment into the case account',
            payout: 'Payout',
            'trust-breaking-add': 'Listed as dishonest debtor',
            'trust-breaking-remove': 'Removed from the dishonest list',
            'consumption-restriction-add': 'Consumption restricted',
            'consumption-restriction-remove': 'Consumption restriction lifted',
            conclude: 'Case concluded',
        },
        roleRule: 'the recorder’s role and the case status must fit the enforcement step table',
        rules: {
            notice: { rule: 'The notice is served electronically and traceable.', source: `${SEED}, Art. 26, 31` },
            'property-inquiry': {
                rule: 'Property inquired into online; results kept as a digest.',
                source: `${SEED}, Art. 31`,
            },
            control: {
                rule: 'Controls cover only the debt and costs, never clearly more; terms: deposits ≤ 1 year, movables ≤ 2 years, real estate and other rights ≤ 3 years.',
                source: `${CONTROLS}, Art. 19, 29`,
            },
            'renew-control': {
                rule: 'Renewed before expiry, each time for at most the same term.',
                source: `${CONTROLS}, Art. 29`,
            },
            release: { rule: 'Controls in excess must be released.', source: `${CONTROLS}, Art. 19` },
            valuation: {
                rule: 'The valuation is the reference for the starting price.',
                source: `${AUCTIONS}, Art. 10`,
            },
            'auction-listed': {
                rule: 'Starting price ≥ 70 % of the valuation, a re-auction cut ≤ 20 %; announced 15 days (movables) or 30 days (real estate) ahead, 7/15 for a re-auction; deposit 5 %–20 % of the starting price.',
                source: `${AUCTIONS}, Art. 10, 12, 17, 26`,
            },
            'auction-result': {
                rule: 'Sold at or above the starting price; one re-auction after a failed round.',
                source: `${AUCTIONS}, Art. 10, 26`,
            },
            'sale-at-price': {
                rule: 'Only after two online rounds went unsold, on the same platform.',
                source: `${AUCTIONS}, Art. 26`,
            },
            'payment-in': {
                rule: 'One account per case; no more than what is outstanding.',
                source: 'one account per enforcement case',
            },
            payout: {
                rule: 'Paid only to the entitled creditor, never more than the balance.',
                source: 'one account per enforcement case',
            },
            'trust-breaking-add': {
                rule: 'One of the statutory grounds; listed 2 years, extendable 1–3 years in serious cases.',
                source: `${DISHONEST}, Art. 1, 2`,
            },
            'trust-breaking-remove': {
                rule: 'A statutory ground for removal (performed, settlement performed, case concluded, period ended).',
                source: `${DISHONEST}, Art. 10`,
            },
            'consumption-restriction-add': {
                rule: 'A sanction for dishonesty taken online.',
                source: `${SEED}, Art. 31`,
            },
            'consumption-restriction-remove': {
                rule: 'The sanction lifted as the law provides.',
                source: `${SEED}, Art. 31`,
            },
            conclude: { rule: 'Concluded by a judge, the whole course on record.', source: `${SEED}, Art. 31` },
        },
        fields: {
            amount: 'Amount',
            value: 'Value',
            referencePrice: 'Valuation',
            reserve: 'Starting price',
            deposit: 'Deposit',
            price: 'Price',
            termDays: 'Term (days)',
            controlNo: 'Control no.',
            round: 'Round',
            outcome: 'Outcome',
            reason: 'Reason',
            kind: 'Conclusion',
            measure: 'Measure',
            propertyKind: 'Property kind',
            source: 'Source',
            sources: 'Inquired at',
            serviceId: 'Service id',
            payeePseudonym: 'Payee (pseudonym)',
            buyerPseudonym: 'Buyer (pseudonym)',
            startAt: 'Auction starts',
            announcedAt: 'Announced',
        },
    },
};
