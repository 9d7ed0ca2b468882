import type { EventCheckpoint, LedgerEvent } from '@court-ledger/ledger-api';
import type { SqlExecutor } from './db.js';
import { RECORD_TRANSACTIONS, transactionsParam } from './transactions.js';

/** A chaincode event with its decoded record (payload `{"type": <event name>, "record": {…}}`). */
export interface ProjectedEvent {
    readonly event: LedgerEvent;
    readonly record: Record<string, unknown>;
}

/**
 * A feature's part of the index: the chaincode events it projects and the tables it writes. Every handler runs
 * inside the one SQL transaction that also moves the checkpoint, so rows and checkpoint never disagree.
 */
export interface ProjectionHandler {
    /** The feature's name (for errors). */
    readonly name: string;
    /**
     * The chaincode event names it projects. Several handlers may project one name (each into its own tables:
     * `EvidenceSubmitted` gives the evidence row and, when it self-registered the submitter, a case participant).
     */
    readonly events: readonly string[];
    /** The tables it writes, rebuilt from the events (emptied by a rebuild). */
    readonly tables: readonly string[];
    /**
     * Writes the rows of `events` (ledger order, only this handler's names, at least one) inside the projection
     * transaction `tx`. Must give the same rows whatever the chunking: applying a stream in one call or event by
     * event, from any checkpoint (events after it only), ends in identical rows.
     */
    project(tx: SqlExecutor, events: readonly ProjectedEvent[]): Promise<void>;
}

/**
 * A feature that follows what every handler projected, inside the same projection transaction (e.g. an outbox
 * of notifications: written with the rows it announces, so a crash never loses or invents one). It writes
 * gateway-local tables only (kept by a rebuild) and must be idempotent: replaying events it already saw (a
 * rebuild, a chunk retried one event at a time) writes nothing new. What it returns reaches the index's
 * listeners once the transaction committed ({@link observedBy}), e.g. the outbox messages it wrote.
 */
export interface ProjectionObserver<R = unknown> {
    /** The feature's name (for errors). */
    readonly name: string;
    /** Called once per chunk with the projected events (ledger order, at least one), after the handlers. */
    observe(tx: SqlExecutor, events: readonly ProjectedEvent[]): Promise<R>;
}

/** What one committed {@link projectEvents} call changed; given to `IndexStore.onApplied` listeners. */
export interface IndexChange {
    /** The checkpoint after the call. */
    readonly checkpoint: EventCheckpoint;
    /** Events newly applied (events no handler projects included; replays of old events excluded). */
    readonly applied: number;
    /** The newly applied events that a handler projected, in ledger order (features read what they need). */
    readonly projected: readonly ProjectedEvent[];
    /** What each observer returned, per call that committed (read with {@link observedBy}). */
    readonly observed: ReadonlyMap<ProjectionObserver, readonly unknown[]>;
}

/** What `observer` returned in the transaction of `change` (one value per call; none when it was not called). */
export function observedBy<R>(change: IndexChange, observer: ProjectionObserver<R>): readonly R[] {
    // The map is keyed by the observer itself, and only ever holds what that observer returned.
    return (change.observed.get(observer) ?? []) as readonly R[];
}

/** What the observers returned, collected by {@link writeChunk} (a chunk retried event by event calls them again). */
type Observed = Map<ProjectionObserver, unknown[]>;

/** A projected event could not be applied; the whole {@link projectEvents} transaction was rolled back. */
export class IndexProjectionError extends Error {
    constructor(
        message: string,
        readonly event: Pick<LedgerEvent, 'blockNumber' | 'txIndex' | 'txId' | 'name'>,
        options?: ErrorOptions,
    ) {
        super(`${message} (event ${event.name} at block ${event.blockNumber} tx ${event.txIndex})`, options);
        this.name = 'IndexProjectionError';
    }
}

/** The handlers of every feature, by the event names they project; a handler's tables are its own. */
export class ProjectionRegistry {
    private readonly byEvent = new Map<string, ProjectionHandler[]>();

