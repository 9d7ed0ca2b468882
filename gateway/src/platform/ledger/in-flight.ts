import { LedgerFailure } from './ledger';

/**
 * The calls a ledger has in flight: once closing starts, new calls are refused (`unavailable`), and
 * {@link InFlightCalls.drain} waits for the running ones, so a ledger closes only after its last answer.
 */
export class InFlightCalls {
    private readonly calls = new Set<Promise<unknown>>();
    private closingStarted = false;

    /** @param name what the refusal names, e.g. `Fabric ledger`. */
    constructor(private readonly name: string) {}

    /** True once {@link drain} was called. */
    get closing(): boolean {
        return this.closingStarted;
    }

    /** Runs `call`, or refuses it with `LedgerFailure('unavailable')` once closing. */
    track<T>(call: () => Promise<T>): Promise<T> {
        if (this.closingStarted) {
            return Promise.reject(new LedgerFailure('unavailable', `${this.name} closed`));
        }
        const promise = call();
        this.calls.add(promise);
        const forget = (): void => {
            this.calls.delete(promise);
        };
        promise.then(forget, forget);
        return promise;
    }

    /** Refuses new calls from now on and resolves when every running call has settled; false if already closing. */
    async drain(): Promise<boolean> {
        if (this.closingStarted) {
            return false;
        }
        this.closingStarted = true;
        await Promise.allSettled([...this.calls]);
        return true;
    }
}
