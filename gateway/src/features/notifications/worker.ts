import type { FastifyBaseLogger } from 'fastify';
import { request, type Dispatcher } from 'undici';
import type { NotificationsConfig } from './config';
import { backoffMs, signDelivery } from './signing';
import type { AttemptResult, NotificationStore, QueueHead } from './store';

/** Longest error text kept per attempt. */
const MAX_ERROR_LENGTH = 300;

/**
 * Delivers the outbox: for every subscription, its oldest pending message (so each subscription receives its
 * events in ledger order, one at a time), signed, with a per-attempt deadline; a failure is retried with
 * exponential backoff and jitter, and parked after `maxAttempts`. It runs beside the projector and never inside
 * it: anchoring only writes outbox rows, so a slow or dead receiver costs anchoring nothing.
 * At least once: a message is marked delivered only after a 2xx answer, so a crash between the two sends it
 * again (receivers de-duplicate on `webhook-id`). One worker per database is assumed.
 */
export class DeliveryWorker {
    private readonly abort = new AbortController();
    private readonly inFlight = new Set<string>();
    private loop: Promise<void> | undefined;
    private wakeUp: (() => void) | undefined;
    private woken = false;

    constructor(
        private readonly store: Pick<NotificationStore, 'heads' | 'recordAttempt'>,
        private readonly config: NotificationsConfig,
        private readonly dispatcher: Dispatcher,
        private readonly log: FastifyBaseLogger,
    ) {}

    /** Starts the loop in the background. */
    start(): void {
        this.loop ??= this.run();
    }

    /** Looks at the queues now (new outbox rows were committed, or a delivery was put back). */
    wake(): void {
        this.woken = true;
        this.wakeUp?.();
    }

    /** Stops: no new attempt starts; attempts in flight are aborted (their messages stay pending). */
    async stop(): Promise<void> {
        this.abort.abort();
        this.wakeUp?.();
        await this.loop;
    }

    private get stopped(): boolean {
        return this.abort.signal.aborted;
    }

    private async run(): Promise<void> {
        const running = new Set<Promise<void>>();
        while (!this.abort.signal.aborted) {
            this.woken = false;
            let nextDue = Date.now() + this.config.pollMs;
            try {
                const now = Date.now();
                for (const head of await this.store.heads()) {
                    if (this.inFlight.has(head.subscriptionId)) {
                        continue;
                    }
                    const due = head.nextAttemptAt.getTime();
                    if (due > now) {
                        nextDue = Math.min(nextDue, due);
                        continue;
                    }
                    if (running.size >= this.config.concurrency) {
                        // Every slot is busy: the next attempt to finish wakes the loop. (Polling here instead
                        // would query the outbox without pause while slow receivers hold the slots.)
                        break;
                    }
                    this.inFlight.add(head.subscriptionId);
                    const task = this.deliver(head).finally(() => {
                        this.inFlight.delete(head.subscriptionId);
                        running.delete(task);
                        this.wake();
                    });
                    running.add(task);
                }
            } catch (error) {
                if (this.stopped) {
                    break;
                }
                this.log.error({ err: error }, 'notifications: reading the outbox failed; retrying');
            }
            await this.sleep(Math.max(0, nextDue - Date.now()));
        }
        await Promise.allSettled([...running]);
    }

    private async sleep(ms: number): Promise<void> {
        if (this.woken || this.abort.signal.aborted) {
            return;
        }
        await new Promise<void>((resolve) => {
            const timer = setTimeout(done, ms);
            function done(): void {
                clearTimeout(timer);
                resolve();
            }
            this.wakeUp = done;
        });
        this.wakeUp = undefined;
    }

    private async deliver(head: QueueHead): Promise<void> {
        const startedAt = new Date();
        const body = JSON.stringify(head.event);
        let statusCode: number | undefined;
        let error: string | undefined;
        try {
            const response = await request(head.url, {
                method: 'POST',
                dispatcher: this.dispatcher,
                headers: {
                    'content-type': 'application/json',
                    'user-agent': 'court-ledger-webhooks/1',
                    ...signDelivery(head.secret, head.messageId, body, startedAt),
                },
                body,
                signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.config.timeoutMs)]),
            });
            statusCode = response.statusCode;
            await response.body.dump();
            if (statusCode < 200 || statusCode > 299) {
                error = `HTTP ${statusCode}`;
            }
        } catch (cause) {
            error = describe(cause);
        }
        if (this.abort.signal.aborted && error !== undefined) {
            return; // shutting down: the message stays pending and is sent again after the restart
        }
        const durationMs = Date.now() - startedAt.getTime();
        const attempts = head.attempts + 1;
        let result: AttemptResult;
        if (error === undefined) {
            result = {
                startedAt,
                durationMs,
                ...(statusCode === undefined ? {} : { statusCode }),
                outcome: 'delivered',
            };
        } else {
            const parked = attempts >= this.config.maxAttempts;
            const delay = backoffMs(attempts, this.config.backoffBaseMs, this.config.backoffMaxMs);
            result = {
                startedAt,
                durationMs,
                ...(statusCode === undefined ? {} : { statusCode }),
                error: error.slice(0, MAX_ERROR_LENGTH),
                outcome: parked ? 'parked' : 'failed',
                ...(parked ? {} : { nextAttemptAt: new Date(Date.now() + delay) }),
            };
            this.log.warn(
                { subscriptionId: head.subscriptionId, deliveryId: head.messageId, attempts, error },
                parked ? 'notifications: delivery parked' : 'notifications: delivery failed; will retry',
            );
        }
        try {
            await this.store.recordAttempt(head, result);
        } catch (cause) {
            this.log.error({ err: cause, deliveryId: head.messageId }, 'notifications: recording an attempt failed');
        }
    }
}

function describe(error: unknown): string {
    if (error instanceof Error) {
        const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
        return error.name === 'TimeoutError' ? 'timed out' : `${error.message}${cause}`;
    }
    return String(error);
}
