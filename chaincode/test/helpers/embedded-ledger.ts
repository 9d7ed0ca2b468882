import * as path from 'node:path';
import { expect } from 'chai';
import { LedgerFailure, type Actor } from '@court-ledger/ledger-api';
import type { EmbeddedTransactionProof } from '@court-ledger/ledger-embedded';
import {
    createTestLedger,
    removeTempDirs,
    tempDir,
    type DirectCaller,
    type TestLedger,
} from '@court-ledger/ledger-embedded/testing';
import type { ErrorCode } from '../../src/domain/shared/errors';
import { TEST_COURT } from './cases';

/** The chaincode package directory (this file runs from chaincode/dist/test/helpers). */
const CHAINCODE_MODULE = path.resolve(__dirname, '../../..');

/** What a committed transaction gave back: the parsed result, its id and time, and its block's event. */
export interface Submitted<T> {
    readonly result: T;
    /** The result as the chaincode returned it (UTF-8 text). */
    readonly raw: string;
    readonly txId: string;
    readonly timestamp: string;
    /** The chaincode event the transaction emitted (name and parsed payload), as the index receives it. */
    readonly event: { readonly name: string; readonly payload: unknown } | undefined;
}

/**
 * A client certificate of the ledger's own CA that calls in its own name: no `actor` claim is sent unless the
 * test puts one in the transient fields, so its CN is the principal when its role acts for itself.
 */
export class Certificate {
    /** @internal */
    constructor(
        readonly caller: DirectCaller,
        /** The `actor` claim it sends with every call (a gateway certificate of another court), if any. */
        readonly claim?: Actor,
    ) {}
}

/** Who calls: a principal the organisation's gateway identity acts for, or a certificate in its own name. */
export type Caller = Actor | Certificate;

/** One public state write of a committed transaction, as its block carries it (`value` null: deleted). */
export interface StateWrite {
    readonly key: string;
    readonly value: string | null;
}

/** What a committed transaction wrote: public writes in key order, and the collections of its private writes. */
export interface TxWrites {
    readonly public: readonly StateWrite[];
    /** One collection name per private write (the block holds only hashes of them). */
    readonly private: readonly string[];
    /** State-metadata writes of public keys (e.g. a key-level endorsement policy, `VALIDATION_PARAMETER`). */
    readonly metadata: readonly { readonly key: string; readonly name: string; readonly value: Buffer }[];
}

/** What a submit may add to the proposal. */
export interface SubmitOptions {
    /** Transient fields besides `actor` (name → UTF-8 text, or raw bytes). */
    readonly transient?: Readonly<Record<string, string | Uint8Array>>;
    /** Organisations that must endorse besides the submitting one (a key-level endorsement policy). */
    readonly endorsingOrganizations?: readonly string[];
}

/**
 * The chaincode on the real embedded ledger: every transaction goes through fabric-contract-api's dispatch by
 * `contract:function` with string arguments, is endorsed, ordered and committed (or refused) as in the
 * gateway. The proposal clock is injected, so the transaction time the contracts read is the test's.
 */
export class ContractLedger {
    private now: number;
    /** Every transaction committed through {@link submit}, in order. */
    private readonly committed: string[] = [];

    private constructor(
        private readonly ledger: TestLedger,
        start: Date,
        private readonly clockBox: { now: () => Date },
    ) {
        this.now = start.getTime();
        clockBox.now = () => new Date(this.now);
    }

    /** Opens a fresh ledger in a temporary directory whose clock reads `start` until {@link advance}d. */
    static async open(start = new Date('2024-06-01T08:00:00.000Z')): Promise<ContractLedger> {
        const clockBox = { now: () => start };
        const ledger = await createTestLedger({
            dataDir: tempDir('court-ledger-contracts-'),
            chaincodeModulePath: CHAINCODE_MODULE,
            clock: () => clockBox.now(),
            court: TEST_COURT,
        });
        return new ContractLedger(ledger, start, clockBox);
    }

    /** Moves the clock of later transactions `ms` forward. */
    advance(ms: number): void {
        this.now += ms;
    }

    /** The transaction time the next transaction will read (ISO 8601 UTC). */
    time(): string {
        return new Date(this.now).toISOString();
    }

    /**
     * A certificate issued by the ledger's CA of `org` with `commonName` and Fabric CA attributes `attrs` (none:
     * no role), calling in its own name. CourtMSP certificates carry `court` {@link TEST_COURT} unless given.
     */
    async certificate(
        org: string,
        commonName: string,
        attrs: Readonly<Record<string, string>>,
        claim?: Actor,
    ): Promise<Certificate> {
        const court: Record<string, string> = org === 'CourtMSP' && !('court' in attrs) ? { court: TEST_COURT } : {};
        return new Certificate(await this.ledger.callerFor(org, { commonName, attrs: { ...court, ...attrs } }), claim);
    }

    /** A CourtMSP gateway certificate of court `court` (not {@link TEST_COURT}) acting for `sub` in `role`. */
    gatewayOf(court: string, sub: string, role: string): Promise<Certificate> {
        return this.certificate(
            'CourtMSP',
            `gateway-${court}`,
            { role: 'gateway', court },
            {
                sub,
                role,
                org: 'CourtMSP',
            },
        );
    }

