import type { LedgerEvent } from '../ledger/ledger.js';
import * as queue from './anchor-queue.js';
import type { AddedItem, BatchPlan, ItemStatus, PendingItemInput } from './anchor-queue.js';
import type { SqlDatabase } from './db.js';
import type { CustodyNote } from './custody-notes.js';
import { addCustodyNote, custodyNotes } from './custody-notes.js';
import { migrate } from './migrations.js';
import type { Outage } from './outages.js';
import { closeOutage, listOutages, openOutage } from './outages.js';
import type { IndexChange, IndexCheckpoint } from './projection.js';
import { projectEvents, readCheckpoint, resetProjection } from './projection.js';
import type { DigestAlgorithm, IndexedBatch, IndexedEvidence } from './queries.js';
import { batchById, evidenceByCase, evidenceByDigest, evidenceById } from './queries.js';

/** Receives what each committed {@link IndexStore.applyEvents} call changed (e.g. to invalidate caches). */
export type IndexChangeListener = (change: IndexChange) => void;

/** Options of {@link IndexStore}. */
export interface IndexStoreOptions {
    /**
     * Called with an error that must not fail the call in progress because its work is already committed:
     * one thrown by an {@link IndexChangeListener}, or a failed automatic {@link IndexStore.maintain}.
     * Default: `process.emitWarning`.
     */
    readonly onError?: (error: unknown, source: 'listener' | 'maintenance') => void;
    /**
     * PGlite only (it has no autovacuum): run {@link IndexStore.maintain} after this many items were sealed
     * since the last run (default `Infinity`: off). Measured here, a VACUUM (ANALYZE) of PGlite at 100,000
     * sealed items stalled the single connection for 45–180 s, and without it 1,000,000 items anchor in
     * seconds, so the embedded default leaves it to an operator (`maintain()`) or to a PostgreSQL server.
     */
    readonly vacuumAfterSealed?: number;
}

/** Tables {@link IndexStore.maintain} vacuums and analyses. */
const MAINTAINED_TABLES = [
    'anchor_items',
    'anchor_batch_plans',
    'anchor_batches',
    'evidence',
    'evidence_custody',
    'ledger_checkpoint',
    'custody_notes',
    'outages',
];

/** Reads nothing, but names every index table (the statement fails when one is gone). */
const PING = [...MAINTAINED_TABLES, 'service_recipients', 'schema_migrations']
    .map((table) => `(SELECT 1 FROM ${table} LIMIT 0)`)
    .join(' UNION ALL ');

/**
 * The gateway's PostgreSQL index: a projection of chaincode events (evidence, custody, anchor batches),
 * rebuilt at will from the ledger, plus gateway-local state that is not on the ledger (the anchoring queue
 * and its sealed batch plans, custody notes, outages). Works identically on PGlite and a PostgreSQL server.
 *
 * The store does not own the database: call {@link migrate} (or {@link IndexStore.migrate}) once at start,
 * and close the {@link SqlDatabase} when done.
 */
export class IndexStore {
    private readonly listeners = new Set<IndexChangeListener>();
    private sealedSinceMaintenance = 0;

    constructor(
        /** The database the index lives in. */
        readonly db: SqlDatabase,
        private readonly options: IndexStoreOptions = {},
    ) {}

    /** Applies pending schema migrations (see {@link migrate}); returns the versions applied. */
    migrate(): Promise<number[]> {
        return migrate(this.db);
    }

    /**
     * `VACUUM (ANALYZE)` of the index tables: reclaims the row versions left by sealing (every queued item is
     * updated once) and refreshes planner statistics. A PostgreSQL server's autovacuum does this by itself;
     * PGlite has none, so on PGlite the store calls this after heavy sealing (see
     * {@link IndexStoreOptions.vacuumAfterSealed}); call it after other bulk work too.
     */
    async maintain(): Promise<void> {
        for (const table of MAINTAINED_TABLES) {
            await this.db.query(`VACUUM (ANALYZE) ${table}`);
        }
    }

    /**
     * Resolves when the database answers a read touching every index table (readiness probe and outage probe:
     * a damaged index, e.g. a table gone, fails it).
     */
    async ping(): Promise<void> {
        await this.db.query(PING);
    }

    // ---- projection ----------------------------------------------------------------------------------

    /**
     * Position of the last applied event and the hash of its block; undefined = nothing applied (resume from
     * the genesis).
     */
    checkpoint(): Promise<IndexCheckpoint | undefined> {
        return readCheckpoint(this.db);
    }

    /**
     * Projects chaincode events (ledger order) and advances the checkpoint in the same transaction: either
     * every event after the checkpoint is applied and the checkpoint moves to the last one, or (on any error)
     * nothing changes. Events at or before the checkpoint are skipped, so replaying from any checkpoint gives
     * identical rows. `lastBlockHash` is the header hash of the last event's block, stored with the
     * checkpoint, so a start can tell whether the ledger still holds that block. `EvidenceSubmitted` and `EvidenceCustody` upsert the evidence row and mirror the
     * record's custody array; `AnchorRecorded` records the batch (its queue items become `anchored`); other
     * event names only advance the checkpoint. Listeners run after the commit.
     *
     * What changed is reported to {@link IndexStore.onApplied} listeners.
     *
     * @throws IndexProjectionError when an event cannot be projected (bad payload, SQL error)
     */
    async applyEvents(events: readonly LedgerEvent[], lastBlockHash?: string): Promise<void> {
        if (events.length === 0) {
            return;
        }
        const change = await this.db.transaction((tx) => projectEvents(tx, events, lastBlockHash));
        if (change !== undefined) {
            for (const listener of [...this.listeners]) {
                try {
                    listener(change);
                } catch (error) {
                    this.report(error, 'listener');
                }
            }
        }
    }

