/** One benchmark figure, printed next to its same-run baseline. */
export interface BenchResult {
    readonly name: string;
    readonly value: number;
    readonly unit: string;
    /** The same-run baseline, in the same unit. */
    readonly baseline?: number;
    /** value / baseline (or baseline / value for times, so that bigger is always better), when meaningful. */
    readonly ratio?: number;
    /** The goal, in words, e.g. "≥ 0.9". */
    readonly goal?: string;
    readonly note?: string;
}

function fmt(n: number): string {
    return n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3);
}

/** Prints results as an aligned table. */
export function printResults(results: readonly BenchResult[]): void {
    for (const r of results) {
        const baseline = r.baseline === undefined ? '' : `  baseline ${fmt(r.baseline)} ${r.unit}`;
        const ratio = r.ratio === undefined ? '' : `  ratio ${r.ratio.toFixed(2)}`;
        const goal = r.goal === undefined ? '' : `  (goal ${r.goal})`;
        const note = r.note === undefined ? '' : `  — ${r.note}`;
        console.log(`${r.name.padEnd(52)} ${fmt(r.value).padStart(10)} ${r.unit}${baseline}${ratio}${goal}${note}`);
    }
}

/** The p-th percentile (0–100, nearest rank) of ascending `sorted` values; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
