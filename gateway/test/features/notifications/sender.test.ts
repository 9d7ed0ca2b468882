import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { canonicalJson } from '@court-ledger/ledger-api';
import { DeliverySender, type SendRequest } from '../../../src/features/notifications/sender';
import { signDelivery } from '../../../src/features/notifications/signing';
import { pendingMessage } from './messages';

describe('notifications: delivery sender (the thread deliveries go out from)', () => {
    let server: Server;
    let url: string;
    const received: { headers: Record<string, unknown>; body: string }[] = [];
    const held: ServerResponse[] = [];
    let hold = false;

    beforeEach(async () => {
        received.length = 0;
        server = createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on('data', (chunk: Buffer) => chunks.push(chunk));
            req.on('end', () => {
                received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
                if (hold) {
                    held.push(res);
                } else {
                    res.writeHead(204).end();
                }
            });
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    });

    afterEach(async () => {
        hold = false;
        for (const res of held.splice(0)) {
            res.destroy();
        }
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
    });

    function request(n: number, timeoutMs = 10_000): SendRequest {
        const message = pendingMessage(url, 'sub_a', n);
        return { url, secret: message.secret, messageId: message.messageId, event: message.event, timeoutMs };
    }

    it('posts the canonical JSON of the event, signed, and says how the attempt ended', async () => {
        const sender = new DeliverySender({ allowedHosts: ['127.0.0.1'], allowedNetworks: [] });
        try {
            const sent = request(1);
            const result = await sender.send(sent);
            expect(result).to.include({ statusCode: 204 });
            expect(result.error).to.equal(undefined);
            const [arrival] = received;
            expect(arrival?.body).to.equal(canonicalJson(sent.event));
            const timestamp = String(arrival?.headers['webhook-timestamp']);
            const expected = signDelivery(
                sent.secret,
                sent.messageId,
                arrival?.body ?? '',
                new Date(Number(timestamp) * 1000),
            );
            expect(arrival?.headers['webhook-signature']).to.equal(expected['webhook-signature']);
            hold = true;
            expect(await sender.send(request(2, 50))).to.include({ error: 'timed out' });
        } finally {
            await sender.close();
        }
    });

    it('ends the deliveries under way when aborted or stopped, and starts a new thread for the next', async () => {
        const sender = new DeliverySender({ allowedHosts: ['127.0.0.1'], allowedNetworks: [] });
        try {
            hold = true;
            const aborted = sender.send(request(1));
            while (received.length < 1) {
                await new Promise((resolve) => setTimeout(resolve, 5));
            }
            sender.abortAll();
            expect((await aborted).error).to.match(/stopping/);
            const stopped = sender.send(request(2));
            while (received.length < 2) {
                await new Promise((resolve) => setTimeout(resolve, 5));
            }
            await sender.close();
            expect((await stopped).error).to.equal('the delivery thread was stopped');
            hold = false;
            expect(await sender.send(request(3))).to.include({ statusCode: 204 });
        } finally {
            await sender.close();
        }
    });
});
