import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { pino } from 'pino';
import type { NotificationsConfig } from '../../../src/features/notifications/config';
import type { AttemptResult, PendingMessage, QueueCursor } from '../../../src/features/notifications/store';
import { DeliverySender } from '../../../src/features/notifications/sender';
import { DeliveryWorker } from '../../../src/features/notifications/worker';
import { pendingMessage } from './messages';

const CONFIG: NotificationsConfig = {
    allowedHosts: ['127.0.0.1'],
    allowedNetworks: [],
    maxAttempts: 3,
    backoffBaseMs: 1,
    backoffMaxMs: 1,
    timeoutMs: 60_000,
    concurrency: 1,
    // Far beyond the test: the loop reads the outbox again only when woken.
    pollMs: 3_600_000,
};

/**
 * An outbox kept in memory as the store keeps it: it counts how often the worker reads it and records to it,
 * and keeps every recorded attempt. `gate`, while set, holds the next record until it resolves.
 */
class MemoryOutbox {
    readonly attempts: AttemptResult[] = [];
    reads = 0;
    records = 0;
    gate: Promise<void> | undefined;
    private pendingMessages: PendingMessage[];
    private readonly subscriptions: string[];

    constructor(url: string, queues: Record<string, number>) {
        this.subscriptions = Object.keys(queues);
        this.pendingMessages = Object.entries(queues).flatMap(([id, count]) =>
            Array.from({ length: count }, (_, n) => pendingMessage(url, id, n + 1)),
        );
    }

    /** A message the projection committed (it reads back from now on). */
    commit(message: PendingMessage): void {
        this.pendingMessages.push(message);
    }

    /** While set, a read takes its snapshot at once and answers when this resolves. */
    readGate: Promise<void> | undefined;

    async pending(window: number, known: readonly QueueCursor[]): Promise<Map<string, PendingMessage[]>> {
        const read = this.snapshot(window, known);
        await this.readGate;
        return read;
    }

    private snapshot(window: number, known: readonly QueueCursor[]): Map<string, PendingMessage[]> {
        this.reads++;
        const cursors = new Map(known.map((cursor) => [cursor.subscriptionId, cursor]));
        const queues = new Map(this.subscriptions.map((id) => [id, [] as PendingMessage[]]));
        for (const m of this.pendingMessages) {
            const cursor = cursors.get(m.subscriptionId);
            const queue = queues.get(m.subscriptionId) ?? [];
            // Positions here differ in their block numbers only.
            if (m.position.blockNumber > (cursor?.after.blockNumber ?? -1) && queue.length < (cursor?.room ?? window)) {
                queue.push(m);
            }
        }
        return queues;
    }

    async recordAttempts(results: readonly AttemptResult[]): Promise<void> {
        this.records++;
        await this.gate;
        for (const result of results) {
            this.attempts.push(result);
            this.pendingMessages = this.pendingMessages.flatMap((m) =>
                m.messageId !== result.messageId
                    ? [m]
                    : result.outcome === 'failed'
                      ? [{ ...m, attempts: result.attempt, nextAttemptAt: result.nextAttemptAt ?? m.nextAttemptAt }]
                      : [],
            );
        }
    }

    /** Recorded outcomes per message, in order, e.g. `msg_a_1 failed,delivered`. */
    outcomes(): string[] {
        const by = new Map<string, string[]>();
        for (const a of this.attempts) {
            by.set(a.messageId, [...(by.get(a.messageId) ?? []), a.outcome]);
        }
        return [...by].map(([id, outcomes]) => `${id} ${outcomes.join(',')}`).sort();
    }
}

async function until(condition: () => boolean): Promise<void> {
    while (!condition()) {
        await new Promise((resolve) => setImmediate(resolve));
    }
}

