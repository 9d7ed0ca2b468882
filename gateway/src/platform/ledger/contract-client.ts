import type { Actor, Committed, Ledger, Proposal } from '@court-ledger/ledger-api';
import { caseArgument, chainCaseId, type CaseArgument } from '../pseudonyms/case-numbers';
import type { Pepper } from '../pseudonyms/pepper';

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
    /**
     * @param ledger - the gateway's ledger (its `PrivacyLedger`, which pseudonymises every actor)
     * @param pepper - the court pepper, for case keys and the pseudonyms of principals named in arguments
     */
    constructor(
        readonly ledger: Ledger,
        protected readonly pepper: Pepper,
    ) {}

    /** A clear case number as a write takes it: the case key and the `caseNumber` transient (courtPrivate). */
    protected caseArgument(caseNumber: string): CaseArgument {
        return caseArgument(this.pepper, caseNumber);
    }

    /** The id the ledger knows a case by (for reads and for writes on an existing case). */
    protected chainCaseId(caseNumber: string): string {
        return chainCaseId(this.pepper, caseNumber);
    }

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
