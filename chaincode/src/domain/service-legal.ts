import type { LegalService, ServiceEventEntry, ServiceRecord } from './records';
import type { ServiceEventType } from './service-validation';

/** Legal status of service: served, presumed served (rebuttable by the recipient), not served. */
export const LEGAL_SERVICE_STATUSES = ['served', 'presumed', 'not-served'] as const;

/** A {@link LegalService} status. */
export type LegalServiceStatus = (typeof LEGAL_SERVICE_STATUSES)[number];

/** Identifiers of the rules that can decide the legal date of service. */
export const LEGAL_SERVICE_RULE_IDS = [
    'art26-designated-address-delivered',
    'art26-acknowledged-or-replied',
    'art26-read-presumed',
    'cancelled',
    'not-served',
] as const;

/** A {@link LegalService} rule id. */
export type LegalServiceRule = (typeof LEGAL_SERVICE_RULE_IDS)[number];

/** One row of {@link LEGAL_SERVICE_RULES}. */
export interface LegalServiceRuleInfo {
    readonly rule: LegalServiceRule;
    readonly status: LegalServiceStatus;
    /** When it applies, and the moment it gives. */
    readonly when: string;
    /** Where the rule comes from. */
    readonly source: string;
    /** The moment of service this rule gives for the counted events, or undefined when it does not apply. */
    readonly servedAt: (record: ServiceRecord, events: readonly ServiceEventEntry[]) => string | undefined;
}

const BRIEF = 'design brief "Service of a document"';

/**
 * The rules, in order. Among the `served` rules that apply the earliest moment wins (on a tie, the earlier
 * row); `presumed` applies only when no `served` rule does; then `cancelled` / `not-served`.
 * Events count only when dated at or before the cancellation, if any ("service already effective stays
 * effective"; the contract refuses a cancellation dated before an event already recorded).
 * "First" means the earliest `at` (events may be reported out of order).
 */
export const LEGAL_SERVICE_RULES: readonly LegalServiceRuleInfo[] = [
    {
        rule: 'art26-designated-address-delivered',
        status: 'served',
        when: 'the recipient designated or confirmed the address and a delivered event exists: the first delivered',
        source: `${BRIEF}: "address designated/confirmed by the recipient → served when it first reached the recipient's system (delivered)"; Art. 26 (service to the electronic addresses the court records)`,
        servedAt: (record, events) => (record.addressConfirmed ? earliest(events, ['delivered']) : undefined),
    },
    {
        rule: 'art26-acknowledged-or-replied',
        status: 'served',
        when: 'an acknowledged or replied event exists: the first of them',
        source: `${BRIEF}: "otherwise → served at the first acknowledged or replied"; Art. 26 (recipients sign for documents served online; service receipts recorded)`,
        servedAt: (_record, events) => earliest(events, ['acknowledged', 'replied']),
    },
    {
        rule: 'art26-read-presumed',
        status: 'presumed',
        when: 'no served rule applies and a read event exists: the first read (rebuttable)',
        source: `${BRIEF}: "a read alone gives a presumed service date that the recipient may rebut"; Art. 26 (recipients refer to documents online)`,
        servedAt: (_record, events) => earliest(events, ['read']),
    },
    {
        rule: 'cancelled',
        status: 'not-served',
        when: 'cancelled before any rule above applied',
        source: `${BRIEF}: event cancelled; docs/service-of-process.md ("cancelled before service → not served")`,
        servedAt: () => undefined,
    },
    {
        rule: 'not-served',
        status: 'not-served',
        when: 'none of the above',
        source: `${BRIEF}: "nothing → not served"`,
        servedAt: () => undefined,
    },
];

function earliest(events: readonly ServiceEventEntry[], types: readonly ServiceEventType[]): string | undefined {
    let found: string | undefined;
    for (const event of events) {
        if (types.includes(event.type) && (found === undefined || event.at < found)) {
            found = event.at;
        }
    }
    return found;
}

function decide(
    record: ServiceRecord,
    events: readonly ServiceEventEntry[],
    status: LegalServiceStatus,
): LegalService | undefined {
    let best: LegalService | undefined;
    for (const row of LEGAL_SERVICE_RULES.filter((candidate) => candidate.status === status)) {
        const servedAt = row.servedAt(record, events);
        if (servedAt !== undefined && (best?.servedAt === undefined || servedAt < best.servedAt)) {
            best = { status, servedAt, rule: row.rule };
        }
    }
    return best;
}

/**
 * The legal date of service of `record` (Art. 26), by {@link LEGAL_SERVICE_RULES}: `served` with the moment,
 * `presumed` with the moment of the first read, or `not-served` (rule `cancelled` or `not-served`). Pure; the
 * same record always gives the same answer. Times are compared as text (all are `isoTimestamp` spellings).
 */
export function legalService(record: ServiceRecord): LegalService {
    const cancelledAt = earliest(record.events, ['cancelled']);
    const counted =
        cancelledAt === undefined ? record.events : record.events.filter((event) => event.at <= cancelledAt);
    const decided = decide(record, counted, 'served') ?? decide(record, counted, 'presumed');
    if (decided !== undefined) {
        return decided;
    }
    return { status: 'not-served', rule: cancelledAt === undefined ? 'not-served' : 'cancelled' };
}
