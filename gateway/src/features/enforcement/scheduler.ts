import { checkDue, type PerformanceAgreement } from '@court-ledger/chaincode';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '@court-ledger/ledger-api';
import type { SqlExecutor } from '../../platform/store/db';
import type { EnforcementClient } from './client';

/** Who submits the scheduler's `checkDue` transactions. */
export const SCHEDULER_ACTOR: Actor = { sub: 'enforcement-scheduler', role: 'subsystem', org: 'CourtMSP' };

/**
 * The agreed agreements of the index that are in default at `now` by the chaincode's own rule (`checkDue`):
 * an instalment unpaid past its due time plus the grace days. The chaincode decides again from the
 * transaction's time; this only spares the ledger a transaction for every agreement on every tick.
 */
export async function agreementsInDefault(db: SqlExecutor, now: Date): Promise<string[]> {
    const rows = await db.query<{ record: PerformanceAgreement | string }>(
        `SELECT record FROM enforcement_agreements WHERE status = 'agreed' ORDER BY agreement_id`,
    );
    const at = now.toISOString();
    return rows
        .map((row) => (typeof row.record === 'string' ? (JSON.parse(row.record) as PerformanceAgreement) : row.record))
        .filter((agreement) => checkDue(agreement, at) !== undefined)
        .map((agreement) => agreement.agreementId);
}

/**
 * Every `intervalMs` (ENFORCEMENT_CHECK_INTERVAL_MS) submits `enforcement:checkDue` for each agreement in
 * default (Art. 31, agreed smart contract): the transaction opens the enforcement case once and marks the
 * agreement defaulted. Ticks never overlap; a failed check is logged and tried again on the next tick.
 */
export class EnforcementScheduler {
    private timer: NodeJS.Timeout | undefined;
    private running: Promise<void> | undefined;

    constructor(
        private readonly client: EnforcementClient,
        private readonly db: SqlExecutor,
        private readonly intervalMs: number,
        private readonly log: FastifyBaseLogger,
    ) {}

    start(): void {
        this.timer = setInterval(() => {
            this.running ??= this.tick()
                .then(() => undefined)
                .finally(() => (this.running = undefined));
        }, this.intervalMs);
        this.timer.unref();
    }

    async stop(): Promise<void> {
        clearInterval(this.timer);
        await this.running;
    }

    /** One pass: checks every agreement in default now; returns the ids submitted. */
    async tick(now = new Date()): Promise<string[]> {
        const due = await agreementsInDefault(this.db, now).catch((error: unknown) => {
            this.log.warn({ err: error }, 'enforcement scheduler could not read the index');
            return [];
        });
        for (const agreementId of due) {
            try {
                await this.client.checkDue(SCHEDULER_ACTOR, agreementId);
            } catch (error) {
                this.log.warn({ err: error, agreementId }, 'enforcement checkDue failed; retried on the next tick');
            }
        }
        return due;
    }
}