    /** Submits `contract:fn(args…)` for `caller` and waits for its commit; parses the JSON result and event. */
    async submit<T>(
        caller: Caller,
        contract: string,
        fn: string,
        args: readonly string[],
        options: SubmitOptions = {},
    ): Promise<Submitted<T>> {
        const call = {
            contract,
            fn,
            args,
            transient: encode(caller, options.transient ?? {}),
            ...(options.endorsingOrganizations === undefined
                ? {}
                : { endorsingOrganizations: options.endorsingOrganizations }),
        };
        const committed =
            caller instanceof Certificate
                ? await caller.caller.submit(call)
                : await this.ledger.submit({ ...call, actor: caller });
        this.committed.push(committed.txId);
        return {
            result: parse(committed.result) as T,
            raw: Buffer.from(committed.result).toString('utf8'),
            txId: committed.txId,
            timestamp: committed.timestamp,
            event: await this.eventOf(committed.blockNumber, committed.txId),
        };
    }

    /** What transaction `txId` wrote, as its block records it (public values decoded as UTF-8 text). */
    async writes(txId: string): Promise<TxWrites> {
        const { rwset } = (await this.proof(txId)).transaction;
        return {
            public: rwset.writes.map(({ key, value }) => ({ key, value: value === null ? null : decode(value) })),
            private: rwset.collections.flatMap(({ collection, writes }) => writes.map(() => collection)),
            metadata: rwset.metadataWrites.map(({ key, name, value }) => ({
                key,
                name,
                value: Buffer.from(value, 'base64'),
            })),
        };
    }

    /**
     * Everything the blocks carry in clear of the transactions committed so far through {@link submit}: per
     * transaction its arguments, its public writes (key and value) and its event, one line each.
     */
    async publicText(): Promise<string[]> {
        const lines: string[] = [];
        for (const txId of this.committed) {
            const { transaction } = await this.proof(txId);
            lines.push(`${transaction.contract}:${transaction.fn} ${transaction.args.join(' ')}`);
            for (const { key, value } of transaction.rwset.writes) {
                lines.push(`${key} ${value === null ? '' : decode(value)}`);
            }
            if (transaction.event !== null) {
                lines.push(`${transaction.event.name} ${decode(transaction.event.payload)}`);
            }
        }
        return lines;
    }

    /** The number of blocks committed (a refused transaction adds none). */
    async height(): Promise<number> {
        const health = await this.ledger.health();
        return health.height ?? 0;
    }

    private async proof(txId: string): Promise<EmbeddedTransactionProof> {
        return (await this.ledger.transactionProof(txId)) as EmbeddedTransactionProof;
    }

    /**
     * Registers `caseId` (type `civil`) for the court of `clerk` and records `parties` in it, the first as
     * plaintiff, the second as defendant, any further as third parties: parties act only in their own cases.
     */
    async registerCase(clerk: Actor, caseId: string, parties: readonly Actor[]): Promise<void> {
        await this.submit(clerk, 'case', 'register', [caseId, 'civil']);
        const sides = ['plaintiff', 'defendant'];
        for (const [index, party] of parties.entries()) {
            await this.submit(clerk, 'case', 'addParticipant', [caseId, party.sub, sides[index] ?? 'third-party', '']);
        }
    }

    /** Evaluates `contract:fn(args…)` for `caller` (nothing is committed); parses the JSON result. */
    async evaluate<T>(
        caller: Caller,
        contract: string,
        fn: string,
        args: readonly string[],
        transient: Readonly<Record<string, string | Uint8Array>> = {},
    ): Promise<T> {
        const call = { contract, fn, args, transient: encode(caller, transient) };
        const result =
            caller instanceof Certificate
                ? await caller.caller.evaluate(call)
                : await this.ledger.evaluate({ ...call, actor: caller });
        return parse(result) as T;
    }

    /** Closes the ledger and removes every temporary directory. */
    async close(): Promise<void> {
        await this.ledger.close();
        removeTempDirs();
    }

    private async eventOf(blockNumber: number, txId: string): Promise<Submitted<unknown>['event']> {
        const abort = new AbortController();
        try {
            const after =
                blockNumber === 0 ? undefined : { blockNumber: blockNumber - 1, txIndex: Number.MAX_SAFE_INTEGER };
            for await (const block of this.ledger.events(after, abort.signal, { untilHeight: blockNumber + 1 })) {
                const event = block.events.find((candidate) => candidate.txId === txId);
                if (event !== undefined) {
                    return { name: event.name, payload: parse(event.payload) };
                }
            }
            return undefined;
        } finally {
            abort.abort();
        }
    }
}

/** Transient fields as bytes, with a certificate's `actor` claim (a test's own `actor` field wins). */
function encode(caller: Caller, transient: Readonly<Record<string, string | Uint8Array>>): Record<string, Uint8Array> {
    const claim =
        caller instanceof Certificate && caller.claim !== undefined ? { actor: JSON.stringify(caller.claim) } : {};
    const fields = { ...claim, ...transient };
    return Object.fromEntries(
        Object.entries(fields).map(([name, value]) => [name, typeof value === 'string' ? Buffer.from(value) : value]),
    );
}

function decode(base64: string): string {
    return Buffer.from(base64, 'base64').toString('utf8');
}

function parse(bytes: Uint8Array): unknown {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
}

/** Asserts that `promise` is the chaincode's refusal with `code` (a typed `LedgerFailure`); returns it. */
export async function expectRefusal(promise: Promise<unknown>, code: ErrorCode): Promise<LedgerFailure> {
    try {
        await promise;
    } catch (error) {
        expect(error, String(error)).to.be.instanceOf(LedgerFailure);
        const failure = error as LedgerFailure;
        expect(failure.kind, failure.message).to.equal('chaincode');
        expect(failure.code, failure.message).to.equal(code);
        return failure;
    }
    expect.fail(`expected ${code}, but it succeeded`);
}
