import type { Actor, Committed, Ledger, Proposal } from '@court-ledger/ledger-api';

/** A committed write and what the chaincode returned for it (usually the record after the write). */
export interface Write<R> {
    readonly committed: Committed;
    readonly record: R;
}

/** Parses a chaincode result (canonical JSON); the contract API fixes its shape (docs/architecture.md). */
export function parseResult(bytes: Uint8Array): unknown {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
}

/**
 * Base of the features' typed chaincode clients (features/<name>/client.ts): each subclass is the one place
 * that knows its contracts' function names and argument order; this class submits and evaluates and parses
 * the JSON result, whose shape the contract API fixes.
 */
export abstract class ContractClient {
    constructor(readonly ledger: Ledger) {}

    /** Submits a transaction and parses its result. */
    protected async submit<R>(proposal: Proposal): Promise<Write<R>> {
        const committed = await this.ledger.submit(proposal);
        return { committed, record: parseResult(committed.result) as R };
    }

    /** Evaluates a query and parses its result. */
    protected async evaluate<R>(contract: string, fn: string, args: readonly string[], actor: Actor): Promise<R> {
        return parseResult(await this.ledger.evaluate({ contract, fn, args, actor })) as R;
    }
}
