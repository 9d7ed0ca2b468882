import type { FastifyBaseLogger } from 'fastify';
import type { NotificationsConfig } from './config';
import { Lanes } from './lanes';
import type { DeliverySender } from './sender';
import { backoffMs } from './signing';
import type { AttemptResult, NotificationStore, PendingMessage } from './store';

/** Longest error text kept per attempt. */
const MAX_ERROR_LENGTH = 300;

/** Messages per subscription each read of the outbox takes in. */
const WINDOW = 100;
/** Outcomes are recorded together: once this many wait, or the oldest has waited {@link FLUSH_MS}. */
const FLUSH_AT = 500;
const FLUSH_MS = 250;
/** Shortest time between two reads of the outbox (new messages are taken in together). */
const READ_GAP_MS = 20;

/**
 * Delivers the outbox: every subscription's messages one at a time in ledger order (so each subscription
 * receives its events in order), signed, with a per-attempt deadline; a failure is retried with exponential
 * backoff and jitter, and parked after `maxAttempts`. It runs beside the projector and never inside it:
 * anchoring only writes outbox rows, so a slow or dead receiver costs anchoring nothing.
 *
 * The index is shared with anchoring (on PGlite, one connection), so the worker's statements do not grow with
 * deliveries: the projection hands it the messages it committed ({@link push}), and it reads the outbox only at
 * start, when a redelivery was asked for, a queue drained a full window, a message came for a subscription it
 * holds no queue of, or every `pollMs` as a safety net ({@link Lanes} keeps the queues and the retry times in
 * memory), each read taking in, in one statement, up to {@link WINDOW} new messages of every subscription; and it
 * records the attempts' outcomes together in one statement ({@link FLUSH_AT}, {@link FLUSH_MS}), always before
 * it reads.
 *
 * At least once: a message is marked delivered only after a 2xx answer has been recorded, so a crash before
 * its outcome was recorded sends it again (receivers de-duplicate on `webhook-id`). One worker per database is
 * assumed.
 */
export class DeliveryWorker {
    private readonly abort = new AbortController();
    private readonly lanes = new Lanes();
    private readonly running = new Set<Promise<void>>();
    /** Outcomes not recorded yet, in the order they came. */
    private outcomes: AttemptResult[] = [];
    private firstOutcomeAt = 0;
    private recording: Promise<void> = Promise.resolve();
    /** The outbox may hold messages the lanes lack. */
    private stale = true;
    /** Pushed while a read of the outbox was under way: taken in after it (see {@link Lanes.push}). */
    private pushedDuringRead: (readonly PendingMessage[])[] | undefined;
    private lastRead = -Infinity;
    private loop: Promise<void> | undefined;
    private wakeUp: (() => void) | undefined;
    private woken = false;

    constructor(
        private readonly store: Pick<NotificationStore, 'pending' | 'recordAttempts'>,
        private readonly config: NotificationsConfig,
        private readonly sender: Pick<DeliverySender, 'prepare' | 'send' | 'abortAll'>,
        private readonly log: FastifyBaseLogger,
    ) {}

    /** Starts the loop in the background. */
    start(): void {
        this.loop ??= this.run();
    }

    /** The outbox may hold messages the worker does not know of: read it soon. */
    wake(): void {
        this.stale = true;
        this.nudge();
    }

    /**
     * Messages the projection wrote to the outbox, once committed (ledger order, every commit's in commit
     * order): the worker takes them in without reading the outbox, and reads it only for those a queue could
     * not take in that way.
     */
    push(messages: readonly PendingMessage[]): void {
        if (this.pushedDuringRead !== undefined) {
            this.pushedDuringRead.push(messages);
        } else if (this.lanes.push(messages, WINDOW)) {
            this.wake();
        } else {
            this.dispatch();
        }
    }

    /** A delivery of the subscription was put back in its queue (after {@link flush}): read its queue again. */
    requeue(subscriptionId: string): void {
        this.lanes.reset(subscriptionId);
        this.wake();
    }

    /** The subscription was deleted: none of its messages is sent any more (an attempt in flight ends). */
    forget(subscriptionId: string): void {
        this.lanes.forget(subscriptionId);
    }

    /** Records the outcomes that wait (e.g. before a redelivery changes a message). */
    flush(): Promise<void> {
        const run = this.recording.then(() => this.record());
        this.recording = run.catch(() => undefined);
        return run;
    }

    /** Stops: no new attempt starts; attempts in flight are aborted (their messages stay pending). */
    async stop(): Promise<void> {
        this.abort.abort();
        this.sender.abortAll();
        this.wakeUp?.();
        await this.loop;
    }

    private get stopped(): boolean {
        return this.abort.signal.aborted;
    }

    private nudge(): void {
        this.woken = true;
        this.wakeUp?.();
    }

