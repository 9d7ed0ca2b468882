/**
 * The one interface between the gateway and a ledger. Everything above it (routes, index, batching,
 * receipts) is identical whether the chaincode runs in-process (embedded) or on Fabric peers.
 */

/** Who is acting, as authenticated by the gateway (JWT claims `sub`, `role`, `org`). */
export interface Actor {
    readonly sub: string;
    readonly role: string;
    readonly org: string;
}

export type LedgerMode = 'embedded' | 'fabric';

/** A transaction proposal: `contract:function(args…)` on behalf of `actor`. */
export interface Proposal {
    /** Contract name as registered in the chaincode, e.g. `evidence`. */
    readonly contract: string;
    /** Transaction function name, e.g. `submit`. */
    readonly fn: string;
    /** String arguments; objects are passed as canonical JSON. */
    readonly args: readonly string[];
    /** The principal on whose behalf the gateway submits (sent as the `actor` transient field). */
    readonly actor: Actor;
    /** Extra private inputs (never written to a block), e.g. personal data for a private data collection. */
    readonly transient?: Readonly<Record<string, Uint8Array>>;
    /**
     * MSP ids of organisations that must endorse `submit` besides the submitting one (`actor.org`), e.g.
     * `['AgencyMSP', 'CourtMSP']` for agency actions on a letter of guarantee whose key carries a key-level
     * endorsement policy (guarantees.md). Duplicates and the submitting organisation are endorsed once.
     * Embedded mode endorses with each organisation's identity it holds and refuses an organisation it does
     * not know with `LedgerFailure('endorsement-policy')` before ordering; `evaluate` ignores this field.
     */
    readonly endorsingOrganizations?: readonly string[];
}

/** What a committed transaction returns. */
export interface Committed {
    readonly txId: string;
    readonly blockNumber: number;
    /** Transaction timestamp (ISO 8601, UTC), the same value the chaincode saw. */
    readonly timestamp: string;
    /** The chaincode's return value (bytes; JSON for every court-ledger transaction). */
    readonly result: Uint8Array;
}

/** A chaincode event, delivered after its block committed, in ledger order. */
export interface LedgerEvent {
    readonly blockNumber: number;
    /** Position of the transaction inside its block. */
    readonly txIndex: number;
    readonly txId: string;
    readonly timestamp: string;
    readonly name: string;
    readonly payload: Uint8Array;
}

/** Where an event stream resumes: strictly after this (block, tx) position; undefined = from the genesis. */
export interface EventCheckpoint {
    readonly blockNumber: number;
    readonly txIndex: number;
}

/** Options of {@link Ledger.events}. */
export interface EventStreamOptions {
    /**
     * End the stream (instead of waiting for live blocks) once every block below this height was read:
     * the start-up catch-up reads exactly the blocks committed when it began.
     */
    readonly untilHeight?: number;
}

/**
 * Evidence that a transaction is on the ledger, checkable offline by a third party (goes into receipts).
 * The shape depends on the mode; `court-ledger verify-receipt` knows both.
 */
export interface TransactionProof {
    readonly mode: LedgerMode;
    readonly channel: string;
    readonly txId: string;
    readonly blockNumber: number;
    readonly timestamp: string;
    readonly [extra: string]: unknown;
}

export interface LedgerHealth {
    readonly ok: boolean;
    readonly mode: LedgerMode;
    readonly height?: number;
    readonly message?: string;
}

export interface Ledger {
    readonly mode: LedgerMode;
    readonly channel: string;
    /** Endorse, order and commit; resolves once committed, rejects with a {@link LedgerFailure} otherwise. */
    submit(proposal: Proposal): Promise<Committed>;
    /** Run a query transaction without committing. */
    evaluate(proposal: Proposal): Promise<Uint8Array>;
    /**
     * Chaincode events after `after`, first those already committed, then live ones, until `signal` aborts
     * (or, with `untilHeight`, until the blocks below that height were read).
     */
    events(
        after: EventCheckpoint | undefined,
        signal: AbortSignal,
        options?: EventStreamOptions,
    ): AsyncIterable<LedgerEvent>;
    /**
     * Lower-case hex hash of block `blockNumber`'s header (what the next block's `previousHash` holds);
     * undefined at or past the height. The index stores the hash of the last block it projected, so a
     * ledger rolled back or replaced under it is noticed at start.
     */
    blockHash(blockNumber: number): Promise<string | undefined>;
    /** Offline-checkable proof of a committed transaction; an unknown `txId` → `LedgerFailure('not-found')`. */
    transactionProof(txId: string): Promise<TransactionProof>;
    health(): Promise<LedgerHealth>;
    close(): Promise<void>;
}

/** Why a ledger call failed, independent of the mode. */
export type LedgerFailureKind =
    /** The chaincode refused (message carries a stable code, e.g. `INVALID_TRANSITION: …`). */
    | 'chaincode'
    /** Validation rejected the transaction because a read was stale (MVCC read conflict); safe to retry. */
    | 'mvcc-conflict'
    /** Endorsement policy not satisfied at commit. */
    | 'endorsement-policy'
    /** The ledger could not be reached (peer down, timeout). */
    | 'unavailable'
    /** The ledger holds no such thing (e.g. an unknown transaction id for a proof). */
    | 'not-found';

export class LedgerFailure extends Error {
    constructor(
        readonly kind: LedgerFailureKind,
        message: string,
        readonly txId?: string,
        options?: ErrorOptions,
    ) {
        super(message, options);
        this.name = 'LedgerFailure';
    }
}
