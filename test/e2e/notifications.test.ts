import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { isEventEnvelope } from '@court-ledger/gateway/dist/test/features/notifications/envelope';
import { verifyWebhook } from '@court-ledger/gateway/dist/test/features/notifications/recipe';
import type {} from '@court-ledger/gateway/dist/src/features/anchoring/plugin';
import { eventually } from '../support/eventually';
import { ledgerEnvironment, startGateway, type Harness } from '../support/gateway-harness';
import { forEachLedger, forEachMode } from '../support/modes';
import { freePort, startServerProcess } from '../support/server-process';
import { readSse } from '../support/sse';
import { WebhookReceiver, type Behaviour } from '../support/webhook-receiver';

interface Envelope {
    id: string;
    type: string;
    data: { batchId: string; source?: string };
}

interface DeliveryView {
    deliveryId: string;
    eventId: string;
    type: string;
    status: string;
    attempts: { statusCode?: number; error?: string; outcome: string }[];
}

/** Settings that make retries quick in a test: short backoff, a short deadline, no parking. */
const FAST_RETRIES = {
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_BACKOFF_BASE_MS: '20',
    WEBHOOK_BACKOFF_MAX_MS: '200',
    WEBHOOK_TIMEOUT_MS: '1000',
    WEBHOOK_MAX_ATTEMPTS: '10000',
    WEBHOOK_POLL_MS: '50',
    ANCHOR_INTERVAL_MS: '3600000',
};

/** Ledger order of event ids `evt_<block>_<tx>_<index>`. */
function byLedgerOrder(a: string, b: string): number {
    const [x, y] = [a, b].map((id) => id.split('_').slice(1).map(Number));
    for (let i = 0; i < 3; i++) {
        const d = (x?.[i] ?? 0) - (y?.[i] ?? 0);
        if (d !== 0) {
            return d;
        }
    }
    return 0;
}

async function anchorBatch(gw: Harness, source: string): Promise<void> {
    const items = Array.from({ length: 3 }, () => ({ digest: randomBytes(32).toString('hex'), kind: 'file' }));
    const queued = await gw.app.inject({
        method: 'POST',
        url: '/v1/anchors',
        headers: gw.auth('subsystem', source),
        payload: { items },
    });
    expect(queued.statusCode, queued.body).to.equal(202);
    await gw.app.batcher.flush();
    await eventually(async () => {
        const receipt = await gw.app.inject({
            url: `/v1/anchors/${items[0]?.digest ?? ''}/receipt`,
            headers: gw.auth('subsystem', source),
        });
        return receipt.statusCode === 200 ? true : undefined;
    }, 'the batch anchored');
}

async function subscribe(
    gw: Harness,
    source: string,
    url: string,
    events: string[],
): Promise<{ subscriptionId: string; secret: string }> {
    const res = await gw.app.inject({
        method: 'POST',
        url: '/v1/subscriptions',
        headers: gw.auth('subsystem', source),
        payload: { url, events },
    });
    expect(res.statusCode, res.body).to.equal(201);
    return res.json();
}

async function deliveries(gw: Harness, source: string, id: string): Promise<DeliveryView[]> {
    const res = await gw.app.inject({
        url: `/v1/subscriptions/${id}/deliveries?limit=500`,
        headers: gw.auth('subsystem', source),
    });
    expect(res.statusCode, res.body).to.equal(200);
    return res.json<{ deliveries: DeliveryView[] }>().deliveries;
}