    constructor(
        readonly handlers: readonly ProjectionHandler[],
        /** Features that follow every projected event (see {@link ProjectionObserver}). */
        readonly observers: readonly ProjectionObserver[] = [],
    ) {
        const owners = new Map<string, string>();
        for (const handler of handlers) {
            for (const table of handler.tables) {
                const other = owners.get(table);
                if (other !== undefined) {
                    throw new Error(`table ${table} is written by both ${other} and ${handler.name}`);
                }
                owners.set(table, handler.name);
            }
            for (const name of handler.events) {
                this.byEvent.set(name, [...(this.byEvent.get(name) ?? []), handler]);
            }
        }
    }

    /** The handlers of an event name, in registration order; empty when no feature projects it. */
    handlersOf(eventName: string): readonly ProjectionHandler[] {
        return this.byEvent.get(eventName) ?? [];
    }

    /** Every projection table, the features' ones and the transaction journal. */
    get tables(): string[] {
        return [...this.handlers.flatMap((handler) => handler.tables), 'ledger_transactions'];
    }
}

interface CheckpointRow {
    block_number: number | null;
    tx_index: number | null;
    block_hash?: string | null;
}

/** The index's checkpoint with the header hash of its block (absent when projected by an older gateway). */
export interface IndexCheckpoint extends EventCheckpoint {
    readonly blockHash?: string;
}

function toCheckpoint(row: CheckpointRow | undefined): EventCheckpoint | undefined {
    return row?.block_number == null || row.tx_index == null
        ? undefined
        : { blockNumber: row.block_number, txIndex: row.tx_index };
}

/**
 * Reads the checkpoint: the last applied (block, tx) position and its block's hash, or undefined before the
 * first event.
 */
export async function readCheckpoint(db: SqlExecutor): Promise<IndexCheckpoint | undefined> {
    const [row] = await db.query<CheckpointRow>('SELECT block_number, tx_index, block_hash FROM ledger_checkpoint');
    const checkpoint = toCheckpoint(row);
    return checkpoint === undefined || row?.block_hash == null
        ? checkpoint
        : { ...checkpoint, blockHash: row.block_hash };
}

function isAfter(event: EventCheckpoint, position: EventCheckpoint | undefined): boolean {
    return (
        position === undefined ||
        event.blockNumber > position.blockNumber ||
        (event.blockNumber === position.blockNumber && event.txIndex > position.txIndex)
    );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes `{"type", "record"}`; the handlers' SQL checks the record's fields (casts, NOT NULL). */
function decodeRecord(event: LedgerEvent): Record<string, unknown> {
    let payload: unknown;
    try {
        payload = JSON.parse(utf8.decode(event.payload));
    } catch (cause) {
        throw new IndexProjectionError('event payload is not UTF-8 JSON', event, { cause });
    }
    if (!isObject(payload) || payload.type !== event.name || !isObject(payload.record)) {
        throw new IndexProjectionError('event payload is not {"type": <event name>, "record": {…}}', event);
    }
    return payload.record;
}

/**
 * Writes a chunk: the transaction journal of every applied event, then each handler's events (ledger order,
 * one call per handler), then every observer with all projected events.
 */
async function writeRecords(
    tx: SqlExecutor,
    registry: ProjectionRegistry,
    applied: readonly LedgerEvent[],
    decoded: readonly ProjectedEvent[],
): Promise<Observed> {
    const observed: Observed = new Map();
    if (applied.length > 0) {
        await tx.query(RECORD_TRANSACTIONS, [transactionsParam(applied)]);
    }
    for (const handler of registry.handlers) {
        const mine = decoded.filter((d) => registry.handlersOf(d.event.name).includes(handler));
        if (mine.length > 0) {
            await handler.project(tx, mine);
        }
    }
    if (decoded.length > 0) {
        for (const observer of registry.observers) {
            observed.set(observer, [await observer.observe(tx, decoded)]);
        }
    }
    return observed;
}

function projectionError(cause: unknown, event: LedgerEvent): IndexProjectionError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new IndexProjectionError(`cannot project record: ${reason}`, event, { cause });
}

