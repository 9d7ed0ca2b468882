import type {
    LegalService,
    LegalServiceRule,
    LegalServiceStatus,
    ServiceEventEntry,
    ServiceEventType,
    ServiceRecord,
} from './model';

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

/** The instruments the rules apply (../shared/legal-rules.md): name, year, article. */
export const LEGAL_SOURCES = {
    civilProcedureLaw: 'Civil Procedure Law of the PRC (2023 amendment), Art. 90',
    pilotMeasures: 'SPC Pilot Measures on Simplifying Civil Procedure (2020), Art. 26',
    onlineLitigationRules: 'SPC Online Litigation Rules (2021)',
    onlineOperationRules: "SPC Online Operation Rules of the People's Courts (2022), Art. 26",
} as const;

const TWO_TRACK = `${LEGAL_SOURCES.pilotMeasures}; ${LEGAL_SOURCES.onlineLitigationRules}, two-track rule for electronic service`;

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
        source: `${LEGAL_SOURCES.civilProcedureLaw} (served on the date the document reaches the recipient's specific system); ${TWO_TRACK} (1: an address provided or confirmed by the recipient); ${LEGAL_SOURCES.onlineOperationRules}`,
        servedAt: (record, events) => (record.addressConfirmed ? earliest(events, ['delivered']) : undefined),
    },
    {
        rule: 'art26-acknowledged-or-replied',
        status: 'served',
        when: 'an acknowledged or replied event exists: the first of them',
        source: `${TWO_TRACK} (2: otherwise served when the recipient replies that it received the material or acts on it); ${LEGAL_SOURCES.onlineOperationRules}`,
        servedAt: (_record, events) => earliest(events, ['acknowledged', 'replied']),
    },
    {
        rule: 'art26-read-presumed',
        status: 'presumed',
        when: 'no served rule applies and a read or downloaded event exists: the first of them (rebuttable: the recipient may prove a system error, an address it does not use, or that someone else read it)',
        source: `${TWO_TRACK} (3: presumed served when the recipient's system shows it was read, or other evidence such as a download shows receipt; rebuttable); ${LEGAL_SOURCES.onlineOperationRules}`,
        servedAt: (_record, events) => earliest(events, ['read', 'downloaded']),
    },
    {
        rule: 'cancelled',
        status: 'not-served',
        when: 'cancelled before any rule above applied',
        source: `${LEGAL_SOURCES.civilProcedureLaw}; ${TWO_TRACK}: none of their conditions of service was met before the court cancelled the service`,
        servedAt: () => undefined,
    },
    {
        rule: 'not-served',
        status: 'not-served',
        when: 'none of the above',
        source: `${LEGAL_SOURCES.civilProcedureLaw}; ${TWO_TRACK}: none of their conditions of service is met`,
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
 * `presumed` with the moment of the first read or download, or `not-served` (rule `cancelled` or `not-served`). Pure; the
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
