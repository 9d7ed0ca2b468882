import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ReceivedSummary, ReceiverMessage, ReceiverRequest } from './webhook-receiver-child';

/** A request the remote receiver got, its arrival on this process's `performance.now()` clock. */
export interface RemoteRequest {
    readonly id: string;
    readonly type: string;
    readonly batchId?: string;
    readonly receivedAt: number;
}

/**
 * The benchmark's webhook receiver, run in a child process (bench/webhook-receiver-child.ts): the gateway under
 * measurement spends no CPU on receiving. It answers at once (`ok`) or after 2 s (`slow`).
 */
export class RemoteReceiver {
    private seq = 0;
    private readonly waiting = new Map<
        number,
        { resolve: (requests: readonly ReceivedSummary[] | undefined) => void; reject: (error: Error) => void }
    >();

    private constructor(
        private readonly child: ChildProcess,
        readonly url: string,
    ) {
        child.on('message', (message: ReceiverMessage) => {
            if ('seq' in message) {
                this.waiting.get(message.seq)?.resolve(message.requests);
                this.waiting.delete(message.seq);
            }
        });
        child.on('exit', (code) => {
            for (const { reject } of this.waiting.values()) {
                reject(new Error(`webhook receiver exited with ${code}`));
            }
            this.waiting.clear();
        });
    }

    /** Forks the receiver and resolves once it listens. */
    static async start(answer: 'ok' | 'slow'): Promise<RemoteReceiver> {
        const child = fork(path.join(__dirname, 'webhook-receiver-child.js'), [answer], { stdio: 'inherit' });
        const url = await new Promise<string>((resolve, reject) => {
            child.once('error', reject);
            child.once('exit', (code) => {
                reject(new Error(`webhook receiver exited with ${code}`));
            });
            child.once('message', (message: ReceiverMessage) => {
                if ('url' in message) {
                    resolve(message.url);
                }
            });
        });
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        return new RemoteReceiver(child, url);
    }

    /** Stops listening: deliveries fail with a refused connection. */
    async down(): Promise<void> {
        await this.ask('down');
    }

    /** Every request received so far, in arrival order. */
    async requests(): Promise<RemoteRequest[]> {
        const requests = (await this.ask('report')) ?? [];
        return requests.map(({ receivedAtEpoch, ...rest }) => ({
            ...rest,
            receivedAt: receivedAtEpoch - performance.timeOrigin,
        }));
    }

    /** Closes the receiver and waits for its process to end. */
    async close(): Promise<void> {
        const exited = new Promise((resolve) => this.child.once('exit', resolve));
        await this.ask('close');
        await exited;
    }

    private ask(type: ReceiverRequest['type']): Promise<readonly ReceivedSummary[] | undefined> {
        const seq = ++this.seq;
        return new Promise((resolve, reject) => {
            this.waiting.set(seq, { resolve, reject });
            this.child.send({ seq, type } satisfies ReceiverRequest);
        });
    }
}