forEachMode('notifications', (mode) => {
    let gw: Harness;
    let receiver: WebhookReceiver | undefined;
    beforeEach(async () => {
        gw = await startGateway({ database: mode.database, ledger: mode.ledger, env: FAST_RETRIES });
    });
    afterEach(async () => {
        await receiver?.close();
        receiver = undefined;
        await gw.close({ destroy: true });
    });

    it('delivers every event, signed, in order, exactly once after de-duplication, through 500s, timeouts, resets and downtime', async () => {
        // Attempts 1–2 answer 500, 3 never answers (the 1 s deadline), 4 resets the connection; then 2xx.
        const script: Behaviour[] = ['fail', 'fail', 'hang', 'reset'];
        const rx = await WebhookReceiver.start((n) => script[n - 1] ?? 'ok');
        receiver = rx;
        const source = `trial-${randomBytes(4).toString('hex')}`;
        const { subscriptionId, secret } = await subscribe(gw, source, rx.url, [
            'anchor.items-anchored',
            'anchor.batch-sealed',
        ]);
        for (let i = 0; i < 3; i++) {
            await anchorBatch(gw, source);
        }
        await eventually(
            async () =>
                (await deliveries(gw, source, subscriptionId)).some((d) => d.status === 'delivered') ? true : undefined,
            'a first delivery',
        );
        // The receiver goes down for a while: attempts fail with a refused connection, nothing is lost.
        await rx.down();
        for (let i = 0; i < 2; i++) {
            await anchorBatch(gw, source);
        }
        await eventually(async () => {
            const all = await deliveries(gw, source, subscriptionId);
            return all.some((d) =>
                d.attempts.some((a) => a.error !== undefined && /ECONNREFUSED|connect/i.test(a.error)),
            )
                ? true
                : undefined;
        }, 'an attempt refused while the receiver is down');
        await rx.up();

        const expected = (await deliveries(gw, source, subscriptionId)).map((d) => d.deliveryId);
        // 5 batches: sealed + this subsystem's items anchored; on a shared ledger (Fabric) another gateway's batch
        // sealed meanwhile is an `anchor.batch-sealed` for every subscriber too.
        expect(expected.length).to.be.at.least(10);
        await eventually(
            () => Promise.resolve(rx.uniqueIds().length >= expected.length ? true : undefined),
            'every delivery',
        );
        await eventually(
            async () =>
                (await deliveries(gw, source, subscriptionId)).every((d) => d.status === 'delivered')
                    ? true
                    : undefined,
            'every delivery acknowledged',
        );

        // Every request verifies with the README recipe; de-duplicated by webhook-id, each event exactly once.
        for (const request of rx.requests) {
            expect(verifyWebhook(secret, request.headers, request.body), request.body).to.equal(true);
        }
        expect(rx.requests.length).to.be.greaterThan(expected.length); // retries did happen
        expect([...rx.uniqueIds()].sort()).to.deep.equal([...expected].sort());
        const firstArrivals = rx.uniqueIds().map((id) => {
            const request = rx.requests.find((r) => r.headers['webhook-id'] === id);
            return JSON.parse(request?.body ?? '{}') as Envelope;
        });
        const eventIds = firstArrivals.map((e) => e.id);
        expect(eventIds).to.deep.equal([...eventIds].sort(byLedgerOrder)); // in ledger order
        expect(new Set(eventIds).size).to.equal(eventIds.length);
        for (const envelope of firstArrivals) {
            expect(isEventEnvelope(envelope), JSON.stringify(envelope)).to.equal(true);
        }
        const types = firstArrivals.map((e) => e.type);
        expect(types.filter((t) => t === 'anchor.batch-sealed').length).to.be.at.least(5);
        expect(types.filter((t) => t === 'anchor.items-anchored')).to.have.length(5);
        // The ledger knows the source by its pseudonym (never the sub), and so does the notification.
        expect(firstArrivals.filter((e) => e.type === 'anchor.items-anchored').map((e) => e.data.source)).to.deep.equal(
            Array(5).fill(gw.app.pepper.pseudonym(source)),
        );

        // The first delivery's attempts show the script: 500, 500, timeout, reset, then delivered.
        const first = (await deliveries(gw, source, subscriptionId)).find((d) => d.eventId === eventIds[0]);
        const outcomes = first?.attempts.map((a) => a.statusCode ?? a.error);
        expect(outcomes?.slice(0, 3)).to.deep.equal([500, 500, 'timed out']);
        expect(first?.attempts.at(-1)?.outcome).to.equal('delivered');
    });

    it('streams the same events as Server-Sent Events and resumes from Last-Event-ID with no gap', async () => {
        await gw.app.listen({ port: 0, host: '127.0.0.1' });
        const address = gw.app.server.address();
        const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
        const source = `archive-${randomBytes(4).toString('hex')}`;
        const headers = { authorization: `Bearer ${gw.token('subsystem', source)}` };
        const url = `${base}/v1/events?events=anchor.items-anchored`;
        const firstTwo = readSse(url, headers, (m) => m.length >= 2, 'evt_0_0_0');
        await anchorBatch(gw, source);
        await anchorBatch(gw, source);
        const first = await firstTwo;
        // Disconnected: two more batches are anchored meanwhile.
        await anchorBatch(gw, source);
        await anchorBatch(gw, source);
        const resumed = await readSse(url, headers, (m) => m.length >= 2, first.at(-1)?.id);
        const all = await readSse(url, headers, (m) => m.length >= 4, 'evt_0_0_0');
        expect([...first, ...resumed].map((m) => m.id)).to.deep.equal(all.map((m) => m.id));
        for (const message of all) {
            const envelope = JSON.parse(message.data) as Envelope;
            expect(message.event).to.equal('anchor.items-anchored');
            expect(envelope.id).to.equal(message.id);
            expect(envelope.data.source).to.equal(gw.app.pepper.pseudonym(source));
        }
        const badId = await gw.app.inject({ url: '/v1/events', headers: { ...headers, 'last-event-id': 'nope' } });
        expect(badId.statusCode).to.equal(400);
        expect(badId.json<{ field: string }>().field).to.equal('Last-Event-ID');
        const refused = await fetch(url, { headers: { authorization: `Bearer ${gw.token('party', 'p-1')}` } });
        expect(refused.status).to.equal(403);
    });

    it('refuses URLs on hosts the operator does not allow, case events without cases, and non-subscriber roles', async () => {
        const post = (url: string, events = ['anchor.batch-sealed']) =>
            gw.app.inject({
                method: 'POST',
                url: '/v1/subscriptions',
                headers: gw.auth('subsystem', 'trial'),
                payload: { url, events },
            });
        for (const url of ['http://10.0.0.5/hook', 'http://metadata.google.internal/x', 'ftp://127.0.0.1/x']) {
            const res = await post(url);
            expect(res.statusCode, url).to.equal(400);
            expect(res.json<{ field: string }>().field).to.equal('url');
        }
        const caseEvents = await post('http://127.0.0.1:9/hook', ['service.event']);
        expect(caseEvents.statusCode).to.equal(400);
        expect(caseEvents.json<{ field: string }>().field).to.equal('caseIds');
        const party = await gw.app.inject({
            method: 'POST',
            url: '/v1/subscriptions',
            headers: gw.auth('party', 'p-1'),
            payload: { url: 'http://127.0.0.1:9/hook', events: ['anchor.batch-sealed'] },
        });
        expect(party.statusCode).to.equal(403);
    });

    it('parks a delivery after the configured failures and sends it again on redeliver', async () => {
        const parking = await startGateway({
            database: mode.database,
            ledger: mode.ledger,
            env: { ...FAST_RETRIES, WEBHOOK_MAX_ATTEMPTS: '2' },
        });
        try {
            const rx = await WebhookReceiver.start((n) => (n <= 2 ? 'fail' : 'ok'));
            receiver = rx;
            const source = `mediation-${randomBytes(4).toString('hex')}`;
            const { subscriptionId } = await subscribe(parking, source, rx.url, ['anchor.items-anchored']);
            await anchorBatch(parking, source);
            const parked = await eventually(async () => {
                const [d] = await deliveries(parking, source, subscriptionId);
                return d?.status === 'parked' ? d : undefined;
            }, 'the delivery parked');
            expect(parked.attempts.map((a) => a.outcome)).to.deep.equal(['failed', 'parked']);
            const again = await parking.app.inject({
                method: 'POST',
                url: `/v1/subscriptions/${subscriptionId}/deliveries/${parked.deliveryId}/redeliver`,
                headers: parking.auth('subsystem', source),
            });
            expect(again.statusCode, again.body).to.equal(202);
            await eventually(async () => {
                const [d] = await deliveries(parking, source, subscriptionId);
                return d?.status === 'delivered' ? d : undefined;
            }, 'the redelivery');
            expect(rx.uniqueIds()).to.deep.equal([parked.deliveryId]);
            const foreign = await parking.app.inject({
                url: `/v1/subscriptions/${subscriptionId}`,
                headers: parking.auth('subsystem', 'someone-else'),
            });
            expect(foreign.statusCode).to.equal(404);
        } finally {
            await parking.close({ destroy: true });
        }
    });
});

