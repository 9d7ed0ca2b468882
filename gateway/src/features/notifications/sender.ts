import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AddressPolicy } from './delivery-dispatcher';
import type { EventEnvelope } from './schemas';

/** One signed POST of a delivery. */
export interface SendRequest {
    readonly url: string;
    /** The subscription's secret (`whsec_…`): the thread signs the body with it. */
    readonly secret: string;
    /** The delivery id (`webhook-id`). */
    readonly messageId: string;
    /** The event: the body is its canonical JSON (RFC 8785), whether the outbox or the projection gave it. */
    readonly event: EventEnvelope;
    /** The attempt's deadline, connection to response. */
    readonly timeoutMs: number;
}

/** How an attempt ended: a status code, or an error (a non-2xx status is both). */
export interface SendResult {
    readonly statusCode?: number;
    readonly error?: string;
    /** When the attempt began (epoch ms) and how long it took. */
    readonly startedAt: number;
    readonly durationMs: number;
}

/** Main thread → delivery thread. */
export type ToThread =
    { readonly type: 'send'; readonly id: number; readonly request: SendRequest } | { readonly type: 'abort' };

/** Delivery thread → main thread. */
export interface FromThread {
    readonly id: number;
    readonly result: SendResult;
}

/**
 * Sends webhook deliveries from a thread of their own, so that HTTP, TLS and signing never take the CPU of the
 * thread that takes in anchors and projects the ledger (on PGlite the index runs on it too). The thread starts at
 * the first delivery, holds the keep-alive connections, signs each body and enforces each deadline; it is
 * referenced only while a delivery is under way, so an idle sender never keeps the process alive. A thread that
 * fails ends its deliveries under way as failed attempts (retried as usual) and is started again at the next.
 *
 * Written on `node:worker_threads` directly: a pool library such as Piscina ends an aborted task by terminating
 * its thread, which would drop every keep-alive connection at each deadline or shutdown.
 */
export class DeliverySender {
    private thread: Worker | undefined;
    private readonly waiting = new Map<number, (result: SendResult) => void>();
    private nextId = 0;

    /** @param policy where deliveries may go (plain data: it is copied into the thread) */
    constructor(private readonly policy: AddressPolicy) {}

    /** Starts the thread now (it loads its modules meanwhile), so that the first delivery does not wait for it. */
    prepare(): void {
        this.started();
    }

    /** Sends one delivery; never rejects (a failure is a {@link SendResult} with an `error`). */
    send(request: SendRequest): Promise<SendResult> {
        const thread = this.started();
        const id = this.nextId++;
        return new Promise((resolve) => {
            this.waiting.set(id, resolve);
            thread.ref();
            thread.postMessage({ type: 'send', id, request } satisfies ToThread);
        });
    }

    /** Aborts every delivery under way (each ends with an error). */
    abortAll(): void {
        this.thread?.postMessage({ type: 'abort' } satisfies ToThread);
    }

    /** Stops the thread (deliveries still under way end with an error). */
    async close(): Promise<void> {
        const thread = this.thread;
        this.thread = undefined;
        if (thread !== undefined) {
            await thread.terminate();
            this.failAll('the delivery thread was stopped');
        }
    }

    private started(): Worker {
        if (this.thread !== undefined) {
            return this.thread;
        }
        const thread = new Worker(join(__dirname, 'delivery-thread.js'), { workerData: this.policy });
        thread.on('message', (message: FromThread) => {
            const resolve = this.waiting.get(message.id);
            this.waiting.delete(message.id);
            resolve?.(message.result);
            if (this.waiting.size === 0) {
                thread.unref();
            }
        });
        const ended = (reason: string): void => {
            if (this.thread === thread) {
                this.thread = undefined;
                this.failAll(reason);
            }
        };
        thread.on('error', (error) => {
            ended(`the delivery thread failed: ${error.message}`);
        });
        thread.on('exit', (code) => {
            ended(`the delivery thread exited (code ${code})`);
        });
        thread.unref();
        this.thread = thread;
        return thread;
    }

    private failAll(error: string): void {
        const now = Date.now();
        for (const resolve of this.waiting.values()) {
            resolve({ error, startedAt: now, durationMs: 0 });
        }
        this.waiting.clear();
    }
}
