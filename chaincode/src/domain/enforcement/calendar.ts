/** Calendar arithmetic on transaction times (ISO 8601 UTC with milliseconds), pure and deterministic. */

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;

/** `at` plus `days` whole days of 24 hours. */
export function addDays(at: string, days: number): string {
    return new Date(Date.parse(at) + days * DAY_MS).toISOString();
}

/**
 * The same instant `years` calendar years after `at` (UTC). 29 February maps to 28 February in a common
 * year, so the result is never later than a full calendar year per year added.
 */
export function addYears(at: string, years: number): string {
    const date = new Date(at);
    const month = date.getUTCMonth();
    date.setUTCFullYear(date.getUTCFullYear() + years);
    if (date.getUTCMonth() !== month) {
        date.setUTCDate(0); // rolled into March: back to the last day of February
    }
    return date.toISOString();
}