forEachLedger('notifications across kill -9 [real server process, PGlite]', (ledger) => {
    it('loses no delivery when the gateway is killed in the middle of one', async function () {
        this.timeout(300_000);
        const dataDir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-webhook-kill-'));
        const port = await freePort();
        let hanging = true;
        const rx = await WebhookReceiver.start(() => (hanging ? 'hang' : 'ok'));
        const env = {
            ...FAST_RETRIES,
            ANCHOR_INTERVAL_MS: '100',
            WEBHOOK_TIMEOUT_MS: '120000',
            ...ledgerEnvironment(ledger),
        };
        let server = startServerProcess({ dataDir, port, env });
        try {
            await server.ready(120_000);
            const { TokenService } = await import('@court-ledger/gateway/dist/src/platform/auth/tokens.js');
            const tokens = new TokenService('server-process-test-secret');
            const headers = {
                // A fresh subsystem: on a shared ledger (Fabric) earlier runs anchored items too.
                authorization: `Bearer ${tokens.mint({ role: 'subsystem', sub: `trial-${randomBytes(4).toString('hex')}` })}`,
                'content-type': 'application/json',
            };
            const created = await fetch(`${server.base}/v1/subscriptions`, {
                method: 'POST',
                headers,
                body: JSON.stringify({ url: rx.url, events: ['anchor.items-anchored', 'anchor.batch-sealed'] }),
            });
            expect(created.status).to.equal(201);
            const { subscriptionId } = (await created.json()) as { subscriptionId: string };
            for (let i = 0; i < 3; i++) {
                const digest = randomBytes(32).toString('hex');
                const queued = await fetch(`${server.base}/v1/anchors`, {
                    method: 'POST',
                    headers,
                    body: JSON.stringify({ items: [{ digest, kind: 'file' }] }),
                });
                expect(queued.status).to.equal(202);
                await eventually(async () => {
                    const res = await fetch(`${server.base}/v1/anchors/${digest}/receipt`, { headers });
                    return res.status === 200 ? true : undefined;
                }, 'the item anchored');
            }
            // A delivery is in flight (the receiver holds it): kill -9 now.
            await eventually(() => Promise.resolve(rx.requests.length > 0 ? true : undefined), 'a delivery in flight');
            server.child.kill('SIGKILL');
            await new Promise((resolve) => server.child.once('exit', resolve));
            hanging = false;

            server = startServerProcess({ dataDir, port, env });
            await server.ready(120_000);
            const listed = async (): Promise<DeliveryView[]> => {
                const res = await fetch(`${server.base}/v1/subscriptions/${subscriptionId}/deliveries?limit=500`, {
                    headers,
                });
                return ((await res.json()) as { deliveries: DeliveryView[] }).deliveries;
            };
            const all = await eventually(async () => {
                const list = await listed();
                // 3 batches: sealed + this subsystem's items anchored (a shared ledger may seal others' too).
                const ours = list.filter((d) => d.type === 'anchor.items-anchored');
                return ours.length === 3 && list.length >= 6 && list.every((d) => d.status === 'delivered')
                    ? list
                    : undefined;
            }, 'every delivery after the restart');
            expect([...rx.uniqueIds()].sort()).to.deep.equal(all.map((d) => d.deliveryId).sort());
        } finally {
            await server.stop();
            await rx.close();
            await rm(dataDir, { recursive: true, force: true });
        }
    });
});
