/**
 * The one interface between the gateway and a ledger. Everything above it (routes, index, batching,
 * receipts) is identical whether the chaincode runs in-process (embedded) or on Fabric peers.
 */
// The domain module directly: the chaincode's index would also load its contracts (decorator metadata).
import { parseErrorCode, type ErrorCode } from '@court-ledger/chaincode/domain';

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

/**
 * The chaincode events of one committed block: the unit of {@link Ledger.events}. A block arrives whole, so
 * whoever consumes the stream knows a block is complete without waiting for the next one.
 */
export interface BlockEvents {
    readonly blockNumber: number;
    /**
     * Events of the block's valid transactions, in transaction order; in the first block of a resumed stream,
     * only those after the checkpoint. Empty for a block without one (a config block, a block whose
     * transactions were all invalidated, the rest of a block the checkpoint ends).
     */
    readonly events: readonly LedgerEvent[];
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

/**
 * What a third party pins to check this ledger's transaction proofs (published at `GET /v1/trust`): the
 * embedded node's block-signing key, or the CA certificates of a Fabric channel's organisations.
 */
export type LedgerTrustRoots =
    | {
          readonly mode: 'embedded';
          /** The key that signs every block header, SPKI PEM. */
          readonly nodePublicKey: string;
      }
    | {
          readonly mode: 'fabric';
          /** MSP id → PEM CA certificates. */
          readonly caCertificates: Readonly<Record<string, readonly string[]>>;
          /** The ordering organisations among them. */
          readonly ordererMspIds: readonly string[];
      };

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
     * (or, with `untilHeight`, until the blocks below that height were read). The stream is a sequence of
     * whole blocks, and every implementation honours the same contract:
     *
     * - one {@link BlockEvents} per committed block, block numbers consecutive from `after.blockNumber` (from
     *   block 0 when `after` is undefined), none skipped, none repeated — a block without events included;
     * - a block is delivered only once committed, with all its events (never split across two items), so the
     *   consumer may treat the end of an item as the end of its block;
     * - inside the first block, only events strictly after `after.txIndex`.
     */
    events(
        after: EventCheckpoint | undefined,
        signal: AbortSignal,
        options?: EventStreamOptions,
    ): AsyncIterable<BlockEvents>;
    /**
     * Lower-case hex hash of block `blockNumber`'s header (what the next block's `previousHash` holds);
     * undefined at or past the height. The index stores the hash of the last block it projected, so a
     * ledger rolled back or replaced under it is noticed at start.
     */
    blockHash(blockNumber: number): Promise<string | undefined>;
    /** Offline-checkable proof of a committed transaction; an unknown `txId` → `LedgerFailure('not-found')`. */
    transactionProof(txId: string): Promise<TransactionProof>;
    /** The keys or certificates that {@link transactionProof}s are checked against. */
    trustRoots(): LedgerTrustRoots;
    health(): Promise<LedgerHealth>;
    close(): Promise<void>;
}

/** Why a ledger call failed, independent of the mode. */
export type LedgerFailureKind =
    /** The chaincode refused (`code` and `field` say how, when it gave a stable code). */
    | 'chaincode'
    /** Validation rejected the transaction because a read was stale (MVCC read conflict); safe to retry. */
    | 'mvcc-conflict'
    /** Endorsement policy not satisfied at commit. */
    | 'endorsement-policy'
    /** The ledger could not be reached (peer down, timeout). */
    | 'unavailable'
    /** The ledger holds no such thing (e.g. an unknown transaction id for a proof). */
    | 'not-found';

/** One node's own account of a failure (fabric-gateway's `ErrorDetail`): which peer or orderer said what. */
export interface FailureDetail {
    readonly mspId: string;
    readonly address: string;
    readonly message: string;
}

/** What a {@link LedgerFailure} knows besides its kind and message; every field is optional. */
export interface LedgerFailureInit {
    /** The transaction concerned, when one was built. */
    readonly txId?: string | undefined;
    /** The chaincode's stable code (kind `chaincode`), e.g. `INVALID_TRANSITION`. */
    readonly code?: ErrorCode | undefined;
    /** The argument at fault, when the chaincode named one. */
    readonly field?: string | undefined;
    /** The failure in words, without code or field (default: the message). */
    readonly reason?: string | undefined;
    /** The transaction validation code given at commit, e.g. `MVCC_READ_CONFLICT`. */
    readonly validationCode?: string | undefined;
    /** What each endorsing or ordering node answered (Fabric). */
    readonly details?: readonly FailureDetail[] | undefined;
    readonly cause?: unknown;
}

/**
 * A failed ledger call, typed once at the ledger boundary (both modes produce it), like fabric-gateway's
 * `EndorseError`/`CommitError`: nothing above the {@link Ledger} interface parses a message.
 */
export class LedgerFailure extends Error {
    readonly txId: string | undefined;
    readonly code: ErrorCode | undefined;
    readonly field: string | undefined;
    readonly reason: string;
    readonly validationCode: string | undefined;
    readonly details: readonly FailureDetail[];

    constructor(
        readonly kind: LedgerFailureKind,
        message: string,
        init: LedgerFailureInit = {},
    ) {
        super(message, init.cause === undefined ? undefined : { cause: init.cause });
        this.name = 'LedgerFailure';
        this.txId = init.txId;
        this.code = init.code;
        this.field = init.field;
        this.reason = init.reason ?? message;
        this.validationCode = init.validationCode;
        this.details = init.details ?? [];
    }
}

/**
 * The chaincode's refusal carried by `text` — its `CODE: [field=<name>; ]reason`, also inside a transport's
 * wording (Fabric's `chaincode response 500, CODE: …`) — as a `chaincode` failure whose message starts at the
 * code; undefined when `text` holds no known code. The one place a chaincode message is parsed.
 */
export function chaincodeRefusal(text: string, init: LedgerFailureInit = {}): LedgerFailure | undefined {
    const parsed = parseErrorCode(text);
    if (parsed === undefined) {
        return undefined;
    }
    const start = text.lastIndexOf(`${parsed.code}: `, text.length - parsed.detail.length);
    return new LedgerFailure('chaincode', start < 0 ? text : text.slice(start), {
        ...init,
        code: parsed.code,
        field: parsed.field,
        reason: parsed.detail,
    });
}
