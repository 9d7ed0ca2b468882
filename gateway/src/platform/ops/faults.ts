import type { FastifyBaseLogger } from 'fastify';

/** A period during which a component (ledger, database) could not be reached (Art. 40). */
export interface Outage {
    readonly component: string;
    readonly startedAt: string;
    readonly endedAt?: string | undefined;
    readonly message: string;
}

/** Where outages are kept for /v1/status. */
export interface OutageStore {
    openOutage(component: string, message: string, startedAt: Date): Promise<void>;
    closeOutage(component: string, endedAt: Date): Promise<void>;
}

/**
 * Tracks which components are down. Transitions only (up→down, down→up) touch the store, so the hot path
 * costs a map lookup. An outage of the database itself is written once the database is back.
 */
export class FaultRecorder {
    private readonly open = new Map<string, { startedAt: Date; message: string; persisted: boolean }>();
    private readonly probes = new Map<string, () => Promise<void>>();
    private readonly probing = new Map<string, NodeJS.Timeout>();

    constructor(
        private readonly store: OutageStore,
        private readonly log: FastifyBaseLogger,
        private readonly probeIntervalMs = 1000,
    ) {}

    /**
     * Registers how to tell that `component` answers again: while it is down, `probe` runs every
     * `probeIntervalMs` and the outage ends at its first success.
     */
    watch(component: string, probe: () => Promise<void>): void {
        this.probes.set(component, probe);
    }

    /** Stops probing (at shutdown). */
    close(): void {
        for (const timer of this.probing.values()) {
            clearInterval(timer);
        }
        this.probing.clear();
    }

    /** Records that `component` failed (idempotent while it stays down). */
    async failed(component: string, message: string): Promise<void> {
        if (this.open.has(component)) {
            return;
        }
        const entry = { startedAt: new Date(), message, persisted: false };
        this.open.set(component, entry);
        this.log.warn({ component, message }, 'outage started');
        this.startProbing(component);
        try {
            await this.store.openOutage(component, message, entry.startedAt);
            entry.persisted = true;
        } catch (error) {
            this.log.warn({ err: error, component }, 'outage not yet persisted (will be on recovery)');
        }
    }

    /** Records that `component` answered again. */
    async resolved(component: string): Promise<void> {
        const entry = this.open.get(component);
        if (entry === undefined) {
            return;
        }
        this.open.delete(component);
        clearInterval(this.probing.get(component));
        this.probing.delete(component);
        const endedAt = new Date();
        this.log.info({ component, since: entry.startedAt.toISOString() }, 'outage ended');
        try {
            if (!entry.persisted) {
                await this.store.openOutage(component, entry.message, entry.startedAt);
            }
            await this.store.closeOutage(component, endedAt);
        } catch (error) {
            this.log.error({ err: error, component }, 'could not persist the end of an outage');
        }
    }

    private startProbing(component: string): void {
        const probe = this.probes.get(component);
        if (probe === undefined || this.probing.has(component)) {
            return;
        }
        let inFlight = false;
        const timer = setInterval(() => {
            if (inFlight) {
                return;
            }
            inFlight = true;
            probe()
                .then(() => this.resolved(component))
                .catch(() => undefined)
                .finally(() => {
                    inFlight = false;
                });
        }, this.probeIntervalMs);
        timer.unref();
        this.probing.set(component, timer);
    }

    isDown(component: string): boolean {
        return this.open.has(component);
    }

    /** Outages still open, as known in memory (the store may be the thing that is down). */
    current(): Outage[] {
        return [...this.open].map(([component, e]) => ({
            component,
            startedAt: e.startedAt.toISOString(),
            message: e.message,
        }));
    }
}