    private async run(): Promise<void> {
        while (!this.abort.signal.aborted) {
            this.woken = false;
            let pause = 0;
            try {
                const now = Date.now();
                if ((this.stale && now - this.lastRead >= READ_GAP_MS) || now - this.lastRead >= this.config.pollMs) {
                    this.stale = false;
                    await this.flush();
                    this.lastRead = Date.now();
                    await this.read();
                } else if (
                    this.outcomes.length >= FLUSH_AT ||
                    (this.outcomes.length > 0 && now - this.firstOutcomeAt >= FLUSH_MS)
                ) {
                    await this.flush();
                }
            } catch (error) {
                if (this.stopped) {
                    break;
                }
                this.stale = true;
                pause = Math.min(this.config.pollMs, 1000);
                this.log.error({ err: error }, 'notifications: reading or writing the outbox failed; retrying');
            }
            this.dispatch();
            await this.sleep(Math.max(pause, this.nextWake() - Date.now()));
        }
        await Promise.allSettled([...this.running]);
        try {
            await this.flush();
        } catch (error) {
            this.log.error({ err: error }, 'notifications: recording attempts failed at shutdown (sent again later)');
        }
    }

    /**
     * Reads the outbox for what the lanes lack. Messages pushed meanwhile may or may not be in what it reads
     * (they committed after it began): they are taken in after it, and the lanes skip those they then hold.
     */
    private async read(): Promise<void> {
        this.pushedDuringRead = [];
        try {
            const cursors = this.lanes.cursors(WINDOW);
            const read = await this.store.pending(WINDOW, cursors);
            if (read.size > 0) {
                this.sender.prepare(); // there are subscriptions to deliver to
            }
            if (this.lanes.merge(read, cursors, WINDOW)) {
                this.stale = true;
            }
        } finally {
            const pushed = this.pushedDuringRead;
            this.pushedDuringRead = undefined;
            for (const messages of pushed) {
                if (this.lanes.push(messages, WINDOW)) {
                    this.stale = true;
                }
            }
        }
    }

    /** When the loop has something to do next. */
    private nextWake(): number {
        let at = this.lastRead + (this.stale ? READ_GAP_MS : this.config.pollMs);
        if (this.outcomes.length > 0) {
            at = Math.min(at, this.firstOutcomeAt + FLUSH_MS);
        }
        const due = this.running.size < this.config.concurrency ? this.lanes.nextDue() : undefined;
        return due === undefined ? at : Math.min(at, due);
    }

    /** Starts the due messages while slots are free. */
    private dispatch(): void {
        if (this.stopped) {
            return;
        }
        for (const message of this.lanes.take(Date.now(), this.config.concurrency - this.running.size)) {
            const task = this.deliver(message)
                .then((result) => {
                    if (result === undefined) {
                        this.lanes.release(message);
                        return;
                    }
                    if (this.outcomes.length === 0) {
                        this.firstOutcomeAt = Date.now();
                    }
                    this.outcomes.push(result);
                    if (this.lanes.settle(message, result)) {
                        this.stale = true;
                    }
                })
                .finally(() => {
                    this.running.delete(task);
                    this.dispatch();
                    this.nudge();
                });
            this.running.add(task);
        }
    }

    private async record(): Promise<void> {
        const outcomes = this.outcomes;
        this.outcomes = [];
        this.lanes.beginFlush();
        if (outcomes.length === 0) {
            return;
        }
        try {
            await this.store.recordAttempts(outcomes);
        } catch (error) {
            this.outcomes = [...outcomes, ...this.outcomes];
            this.firstOutcomeAt = Date.now();
            throw error;
        }
    }

    private async sleep(ms: number): Promise<void> {
        if (this.woken || this.stopped) {
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

    /** One attempt; undefined when the worker stopped in the middle of it (the message stays pending). */
    private async deliver(message: PendingMessage): Promise<AttemptResult | undefined> {
        const sent = await this.sender.send({
            url: message.url,
            secret: message.secret,
            messageId: message.messageId,
            event: message.event,
            timeoutMs: this.config.timeoutMs,
        });
        const { statusCode, error } = sent;
        if (this.stopped && error !== undefined) {
            return undefined; // shutting down: the message stays pending and is sent again after the restart
        }
        const attempt = message.attempts + 1;
        const done = {
            messageId: message.messageId,
            attempt,
            startedAt: new Date(sent.startedAt),
            durationMs: sent.durationMs,
            ...(statusCode === undefined ? {} : { statusCode }),
        };
        if (error === undefined) {
            return { ...done, outcome: 'delivered' };
        }
        const parked = attempt >= this.config.maxAttempts;
        this.log.warn(
            { subscriptionId: message.subscriptionId, deliveryId: message.messageId, attempts: attempt, error },
            parked ? 'notifications: delivery parked' : 'notifications: delivery failed; will retry',
        );
        const delay = backoffMs(attempt, this.config.backoffBaseMs, this.config.backoffMaxMs);
        return {
            ...done,
            error: error.slice(0, MAX_ERROR_LENGTH),
            outcome: parked ? 'parked' : 'failed',
            ...(parked ? {} : { nextAttemptAt: new Date(Date.now() + delay) }),
        };
    }
}
