import type { LedgerEvent } from '@court-ledger/ledger-api';
import type { SqlDatabase } from './db.js';
import { migrate } from './migrations.js';
import type { Outage } from './outages.js';
import { closeOutage, listOutages, openOutage } from './outages.js';
import type { IndexChange, IndexCheckpoint, ProjectionHandler, ProjectionObserver } from './projection.js';
import { projectEvents, ProjectionRegistry, readCheckpoint, resetProjection } from './projection.js';

/** Receives what each committed {@link IndexStore.applyEvents} call changed (e.g. to invalidate caches). */
export type IndexChangeListener = (change: IndexChange) => void;

/** What the features put in the index, handed over by the composition root (platform knows no feature). */
export interface IndexFeatures {
    /** Every feature's projection handler. */
    readonly handlers: readonly ProjectionHandler[];
    /** The features' gateway-local tables (never rebuilt from the ledger), for probes and maintenance. */
    readonly localTables: readonly string[];
    /** Features following every projected event in the projection transaction (e.g. an outbox). */
    readonly observers?: readonly ProjectionObserver[];
}

/** Options of {@link IndexStore}. */
export interface IndexStoreOptions {
    /**
     * Called with an error that must not fail the call in progress because its work is already committed:
     * one thrown by an {@link IndexChangeListener}.
     * Default: `process.emitWarning`.
     */
    readonly onError?: (error: unknown, source: 'listener') => void;
}

/**
 * Platform tables: the checkpoint, outages, idempotency keys. No VACUUM is run by the gateway: a PostgreSQL
 * server autovacuums, and on PGlite (measured here) a VACUUM (ANALYZE) at 100,000 sealed items stalled the
 * single connection for 45–180 s while without it 1,000,000 items anchor in seconds.
 */
const PLATFORM_TABLES = ['ledger_checkpoint', 'outages', 'idempotency_keys', 'off_chain_texts', 'document_files'];

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

    constructor(
        /** The database the index lives in. */
        readonly db: SqlDatabase,
        features: IndexFeatures,
        private readonly options: IndexStoreOptions = {},
    ) {
        this.registry = new ProjectionRegistry(features.handlers, features.observers);
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

    private report(error: unknown, source: 'listener'): void {
        (this.options.onError ?? warn)(error, source);
    }
}

function warn(error: unknown): void {
    const warning = error instanceof Error ? error : new Error(String(error));
    process.emitWarning(warning, 'IndexChangeListenerWarning');
}
