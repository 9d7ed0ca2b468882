import { LedgerFailure, type Actor, type Committed, type Ledger, type Proposal } from '@court-ledger/ledger-api';
import {
    agreementArgument,
    caseArgument,
    chainAgreementId,
    chainCaseId,
    type AgreementArgument,
    type CaseArgument,
} from '../pseudonyms/case-numbers';
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
        const argument = caseArgument(this.pepper, caseNumber);
        this.named.set(argument.caseId, caseNumber);
        return argument;
    }

    /** The id the ledger knows a case by (for reads and for writes on an existing case). */
    protected chainCaseId(caseNumber: string): string {
        const caseId = chainCaseId(this.pepper, caseNumber);
        this.named.set(caseId, caseNumber);
        return caseId;
    }

    /** A clear agreement id as `createAgreement` takes it: its key and the `caseNumber` transient (courtPrivate). */
    protected agreementArgument(agreementId: string): AgreementArgument {
        const argument = agreementArgument(this.pepper, agreementId);
        this.named.set(argument.agreementId, agreementId);
        return argument;
    }

    /** The id the ledger knows an agreement by (for the terms the parties sign, and for later calls). */
    protected chainAgreementId(agreementId: string): string {
        const key = chainAgreementId(this.pepper, agreementId);
        this.named.set(key, agreementId);
        return key;
    }

    /** Submits a transaction and parses its result. */
    protected async submit<R>(proposal: Proposal): Promise<Write<R>> {
        const committed = await this.inClear(this.ledger.submit(proposal), proposal.args);
        return { committed, record: parseResult(committed.result) as R };
    }

    /** Evaluates a query and parses its result. */
    protected async evaluate<R>(contract: string, fn: string, args: readonly string[], actor: Actor): Promise<R> {
        return parseResult(await this.inClear(this.ledger.evaluate({ contract, fn, args, actor }), args)) as R;
    }

    /** Case keys this client made from clear numbers (bounded: only for naming them in refusals). */
    private readonly named = new Map<string, string>();

    /**
     * A refusal names the case the caller named: the chaincode's message holds the case key of the call's
     * arguments, put back in clear here (from the number the caller gave, never looked up, so an unknown case
     * and another's read alike).
     */
    private async inClear<T>(call: Promise<T>, args: readonly string[]): Promise<T> {
        try {
            return await call;
        } catch (error) {
            if (!(error instanceof LedgerFailure) || !error.message.includes('ck_')) {
                throw error;
            }
            let { message, reason } = error;
            for (const arg of args) {
                const clear = this.named.get(arg);
                if (clear !== undefined) {
                    message = message.split(arg).join(clear);
                    reason = reason.split(arg).join(clear);
                }
            }
            throw new LedgerFailure(error.kind, message, {
                txId: error.txId,
                code: error.code,
                field: error.field,
                reason,
                validationCode: error.validationCode,
                details: error.details,
                cause: error.cause,
            });
        } finally {
            if (this.named.size > NAMED_LIMIT) {
                this.named.clear();
            }
        }
    }
}

/** Most case keys a client remembers for naming them in refusals. */
const NAMED_LIMIT = 10_000;
