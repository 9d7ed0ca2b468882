/**
 * Polls `probe` until it returns a value (not undefined), then returns it; throws naming `what` after
 * `timeoutMs`. For conditions the system reaches by itself (an outage ending, a receipt appearing).
 */
export async function eventually<T>(
    probe: () => Promise<T | undefined>,
    what: string,
    timeoutMs = 60_000,
    intervalMs = 100,
): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value !== undefined) {
            return value;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
}