describe('notifications: delivery worker', () => {
    let server: Server;
    let url: string;
    const held: ServerResponse[] = [];
    /** Webhook ids in order of arrival. */
    const arrivals: string[] = [];
    /** How the receiver answers a request (`hold` keeps it open until the test answers). */
    let answer: (id: string, n: number) => number | 'hold' = () => 204;
    let arrived: () => void = () => undefined;

    beforeEach(async () => {
        arrivals.length = 0;
        server = createServer((req, res) => {
            req.resume();
            req.on('end', () => {
                const id = req.headers['webhook-id'];
                const webhookId = typeof id === 'string' ? id : '';
                arrivals.push(webhookId);
                const status = answer(webhookId, arrivals.filter((a) => a === webhookId).length);
                if (status === 'hold') {
                    held.push(res);
                } else {
                    res.writeHead(status).end();
                }
                arrived();
            });
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    });

    afterEach(async () => {
        for (const res of held.splice(0)) {
            res.destroy();
        }
        answer = () => 204;
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
    });

    async function withWorker(
        outbox: MemoryOutbox,
        config: NotificationsConfig,
        body: (worker: DeliveryWorker) => Promise<void>,
    ): Promise<void> {
        const sender = new DeliverySender(config);
        const worker = new DeliveryWorker(outbox, config, sender, pino({ level: 'silent' }));
        try {
            await body(worker);
        } finally {
            await worker.stop();
            await sender.close();
        }
    }

    it('waits while every slot is busy with a slow receiver instead of reading the outbox again and again', async () => {
        answer = () => 'hold';
        const outbox = new MemoryOutbox(url, { sub_a: 1, sub_b: 1 });
        await withWorker(outbox, CONFIG, async (worker) => {
            const nextArrival = (): Promise<void> =>
                new Promise((resolve) => {
                    arrived = resolve;
                });
            const first = nextArrival();
            worker.start();
            await first; // sub_a's delivery holds the only slot; sub_b's message is due and must wait
            const readsWhileHeld = outbox.reads;
            // Give a busy loop many chances to show: each of these timer turns would be another read.
            for (let turn = 0; turn < 50; turn++) {
                await new Promise((resolve) => setTimeout(resolve, 1));
            }
            expect(outbox.reads, 'outbox reads while the slot was held').to.equal(readsWhileHeld);
            expect(arrivals).to.deep.equal(['msg_sub_a_1']);

            const second = nextArrival();
            held[0]?.writeHead(204).end();
            await second; // the finished attempt freed the slot, which sent sub_b's message
            held[1]?.writeHead(204).end();
            await worker.flush();
            await until(() => outbox.attempts.length === 2);
            expect(outbox.outcomes()).to.deep.equal(['msg_sub_a_1 delivered', 'msg_sub_b_1 delivered']);
        });
    });

    it('reads the outbox once for many messages, records their outcomes together, and keeps each queue in order', async () => {
        const queues = { sub_a: 30, sub_b: 30, sub_c: 30, sub_d: 30 };
        const outbox = new MemoryOutbox(url, queues);
        let release: () => void = () => undefined;
        outbox.gate = new Promise((resolve) => {
            release = resolve;
        });
        await withWorker(outbox, { ...CONFIG, concurrency: 4 }, async (worker) => {
            worker.start();
            // The first record is held: the queues go on from memory meanwhile.
            await until(() => arrivals.length === 120);
            release();
            outbox.gate = undefined;
            await until(() => outbox.attempts.length === 120);
            expect(outbox.reads).to.equal(1);
            // The held record, the rest together, and at most one more for each queue's last attempt (its answer
            // may still have been on its way when the 120th request arrived).
            expect(outbox.records).to.be.at.most(2 + Object.keys(queues).length);
        });
        for (const id of Object.keys(queues)) {
            const expected = Array.from({ length: 30 }, (_, n) => `msg_${id}_${n + 1}`);
            expect(arrivals.filter((a) => a.startsWith(`msg_${id}_`))).to.deep.equal(expected);
        }
        expect(outbox.attempts.every((a) => a.outcome === 'delivered' && a.attempt === 1)).to.equal(true);
    });

    it('retries a failed message before the next one of its queue, and moves on once it is parked', async () => {
        // sub_a's first message fails once; sub_b's first fails every time (parked after 3 attempts).
        answer = (id, n) => ((id === 'msg_sub_a_1' && n === 1) || id === 'msg_sub_b_1' ? 500 : 204);
        const outbox = new MemoryOutbox(url, { sub_a: 3, sub_b: 2 });
        await withWorker(outbox, { ...CONFIG, concurrency: 2 }, async (worker) => {
            worker.start();
            await until(() => arrivals.length === 8);
            await until(() => outbox.attempts.length === 8);
        });
        expect(arrivals.filter((a) => a.startsWith('msg_sub_a_'))).to.deep.equal([
            'msg_sub_a_1',
            'msg_sub_a_1',
            'msg_sub_a_2',
            'msg_sub_a_3',
        ]);
        expect(arrivals.filter((a) => a.startsWith('msg_sub_b_'))).to.deep.equal([
            'msg_sub_b_1',
            'msg_sub_b_1',
            'msg_sub_b_1',
            'msg_sub_b_2',
        ]);
        expect(outbox.outcomes()).to.deep.equal([
            'msg_sub_a_1 failed,delivered',
            'msg_sub_a_2 delivered',
            'msg_sub_a_3 delivered',
            'msg_sub_b_1 failed,failed,parked',
            'msg_sub_b_2 delivered',
        ]);
        expect(outbox.attempts.filter((a) => a.messageId === 'msg_sub_b_1').map((a) => a.attempt)).to.deep.equal([
            1, 2, 3,
        ]);
    });

    it('delivers pushed messages without reading the outbox, and those pushed during a read exactly once', async () => {
        const outbox = new MemoryOutbox(url, { sub_a: 2 });
        const next = (n: number): PendingMessage => pendingMessage(url, 'sub_a', n);
        await withWorker(outbox, CONFIG, async (worker) => {
            worker.start();
            await until(() => arrivals.length === 2);
            expect(outbox.reads).to.equal(1);
            // A read that began after message 3 was committed answers only after 3 and 4 were pushed.
            let release: () => void = () => undefined;
            outbox.readGate = new Promise((resolve) => {
                release = resolve;
            });
            outbox.commit(next(3));
            worker.wake();
            await until(() => outbox.reads === 2);
            outbox.commit(next(4));
            worker.push([next(3)]);
            worker.push([next(4)]);
            release();
            outbox.readGate = undefined;
            await until(() => arrivals.length === 4);
            outbox.commit(next(5));
            worker.push([next(5)]);
            await until(() => arrivals.length === 5);
            await worker.flush();
            expect(outbox.reads).to.equal(2);
        });
        expect(arrivals).to.deep.equal([1, 2, 3, 4, 5].map((n) => `msg_sub_a_${n}`));
    });
});
