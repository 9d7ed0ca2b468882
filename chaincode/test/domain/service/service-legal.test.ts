import { expect } from 'chai';
import fc from 'fast-check';
import {
    LEGAL_SERVICE_RULE_IDS,
    SERVICE_EVENT_TYPES,
    type LegalService,
    type ServiceEventEntry,
    type ServiceEventType,
    type ServiceRecord,
} from '../../../src/domain/service/model';
import { LEGAL_SERVICE_RULES, legalService } from '../../../src/domain/service/service-legal';

const T0 = '2024-03-01T08:00:00.000Z';

/** Minute `n` after T0. */
function t(n: number): string {
    return new Date(Date.parse(T0) + n * 60_000).toISOString();
}

function event(type: ServiceEventType, minute: number): ServiceEventEntry {
    return { type, at: t(minute), recordedAt: t(minute), actor: { sub: 'clerk-1', role: 'clerk' }, txId: `tx-${type}` };
}

function record(addressConfirmed: boolean, events: [ServiceEventType, number][]): ServiceRecord {
    return {
        serviceId: `sv_${'0'.repeat(32)}`,
        caseId: 'C-1',
        document: { sha256: 'ab'.repeat(32) },
        documentType: 'summons',
        recipientPseudonym: 'cd'.repeat(32),
        addressHash: 'ef'.repeat(32),
        channel: 'email',
        addressConfirmed,
        status: events.at(-1)?.[0] ?? 'issued',
        issuedBy: { sub: 'clerk-1', role: 'clerk' },
        issuedAt: T0,
        txId: 'tx-issue',
        events: [event('issued', 0), ...events.map(([type, minute]) => event(type, minute))],
    };
}

type Case = [name: string, confirmed: boolean, events: [ServiceEventType, number][], expected: LegalService];

const served = (minute: number, rule: LegalService['rule']): LegalService => ({
    status: 'served',
    servedAt: t(minute),
    rule,
});
const RULE1 = 'art26-designated-address-delivered';
const RULE2 = 'art26-acknowledged-or-replied';
const NOT_SERVED: LegalService = { status: 'not-served', rule: 'not-served' };
const CANCELLED: LegalService = { status: 'not-served', rule: 'cancelled' };

