import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { pino } from 'pino';
import { Agent } from 'undici';
import type { NotificationsConfig } from '../../../src/features/notifications/config';
import { newSecret } from '../../../src/features/notifications/signing';
import type { AttemptResult, QueueHead } from '../../../src/features/notifications/store';
import { DeliveryWorker } from '../../../src/features/notifications/worker';

const CONFIG: NotificationsConfig = {
    allowedHosts: ['127.0.0.1'],
    allowedNetworks: [],
    maxAttempts: 3,
    backoffBaseMs: 1000,
    backoffMaxMs: 1000,
    timeoutMs: 60_000,
    concurrency: 1,
    // Far beyond the test: the loop runs again only when woken.
    pollMs: 3_600_000,
};

/** An outbox of one pending message per subscription, kept in memory; counts how often the worker reads it. */
class MemoryOutbox {
    readonly delivered: string[] = [];
    reads = 0;
    private readonly pending: QueueHead[];

    constructor(url: string, subscriptions: readonly string[]) {
        this.pending = subscriptions.map((subscriptionId, i) => ({
            messageId: `msg_${subscriptionId}`,
            subscriptionId,
            url,
            secret: newSecret(),
            attempts: 0,
            nextAttemptAt: new Date(0),
            event: {
                id: `evt_1_0_${i}`,
                type: 'anchor.batch-sealed',
                timestamp: '2026-01-01T00:00:00.000Z',
                data: {
                    batchId: `b-${i}`,
                    rootHash: 'a'.repeat(64),
                    treeSize: 1,
                    kinds: ['file'],
                    recordedAt: '2026-01-01T00:00:00.000Z',
                    txId: 'tx',
                    blockNumber: 1,
                },
            },
        }));
    }

    heads(): Promise<QueueHead[]> {
        this.reads++;
        return Promise.resolve([...this.pending]);
    }

    recordAttempt(head: QueueHead, result: AttemptResult): Promise<void> {
        if (result.outcome === 'delivered') {
            this.delivered.push(head.messageId);
            this.pending.splice(
                this.pending.findIndex((p) => p.messageId === head.messageId),
                1,
            );
        }
        return Promise.resolve();
    }
}

describe('notifications: delivery worker', () => {
    let server: Server;
    const held: ServerResponse[] = [];
    let arrived: () => void = () => undefined;

    beforeEach(async () => {
        server = createServer((req, res) => {
            req.resume();
            req.on('end', () => {
                held.push(res);
                arrived();
            });
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    afterEach(async () => {
        for (const res of held.splice(0)) {
            res.destroy();
        }
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
    });

    it('waits while every slot is busy with a slow receiver instead of reading the outbox again and again', async () => {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
        const outbox = new MemoryOutbox(url, ['sub_a', 'sub_b']);
        const dispatcher = new Agent();
        const worker = new DeliveryWorker(outbox, CONFIG, dispatcher, pino({ level: 'silent' }));
        const nextArrival = (): Promise<void> =>
            new Promise((resolve) => {
                arrived = resolve;
            });
        try {
            const first = nextArrival();
            worker.start();
            await first; // sub_a's delivery holds the only slot; sub_b's head is due and must wait
            const readsWhileHeld = outbox.reads;
            // Give a busy loop many chances to show: each of these timer turns would be another read.
            for (let turn = 0; turn < 50; turn++) {
                await new Promise((resolve) => setTimeout(resolve, 1));
            }
            expect(outbox.reads, 'outbox reads while the slot was held').to.equal(readsWhileHeld);

            const second = nextArrival();
            held[0]?.writeHead(204).end();
            await second; // the finished attempt woke the loop, which sent sub_b's message
            held[1]?.writeHead(204).end();
            while (outbox.delivered.length < 2) {
                await new Promise((resolve) => setImmediate(resolve));
            }
            expect(outbox.delivered).to.deep.equal(['msg_sub_a', 'msg_sub_b']);
        } finally {
            await worker.stop();
            await dispatcher.close();
        }
    });
});
