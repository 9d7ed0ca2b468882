/** The court's time zone when none is configured (`COURT_TIME_ZONE`). */
export const DEFAULT_COURT_TIME_ZONE = 'Asia/Shanghai';

/** Throws a RangeError naming `zone` unless the runtime knows it as an IANA time zone. */
export function checkTimeZone(zone: string): string {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
}

/** A ledger instant as a person reads it: wall-clock time in the court's zone, and the UTC instant. */
export interface CourtTime {
    /** `YYYY-MM-DD HH:mm:ss` in `zone`. */
    readonly local: string;
    readonly zone: string;
    /** The instant, ISO 8601 UTC (as recorded). */
    readonly utc: string;
}

/** `iso` (ISO 8601 UTC) in the court's zone, with the UTC instant beside it. */
export function courtTime(iso: string, zone: string): CourtTime {
    const parts = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
    }).formatToParts(new Date(iso));
    const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
    const local = `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
    return { local, zone, utc: new Date(iso).toISOString() };
}