const CASES: Case[] = [
    // One case per rule.
    [
        'rule 1: confirmed address, delivered',
        true,
        [
            ['sent', 1],
            ['delivered', 2],
        ],
        served(2, RULE1),
    ],
    [
        'rule 2: acknowledged',
        false,
        [
            ['sent', 1],
            ['delivered', 2],
            ['acknowledged', 9],
        ],
        served(9, RULE2),
    ],
    ['rule 2: replied', false, [['replied', 5]], served(5, RULE2)],
    [
        'rule 3: read only → presumed',
        false,
        [
            ['delivered', 2],
            ['read', 4],
        ],
        { status: 'presumed', servedAt: t(4), rule: 'art26-read-presumed' },
    ],
    [
        'rule 4: nothing → not served',
        false,
        [
            ['sent', 1],
            ['delivered', 2],
        ],
        NOT_SERVED,
    ],
    [
        'cancelled before service',
        true,
        [
            ['sent', 1],
            ['cancelled', 2],
        ],
        CANCELLED,
    ],
    // Edge cases.
    ['issued only', false, [], NOT_SERVED],
    ['issued only, confirmed address', true, [], NOT_SERVED],
    [
        'delivery-failed after delivered keeps service',
        true,
        [
            ['delivered', 2],
            ['delivery-failed', 3],
        ],
        served(2, RULE1),
    ],
    [
        'delivery-failed only',
        true,
        [
            ['sent', 1],
            ['delivery-failed', 2],
        ],
        NOT_SERVED,
    ],
    [
        'confirmed address but only read → presumed',
        true,
        [
            ['sent', 1],
            ['read', 3],
        ],
        { status: 'presumed', servedAt: t(3), rule: 'art26-read-presumed' },
    ],
    [
        'ack before delivered, confirmed address → earliest (rule 2)',
        true,
        [
            ['acknowledged', 2],
            ['delivered', 5],
        ],
        served(2, RULE2),
    ],
    [
        'delivered before ack, confirmed address → earliest (rule 1)',
        true,
        [
            ['delivered', 2],
            ['acknowledged', 5],
        ],
        served(2, RULE1),
    ],
    [
        'delivered and ack at the same time → rule 1 (first row)',
        true,
        [
            ['delivered', 3],
            ['acknowledged', 3],
        ],
        served(3, RULE1),
    ],
    [
        'unconfirmed address: delivered does not serve, ack does',
        false,
        [
            ['delivered', 1],
            ['acknowledged', 4],
        ],
        served(4, RULE2),
    ],
    [
        'ack or reply, whichever first',
        false,
        [
            ['replied', 7],
            ['acknowledged', 8],
            ['replied', 9],
        ],
        served(7, RULE2),
    ],
    [
        'read then acknowledged → served at ack, not presumed',
        false,
        [
            ['read', 2],
            ['acknowledged', 6],
        ],
        served(6, RULE2),
    ],
    [
        'first delivered by time, not by position',
        true,
        [
            ['delivered', 8],
            ['delivered', 3],
        ],
        served(3, RULE1),
    ],
    [
        'first read by time',
        false,
        [
            ['read', 9],
            ['read', 4],
        ],
        { status: 'presumed', servedAt: t(4), rule: 'art26-read-presumed' },
    ],
    [
        'served then cancelled stays served',
        true,
        [
            ['delivered', 2],
            ['cancelled', 5],
        ],
        served(2, RULE1),
    ],
    [
        'acknowledged then cancelled stays served',
        false,
        [
            ['acknowledged', 2],
            ['cancelled', 5],
        ],
        served(2, RULE2),
    ],
    [
        'read then cancelled stays presumed',
        false,
        [
            ['read', 2],
            ['cancelled', 5],
        ],
        { status: 'presumed', servedAt: t(2), rule: 'art26-read-presumed' },
    ],
    [
        'served at the very moment of cancellation stays served',
        true,
        [
            ['delivered', 5],
            ['cancelled', 5],
        ],
        served(5, RULE1),
    ],
    [
        'an event dated after the cancellation does not count',
        true,
        [
            ['cancelled', 3],
            ['delivered', 4],
        ],
        CANCELLED,
    ],
    [
        'cancelled after a download: the download is evidence of receipt, so service stays presumed',
        false,
        [
            ['sent', 1],
            ['downloaded', 2],
            ['cancelled', 3],
        ],
        { status: 'presumed', servedAt: t(2), rule: 'art26-read-presumed' },
    ],
    [
        'cancelled with only sent',
        false,
        [
            ['sent', 1],
            ['cancelled', 3],
        ],
        CANCELLED,
    ],
    [
        'rule 3: a download without opening the service first is evidence of receipt → presumed',
        false,
        [
            ['delivered', 1],
            ['downloaded', 2],
        ],
        { status: 'presumed', servedAt: t(2), rule: 'art26-read-presumed' },
    ],
    [
        'rule 3: the first of read and downloaded',
        false,
        [
            ['read', 6],
            ['downloaded', 3],
        ],
        { status: 'presumed', servedAt: t(3), rule: 'art26-read-presumed' },
    ],
];

describe('legalService', () => {
    for (const [name, confirmed, events, expected] of CASES) {
        it(name, () => {
            expect(legalService(record(confirmed, events))).to.deep.equal(expected);
        });
    }

    it('has a table row with a source for every rule id, in the documented order', () => {
        expect(LEGAL_SERVICE_RULES.map((row) => row.rule)).to.deep.equal([...LEGAL_SERVICE_RULE_IDS]);
        for (const row of LEGAL_SERVICE_RULES) {
            expect(row.source).not.to.match(/design brief/i);
            // Every rule names an instrument with its year and an article.
            expect(row.source).to.match(/(Law|Rules|Measures)[^;]*\((19|20)\d\d[^)]*\), Art\. \d+/);
            expect(row.when).to.not.equal('');
        }
        const cited = LEGAL_SERVICE_RULES.filter((row) => row.rule.startsWith('art26-'));
        expect(cited.every((row) => row.source.includes('Art. 26'))).to.equal(true);
    });

    it('does not depend on the order events were recorded in, and dates service at an event', () => {
        const types = SERVICE_EVENT_TYPES.filter((type) => type !== 'issued' && type !== 'cancelled');
        const events = fc.array(fc.tuple(fc.constantFrom(...types), fc.integer({ min: 1, max: 50 })), {
            maxLength: 8,
        });
        fc.assert(
            fc.property(fc.boolean(), events, (confirmed, list) => {
                const forward = legalService(record(confirmed, list));
                const backward = legalService(record(confirmed, [...list].reverse()));
                expect(backward).to.deep.equal(forward);
                if (forward.servedAt !== undefined) {
                    expect(list.map(([, minute]) => t(minute))).to.include(forward.servedAt);
                } else {
                    expect(forward).to.deep.equal(NOT_SERVED);
                }
            }),
        );
    });
});