    /**
     * Registers a listener for committed changes (changed evidence ids, case ids, SHA-256 and SM3 digests,
     * recorded batch ids).
     *
     * @returns a function that unregisters it
     */
    onApplied(listener: IndexChangeListener): () => void {
        this.listeners.add(listener);
        return () => {
            this.listeners.delete(listener);
        };
    }

    /**
     * Empties the projection tables (evidence, custody, anchor batches) and resets the checkpoint so the
     * events can be replayed from the genesis. The anchoring queue, plans, notes and outages are kept.
     */
    rebuild(): Promise<void> {
        return this.db.transaction((tx) => resetProjection(tx));
    }

    // ---- queries ---------------------------------------------------------------------------------------

    /** One evidence record (the chaincode's record plus block numbers). */
    evidenceById(evidenceId: string): Promise<IndexedEvidence | undefined> {
        return evidenceById(this.db, evidenceId);
    }

    /** The evidence of a case, oldest submission first. */
    evidenceByCase(caseId: string): Promise<IndexedEvidence[]> {
        return evidenceByCase(this.db, caseId);
    }

    /** Evidence with this digest (hex, either case) in any case, oldest submission first. */
    evidenceByDigest(algorithm: DigestAlgorithm, hex: string): Promise<IndexedEvidence[]> {
        return evidenceByDigest(this.db, algorithm, hex);
    }

    /** A recorded anchor batch with the number of local items in it. */
    batch(batchId: string): Promise<IndexedBatch | undefined> {
        return batchById(this.db, batchId);
    }

    // ---- anchoring queue ---------------------------------------------------------------------------------

    /** Queues digests (idempotent per digest, bulk `unnest` insert); see {@link queue.addPendingItems}. */
    addPendingItems(items: readonly PendingItemInput[]): Promise<AddedItem[]> {
        return queue.addPendingItems(this.db, items);
    }

    /** Seals up to `maxItems` oldest unassigned items into a new batch; see {@link queue.sealNextBatch}. */
    async sealNextBatch(maxItems: number): Promise<BatchPlan | undefined> {
        const plan = await queue.sealNextBatch(this.db, maxItems);
        if (plan !== undefined && this.db.kind === 'pglite') {
            this.sealedSinceMaintenance += plan.treeSize;
            if (this.sealedSinceMaintenance >= (this.options.vacuumAfterSealed ?? Infinity)) {
                this.sealedSinceMaintenance = 0;
                await this.maintain().catch((error: unknown) => {
                    this.report(error, 'maintenance');
                });
            }
        }
        return plan;
    }

    /** Stores the root computed for a sealed batch; see {@link queue.recordPlanRoot}. */
    recordPlanRoot(batchId: string, rootHash: Buffer | string, treeSize: number): Promise<void> {
        return queue.recordPlanRoot(this.db, batchId, rootHash, treeSize);
    }

    /** Sealed batches not yet confirmed by an `AnchorRecorded` event, oldest first, with digests. */
    unconfirmedPlans(): Promise<BatchPlan[]> {
        return queue.unconfirmedPlans(this.db);
    }

    /** The digests of a batch in leaf order (`n * 32` bytes). */
    batchDigests(batchId: string): Promise<Buffer> {
        return queue.batchDigests(this.db, batchId);
    }

    /** State of a queued digest; undefined if it was never queued here. */
    itemStatus(digestHex: string): Promise<ItemStatus | undefined> {
        return queue.itemStatus(this.db, digestHex);
    }

    /** Number of items not yet anchored (unassigned + in unconfirmed batches). */
    pendingCount(): Promise<number> {
        return queue.pendingCount(this.db);
    }

    /** Number of items not yet sealed into a batch. */
    unassignedCount(): Promise<number> {
        return queue.unassignedCount(this.db);
    }

    // ---- outages -----------------------------------------------------------------------------------------

    /**
     * Opens an outage for `component` (started at `startedAt`, default now) unless one is already open,
     * in which case nothing changes.
     */
    async openOutage(component: string, message: string, startedAt?: Date): Promise<void> {
        await openOutage(this.db, component, message, startedAt);
    }

    /** Ends the open outage of `component` at `endedAt` (default now), if one is open. */
    async closeOutage(component: string, endedAt?: Date): Promise<void> {
        await closeOutage(this.db, component, endedAt);
    }

    /** The latest `limit` outages, newest first. */
    outages(limit = 100): Promise<Outage[]> {
        return listOutages(this.db, limit);
    }

    // ---- custody notes -------------------------------------------------------------------------------------

    /** Stores the gateway-local text of a custody note (idempotent per transaction). */
    addCustodyNote(evidenceId: string, txId: string, note: string): Promise<CustodyNote> {
        return addCustodyNote(this.db, evidenceId, txId, note);
    }

    /** The notes of an evidence record, oldest first. */
    custodyNotes(evidenceId: string): Promise<CustodyNote[]> {
        return custodyNotes(this.db, evidenceId);
    }

    private report(error: unknown, source: 'listener' | 'maintenance'): void {
        (this.options.onError ?? warn)(error, source);
    }
}

function warn(error: unknown, source: 'listener' | 'maintenance'): void {
    const warning = error instanceof Error ? error : new Error(String(error));
    process.emitWarning(warning, source === 'listener' ? 'IndexChangeListenerWarning' : 'IndexMaintenanceWarning');
}