/**
 * Writes a chunk set-based. If that fails, rolls back to a savepoint and writes the events one by one, so
 * the error names the event at fault (and a chunk that only fails as a whole still applies correctly).
 */
async function writeChunk(
    tx: SqlExecutor,
    registry: ProjectionRegistry,
    applied: readonly LedgerEvent[],
    decoded: readonly ProjectedEvent[],
): Promise<Observed> {
    const [first] = applied;
    if (first === undefined) {
        return new Map();
    }
    if (applied.length === 1) {
        try {
            return await writeRecords(tx, registry, applied, decoded);
        } catch (cause) {
            throw projectionError(cause, first);
        }
    }
    await tx.query('SAVEPOINT project_chunk');
    try {
        const observed = await writeRecords(tx, registry, applied, decoded);
        await tx.query('RELEASE SAVEPOINT project_chunk');
        return observed;
    } catch {
        await tx.query('ROLLBACK TO SAVEPOINT project_chunk'); // what the observers returned is undone too
    }
    const observed: Observed = new Map();
    for (const event of applied) {
        try {
            const one = await writeRecords(
                tx,
                registry,
                [event],
                decoded.filter((d) => d.event === event),
            );
            for (const [observer, values] of one) {
                observed.set(observer, [...(observed.get(observer) ?? []), ...values]);
            }
        } catch (cause) {
            throw projectionError(cause, event);
        }
    }
    return observed;
}

/**
 * Applies `events` (in ledger order) and moves the checkpoint, inside the caller's transaction `tx`: every
 * event after the checkpoint goes into the transaction journal (`ledger_transactions`: block, position and
 * time of each transaction), and each event a feature projects goes to that feature's handler. Events at or
 * before the stored checkpoint are ignored, so redelivery and replay are harmless. The checkpoint row is
 * locked (`FOR UPDATE`), so concurrent projectors on one server apply each event once.
 *
 * @returns what changed, or undefined when no event was after the checkpoint
 * @throws IndexProjectionError when an event's payload or record cannot be projected; the caller must roll
 *   the transaction back (IndexStore.applyEvents does), leaving rows and checkpoint untouched
 */
export async function projectEvents(
    tx: SqlExecutor,
    registry: ProjectionRegistry,
    events: readonly LedgerEvent[],
    lastBlockHash?: string,
): Promise<IndexChange | undefined> {
    const rows = await tx.query<CheckpointRow>('SELECT block_number, tx_index FROM ledger_checkpoint FOR UPDATE');
    let position = toCheckpoint(rows[0]);
    const applied: LedgerEvent[] = [];
    const decoded: ProjectedEvent[] = [];
    for (const event of events) {
        if (!isAfter(event, position)) {
            continue;
        }
        position = { blockNumber: event.blockNumber, txIndex: event.txIndex };
        applied.push(event);
        if (registry.handlersOf(event.name).length > 0) {
            decoded.push({ event, record: decodeRecord(event) });
        }
    }
    if (position === undefined || applied.length === 0) {
        return undefined;
    }
    const observed = await writeChunk(tx, registry, applied, decoded);
    const last = events[events.length - 1];
    const blockHash = last !== undefined && last.blockNumber === position.blockNumber ? lastBlockHash : undefined;
    await tx.query(
        'UPDATE ledger_checkpoint SET block_number = $1, tx_index = $2, block_hash = $3, updated_at = now()',
        [position.blockNumber, position.txIndex, blockHash ?? null],
    );
    return { checkpoint: position, applied: applied.length, projected: decoded, observed };
}

/** Empties every projection table and resets the checkpoint (gateway-local tables are kept). */
export async function resetProjection(tx: SqlExecutor, registry: ProjectionRegistry): Promise<void> {
    await tx.query(`TRUNCATE ${registry.tables.join(', ')}`);
    await tx.query(
        'UPDATE ledger_checkpoint SET block_number = NULL, tx_index = NULL, block_hash = NULL, updated_at = now()',
    );
}
