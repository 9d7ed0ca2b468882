/**
 * Exit codes of `court-ledger` (README "Walkthrough"): 0 done / receipt valid, 1 receipt (or ledger)
 * invalid, 2 usage or other error, 3 receipt signature valid but its signer not pinned (`--trust`,
 * `--fingerprint`), 4 a receipt is still pending (fetch it again, or `anchor --wait` longer).
 */
export const EXIT_CODES = { ok: 0, invalid: 1, error: 2, unpinned: 3, pending: 4 } as const;

/** Chinese first, then English: the two lines a person reads. */
export function bilingual(zh: string, en: string): string {
    return `${zh}\n${en}`;
}

/** A command that ends with a defined exit code other than 2 (the main catch uses {@link exitCodeOf}). */
export class CliExit extends Error {
    constructor(
        message: string,
        readonly exitCode: number,
    ) {
        super(message);
    }
}

/** The exit code for an error that ended a command: a {@link CliExit}'s own code, else 2. */
export function exitCodeOf(error: unknown): number {
    return error instanceof CliExit ? error.exitCode : EXIT_CODES.error;
}
