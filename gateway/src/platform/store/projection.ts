import type { EventCheckpoint, LedgerEvent } from '../ledger/ledger.js';
import type { SqlExecutor } from './db.js';
import { REPLACE_CUSTODY, UPSERT_BATCHES, UPSERT_EVIDENCE } from './projection-sql.js';
import { EVENT_ANCHOR_RECORDED, EVENT_EVIDENCE_CUSTODY, EVENT_EVIDENCE_SUBMITTED } from './records.js';

/** What one committed {@link projectEvents} call changed; given to `IndexStore.onApplied` listeners. */
export interface IndexChange {
    /** The checkpoint after the call. */
    readonly checkpoint: EventCheckpoint;
    /** Events newly applied (skipped unknown types included; replays of old events excluded). */
    readonly applied: number;
    readonly evidenceIds: readonly string[];
    readonly caseIds: readonly string[];
    /** Lower-case hex SHA-256 digests whose evidence rows changed. */
    readonly sha256: readonly string[];
    /** Lower-case hex SM3 digests whose evidence rows changed. */
    readonly sm3: readonly string[];
    /** `sha256` and `sm3` together (for caches keyed by digest whatever the algorithm). */
    readonly digests: readonly string[];
    /** Anchor batches recorded (their items turned `anchored`). */
    readonly batchIds: readonly string[];
}

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

const PROJECTED = new Set([EVENT_EVIDENCE_SUBMITTED, EVENT_EVIDENCE_CUSTODY, EVENT_ANCHOR_RECORDED]);
const utf8 = new TextDecoder('utf-8', { fatal: true });

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes `{"type", "record"}`; the SQL statements check the record's fields (casts, NOT NULL). */
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

class ChangeCollector {
    applied = 0;
    readonly evidenceIds = new Set<string>();
    readonly caseIds = new Set<string>();
    readonly sha256 = new Set<string>();
    readonly sm3 = new Set<string>();
    readonly batchIds = new Set<string>();

    evidence(record: Record<string, unknown>): void {
        addString(this.evidenceIds, record.evidenceId);
        addString(this.caseIds, record.caseId);
        if (isObject(record.digests)) {
            addString(this.sha256, record.digests.sha256, true);
            addString(this.sm3, record.digests.sm3, true);
        }
    }

    result(checkpoint: EventCheckpoint): IndexChange {
        return {
            checkpoint,
            applied: this.applied,
            evidenceIds: [...this.evidenceIds],
            caseIds: [...this.caseIds],
            sha256: [...this.sha256],
            sm3: [...this.sm3],
            digests: [...new Set([...this.sha256, ...this.sm3])],
            batchIds: [...this.batchIds],
        };
    }
}

function addString(set: Set<string>, value: unknown, lowerCase = false): void {
    if (typeof value === 'string') {
        set.add(lowerCase ? value.toLowerCase() : value);
    }
}

interface Decoded {
    readonly event: LedgerEvent;
    readonly record: Record<string, unknown>;
}

function toParam(decoded: readonly Decoded[]): string {
    return JSON.stringify(decoded.map((d) => ({ b: d.event.blockNumber, t: d.event.txId, r: d.record })));
}

/** Writes the rows of `decoded` (ledger order) with one statement per table. */
async function writeRecords(tx: SqlExecutor, decoded: readonly Decoded[]): Promise<void> {
    const evidence = decoded.filter((d) => d.event.name !== EVENT_ANCHOR_RECORDED);
    const anchors = decoded.filter((d) => d.event.name === EVENT_ANCHOR_RECORDED);
    if (evidence.length > 0) {
        const param = toParam(evidence);
        await tx.query(UPSERT_EVIDENCE, [param]);
        await tx.query(REPLACE_CUSTODY, [param]);
    }
    if (anchors.length > 0) {
        await tx.query(UPSERT_BATCHES, [toParam(anchors)]);
    }
}

function projectionError(cause: unknown, event: LedgerEvent): IndexProjectionError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new IndexProjectionError(`cannot project record: ${reason}`, event, { cause });
}

/**
 * Writes a chunk set-based. If that fails, rolls back to a savepoint and writes the events one by one, so
 * the error names the event at fault (and a chunk that only fails as a whole still applies correctly).
 */
async function writeChunk(tx: SqlExecutor, decoded: readonly Decoded[]): Promise<void> {
    const [first] = decoded;
    if (first === undefined) {
        return;
    }
    if (decoded.length === 1) {
        try {
            await writeRecords(tx, decoded);
        } catch (cause) {
            throw projectionError(cause, first.event);
        }
        return;
    }
    await tx.query('SAVEPOINT project_chunk');
    try {
        await writeRecords(tx, decoded);
        await tx.query('RELEASE SAVEPOINT project_chunk');
        return;
    } catch {
        await tx.query('ROLLBACK TO SAVEPOINT project_chunk');
    }
    for (const one of decoded) {
        try {
            await writeRecords(tx, [one]);
        } catch (cause) {
            throw projectionError(cause, one.event);
        }
    }
}

/**
 * Applies `events` (in ledger order) and moves the checkpoint, inside the caller's transaction `tx`.
 * Events at or before the stored checkpoint are ignored, so redelivery and replay are harmless. The
 * checkpoint row is locked (`FOR UPDATE`), so concurrent projectors on one server apply each event once.
 * The records are written set-based (a few statements per call, whatever the number of events).
 *
 * @returns what changed, or undefined when no event was after the checkpoint
 * @throws IndexProjectionError when an event's payload or record cannot be projected; the caller must roll
 *   the transaction back (IndexStore.applyEvents does), leaving rows and checkpoint untouched
 */
export async function projectEvents(
    tx: SqlExecutor,
    events: readonly LedgerEvent[],
    lastBlockHash?: string,
): Promise<IndexChange | undefined> {
    const rows = await tx.query<CheckpointRow>('SELECT block_number, tx_index FROM ledger_checkpoint FOR UPDATE');
    let position = toCheckpoint(rows[0]);
    const change = new ChangeCollector();
    const decoded: Decoded[] = [];
    for (const event of events) {
        if (!isAfter(event, position)) {
            continue;
        }
        position = { blockNumber: event.blockNumber, txIndex: event.txIndex };
        change.applied++;
        if (!PROJECTED.has(event.name)) {
            continue; // not an index event (other contracts): only the checkpoint moves past it
        }
        const record = decodeRecord(event);
        decoded.push({ event, record });
        if (event.name === EVENT_ANCHOR_RECORDED) {
            addString(change.batchIds, record.batchId);
        } else {
            change.evidence(record);
        }
    }
    if (position === undefined || change.applied === 0) {
        return undefined;
    }
    await writeChunk(tx, decoded);
    const last = events[events.length - 1];
    const blockHash = last !== undefined && last.blockNumber === position.blockNumber ? lastBlockHash : undefined;
    await tx.query(
        'UPDATE ledger_checkpoint SET block_number = $1, tx_index = $2, block_hash = $3, updated_at = now()',
        [position.blockNumber, position.txIndex, blockHash ?? null],
    );
    return change.result(position);
}

/** Empties the projection tables and resets the checkpoint (gateway-local tables are kept). */
export async function resetProjection(tx: SqlExecutor): Promise<void> {
    await tx.query('TRUNCATE evidence_custody, evidence, anchor_batches');
    await tx.query(
        'UPDATE ledger_checkpoint SET block_number = NULL, tx_index = NULL, block_hash = NULL, updated_at = now()',
    );
}
