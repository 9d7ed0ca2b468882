import type { LedgerEvent } from '@court-ledger/ledger-api';
import type { SqlDatabase } from './db.js';
import { migrate } from './migrations.js';
import type { Outage } from './outages.js';
import { closeOutage, listOutages, openOutage } from './outages.js';
import type { IndexChange, IndexCheckpoint, ProjectionHandler } from './projection.js';
import { projectEvents, ProjectionRegistry, readCheckpoint, resetProjection } from './projection.js';

/** Receives what each committed {@link IndexStore.applyEvents} call changed (e.g. to invalidate caches). */
export type IndexChangeListener = (change: IndexChange) => void;

/** What the features put in the index, handed over by the composition root (platform knows no feature). */
export interface IndexFeatures {
    /** Every feature's projection handler. */
    readonly handlers: readonly ProjectionHandler[];
    /** The features' gateway-local tables (never rebuilt from the ledger), for probes and maintenance. */
    readonly localTables: readonly string[];
}

/** Options of {@link IndexStore}. */
export interface IndexStoreOptions {
    /**
     * Called with an error that must not fail the call in progress because its work is already committed:
     * one thrown by an {@link IndexChangeListener}, or a failed automatic {@link IndexStore.maintain}.
     * Default: `process.emitWarning`.
     */
    readonly onError?: (error: unknown, source: 'listener' | 'maintenance') => void;
    /**
     * PGlite only (it has no autovacuum): run {@link IndexStore.maintain} after this many rows were rewritten
     * in bulk (see {@link IndexStore.noteRewrittenRows}) since the last run (default `Infinity`: off). Measured
     * here, a VACUUM (ANALYZE) of PGlite after sealing 100,000 anchor items stalled the single connection for
     * 45–180 s, and without it 1,000,000 items anchor in seconds, so the embedded default leaves it to an
     * operator (`maintain()`) or to a PostgreSQL server.
     */
    readonly vacuumAfterRows?: number;
}

/** Platform tables: the checkpoint, outages, idempotency keys. */
const PLATFORM_TABLES = ['ledger_checkpoint', 'outages', 'idempotency_keys'];

/**
 * The gateway's PostgreSQL index: a projection of every chaincode event, written by the features' handlers
 * and rebuilt at will from the ledger, plus gateway-local state that is not on the ledger (the features'
 * local tables, outages, idempotency keys). Works identically on PGlite and a PostgreSQL server.
 *
 * The store does not own the database: call {@link IndexStore.migrate} once at start, and close the
 * {@link SqlDatabase} when done.
 */
export class IndexStore {
    private readonly listeners = new Set<IndexChangeListener>();
    private readonly registry: ProjectionRegistry;
    private readonly tables: readonly string[];
    private readonly pingSql: string;
    private rewrittenSinceMaintenance = 0;

    constructor(
        /** The database the index lives in. */
        readonly db: SqlDatabase,
        features: IndexFeatures,
        private readonly options: IndexStoreOptions = {},
    ) {
        this.registry = new ProjectionRegistry(features.handlers);
        this.tables = [...PLATFORM_TABLES, ...this.registry.tables, ...features.localTables];
        this.pingSql = [...this.tables, 'schema_migrations']
            .map((table) => `(SELECT 1 FROM ${table} LIMIT 0)`)
            .join(' UNION ALL ');
    }

    /** Applies pending schema migrations (see {@link migrate}); returns the versions applied. */
    migrate(): Promise<number[]> {
        return migrate(this.db);
    }

    /**
     * `VACUUM (ANALYZE)` of the index tables: reclaims the row versions left by bulk updates and refreshes
     * planner statistics. A PostgreSQL server's autovacuum does this by itself; PGlite has none, so on PGlite
     * the store calls this after heavy rewriting (see {@link IndexStoreOptions.vacuumAfterRows}); call it
     * after other bulk work too.
     */
    async maintain(): Promise<void> {
        for (const table of this.tables) {
            await this.db.query(`VACUUM (ANALYZE) ${table}`);
        }
    }

    /**
     * Counts rows a feature rewrote in bulk (e.g. anchor items sealed into a batch); on PGlite, runs
     * {@link maintain} once {@link IndexStoreOptions.vacuumAfterRows} accumulated. A failed run is reported to
     * `onError`, not thrown: the caller's work is committed.
     */
    async noteRewrittenRows(count: number): Promise<void> {
        if (this.db.kind !== 'pglite') {
            return;
        }
        this.rewrittenSinceMaintenance += count;
        if (this.rewrittenSinceMaintenance >= (this.options.vacuumAfterRows ?? Infinity)) {
            this.rewrittenSinceMaintenance = 0;
            await this.maintain().catch((error: unknown) => {
                this.report(error, 'maintenance');
            });
        }
    }

    /**
     * Resolves when the database answers a read touching every index table (readiness probe and outage probe:
     * a damaged index, e.g. a table gone, fails it).
     */
    async ping(): Promise<void> {
        await this.db.query(this.pingSql);
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
     * checkpoint, so a start can tell whether the ledger still holds that block. Each event goes to the
     * handler of the feature that projects its name; every event's transaction goes into the transaction
     * journal. Listeners run after the commit.
     *
     * @throws IndexProjectionError when an event cannot be projected (bad payload, SQL error)
     */
    async applyEvents(events: readonly LedgerEvent[], lastBlockHash?: string): Promise<void> {
        if (events.length === 0) {
            return;
        }
        const change = await this.db.transaction((tx) => projectEvents(tx, this.registry, events, lastBlockHash));
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
     * Registers a listener for committed changes (the projected events; features read from them what they
     * need, e.g. changed digests).
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
     * Empties every projection table and resets the checkpoint so the events can be replayed from the
     * genesis. Gateway-local tables are kept.
     */
    rebuild(): Promise<void> {
        return this.db.transaction((tx) => resetProjection(tx, this.registry));
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

    private report(error: unknown, source: 'listener' | 'maintenance'): void {
        (this.options.onError ?? warn)(error, source);
    }
}

function warn(error: unknown, source: 'listener' | 'maintenance'): void {
    const warning = error instanceof Error ? error : new Error(String(error));
    process.emitWarning(warning, source === 'listener' ? 'IndexChangeListenerWarning' : 'IndexMaintenanceWarning');
}
