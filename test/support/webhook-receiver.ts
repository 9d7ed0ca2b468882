import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What the receiver does with its n-th request (1-based); `slow` answers 2xx after {@link SLOW_ANSWER_MS}. */
export type Behaviour = 'ok' | 'slow' | 'fail' | 'hang' | 'reset';

/** How long a `slow` answer takes. */
export const SLOW_ANSWER_MS = 2000;

/** A request the receiver got: lower-case headers and the raw body. */
export interface ReceivedRequest {
    readonly headers: Record<string, string>;
    readonly body: string;
    readonly answered: Behaviour;
    /** When the request's body had arrived (`performance.now()` ms). */
    readonly receivedAt: number;
}

/**
 * A local webhook receiver on 127.0.0.1 whose answers a test scripts: 2xx, 2xx after 2 s, 500, never answering
 * (the sender times out), a reset connection; {@link down} stops listening (connections refused) until {@link up}.
 */
export class WebhookReceiver {
    readonly requests: ReceivedRequest[] = [];
    private readonly sockets = new Set<Socket>();
    private server: Server | undefined;

    private boundPort = 0;

    private constructor(private readonly behaviour: (n: number) => Behaviour) {}

    /** Starts listening on a free port (or `port`). */
    static async start(behaviour: (n: number) => Behaviour = () => 'ok', port = 0): Promise<WebhookReceiver> {
        const receiver = new WebhookReceiver(behaviour);
        await receiver.listen(port);
        return receiver;
    }

    get port(): number {
        return this.boundPort;
    }

    get url(): string {
        return `http://127.0.0.1:${this.port}/hooks/court-ledger`;
    }

    /** Every distinct `webhook-id`, in the order of its first arrival. */
    uniqueIds(): string[] {
        return [...new Set(this.requests.map((r) => r.headers['webhook-id'] ?? ''))];
    }

    /** Stops listening and drops open connections: deliveries fail with a refused connection. */
    async down(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        for (const socket of this.sockets) {
            socket.destroy();
        }
        await new Promise<void>((resolve) => {
            if (server === undefined) {
                resolve();
            } else {
                server.close(() => {
                    resolve();
                });
            }
        });
    }

    /** Listens again on the same port. */
    async up(): Promise<void> {
        await this.listen(this.boundPort);
    }

    private track(socket: Socket): void {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
    }

    private async listen(port: number): Promise<void> {
        const server = createServer((req, res) => {
            this.handle(req, res);
        });
        server.on('connection', (socket: Socket) => {
            this.track(socket);
        });
        this.server = server;
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(port, '127.0.0.1', () => {
                resolve();
            });
        });
        const address = server.address();
        this.boundPort = typeof address === 'object' && address !== null ? address.port : port;
    }

    private handle(req: IncomingMessage, res: ServerResponse): void {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
            const answered = this.behaviour(this.requests.length + 1);
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(req.headers)) {
                headers[name] = Array.isArray(value) ? value.join(', ') : (value ?? '');
            }
            const body = Buffer.concat(chunks).toString('utf8');
            this.requests.push({ headers, body, answered, receivedAt: performance.now() });
            if (answered === 'ok') {
                res.writeHead(204).end();
            } else if (answered === 'slow') {
                setTimeout(() => res.writeHead(204).end(), SLOW_ANSWER_MS).unref();
            } else if (answered === 'fail') {
                res.writeHead(500, { 'content-type': 'text/plain' }).end('receiver failing on purpose');
            } else if (answered === 'reset') {
                req.socket.destroy();
            }
            // 'hang': never answered; the sender's deadline ends it.
        });
    }

    /** Closes the server and every connection. */
    async close(): Promise<void> {
        await this.down();
    }
}
