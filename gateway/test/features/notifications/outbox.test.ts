import { expect } from 'chai';
import { INDEX_FEATURES } from '../../../src/projections';
import { IndexStore } from '../../../src/platform/store/index-store';
import { notificationOutbox } from '../../../src/features/notifications/outbox';
import { NotificationStore, type PendingMessage } from '../../../src/features/notifications/store';
import { observedBy } from '../../../src/platform/store/projection';
import { newSecret } from '../../../src/features/notifications/signing';
import {
    makePgliteDatabase,
    makeServerDatabase,
    type MakeTestDatabase,
    type TestDatabase,
} from '../../platform/store/backends';
import { ledgerEvent } from '../../platform/store/events';

function batch(id: string, sources: string[]): Record<string, unknown> {
    return {
        batchId: id,
        rootHash: 'a'.repeat(64),
        treeSize: 2,
        kinds: ['file'],
        sources,
        recordedBy: { sub: 'gw', role: 'subsystem' },
        recordedAt: '2026-01-01T00:00:00.000Z',
        txId: `tx-${id}`,
    };
}

function step(caseId: string, seq: number): Record<string, unknown> {
    return {
        steps: [
            {
                step: 'inquiry',
                caseId,
                seq,
                actor: { sub: 'e-1', role: 'enforcement' },
                at: '2026-01-01T00:00:00.000Z',
                txId: `tx-${caseId}-${seq}`,
                automatic: false,
            },
        ],
    };
}

function suite(name: string, make: MakeTestDatabase): void {
    describe(`notifications outbox [${name}]`, () => {
        let test: TestDatabase;
        let index: IndexStore;
        let store: NotificationStore;
        beforeEach(async () => {
            test = await make();
            index = new IndexStore(test.db, INDEX_FEATURES);
            await index.migrate();
            store = new NotificationStore(test.db);
        });
        afterEach(async () => {
            await test.dispose();
        });

        const outbox = (): Promise<{ subscription_id: string; event_id: string }[]> =>
            test.db.query(
                'SELECT subscription_id, event_id FROM notification_outbox ORDER BY block_number, tx_index, idx, subscription_id',
            );

        it('writes one message per matching subscription in the projection transaction, after its creation only', async () => {
            await index.applyEvents([ledgerEvent(0, 0, 'AnchorRecorded', batch('b0', ['trial']))]);
            const trial = await store.create({
                ownerSub: 'trial',
                ownerRole: 'subsystem',
                url: 'http://127.0.0.1:9/hook',
                events: ['anchor.items-anchored', 'anchor.batch-sealed', 'enforcement.step'],
                caseIds: ['E-1'],
                secret: newSecret(),
            });
            const clerk = await store.create({
                ownerSub: 'c-1',
                ownerRole: 'clerk',
                url: 'http://127.0.0.1:9/hook',
                events: ['enforcement.step'],
                caseIds: undefined,
                secret: newSecret(),
            });
            await index.applyEvents([
                ledgerEvent(1, 0, 'AnchorRecorded', batch('b1', ['archive', 'trial'])),
                ledgerEvent(1, 1, 'AnchorRecorded', batch('b2', ['archive'])),
                ledgerEvent(2, 0, 'EnforcementStep', step('E-1', 1)),
                ledgerEvent(2, 1, 'EnforcementStep', step('E-2', 1)),
            ]);
            const owner = new Map([
                [trial.subscriptionId, 'trial'],
                [clerk.subscriptionId, 'clerk'],
            ]);
            const messages = (await outbox()).map((m) => `${owner.get(m.subscription_id) ?? '?'} ${m.event_id}`);
            expect(messages.sort()).to.deep.equal([
                'clerk evt_2_0_0', // both cases for court staff
                'clerk evt_2_1_0',
                'trial evt_1_0_0', // b1 sealed
                'trial evt_1_0_2', // b1 holds trial's items (index 1 is archive's)
                'trial evt_1_1_0', // b2 sealed (archive's items only: no items-anchored for trial)
                'trial evt_2_0_0', // its case E-1 only
            ]);
            const [sealed] = await store.eventsAfter(
                { blockNumber: 0, txIndex: 0, idx: 0 },
                { ownerSub: 'trial', events: ['anchor.batch-sealed'], caseIds: undefined },
                10,
            );
            expect(sealed).to.deep.include({ id: 'evt_1_0_0', type: 'anchor.batch-sealed' });
            expect(sealed?.data).to.deep.include({ batchId: 'b1', blockNumber: 1, txId: 'tx-1-0' });
        });

        it('gives the messages it wrote to the index listeners once committed, as the outbox reads them', async () => {
            const trial = await store.create({
                ownerSub: 'trial',
                ownerRole: 'subsystem',
                url: 'http://127.0.0.1:9/hook',
                events: ['anchor.items-anchored', 'anchor.batch-sealed'],
                caseIds: undefined,
                secret: newSecret(),
            });
            const pushed: PendingMessage[] = [];
            index.onApplied((change) =>
                pushed.push(...observedBy(change, notificationOutbox).flatMap((w) => w.messages)),
            );
            const events = [ledgerEvent(1, 0, 'AnchorRecorded', batch('b1', ['archive', 'trial']))];
            await index.applyEvents(events);
            const read = await store.pending(10, []);
            expect(pushed.map((m) => m.event.id)).to.deep.equal(['evt_1_0_0', 'evt_1_0_2']);
            expect(pushed).to.deep.equal(read.get(trial.subscriptionId));
            await index.applyEvents(events); // a replay writes nothing and gives nothing
            expect(pushed).to.have.length(2);
        });

        it('creates nothing twice when the events are replayed after a rebuild, nor for a deleted subscription', async () => {
            const trial = await store.create({
                ownerSub: 'trial',
                ownerRole: 'subsystem',
                url: 'http://127.0.0.1:9/hook',
                events: ['anchor.items-anchored'],
                caseIds: undefined,
                secret: newSecret(),
            });
            const events = [0, 1, 2].map((n) => ledgerEvent(n, 0, 'AnchorRecorded', batch(`b${n}`, ['trial'])));
            await index.applyEvents(events);
            const before = await outbox();
            expect(before).to.have.length(3);
            await index.rebuild();
            await index.applyEvents(events.slice(0, 1));
            await index.applyEvents(events.slice(1));
            expect(await outbox()).to.deep.equal(before);
            expect(await store.delete('trial', trial.subscriptionId)).to.equal(true);
            await index.applyEvents([ledgerEvent(3, 0, 'AnchorRecorded', batch('b3', ['trial']))]);
            expect(await outbox()).to.deep.equal(before);
            const [{ count }] = (await test.db.query<{ count: number }>(
                'SELECT count(*)::integer AS count FROM notification_events',
            )) as [{ count: number }];
            expect(count).to.equal(8); // four batches: sealed + items-anchored each
        });

        it('reads the new messages of every live queue and records many attempts in one statement each', async () => {
            const subscription = (ownerSub: string) =>
                store.create({
                    ownerSub,
                    ownerRole: 'subsystem',
                    url: 'http://127.0.0.1:9/hook',
                    events: ['anchor.items-anchored'],
                    caseIds: undefined,
                    secret: newSecret(),
                });
            const [trial, idle, gone] = [
                await subscription('trial'),
                await subscription('idle'),
                await subscription('gone'),
            ];
            await store.delete('gone', gone.subscriptionId);
            await index.applyEvents(
                [0, 1, 2].map((n) => ledgerEvent(n, 0, 'AnchorRecorded', batch(`b${n}`, ['trial']))),
            );
            const ids = (queues: Map<string, { event: { id: string } }[]>) =>
                Object.fromEntries([...queues].map(([id, queue]) => [id, queue.map((m) => m.event.id)]));

            const first = await store.pending(2, []);
            expect(ids(first)).to.deep.equal({
                [trial.subscriptionId]: ['evt_0_0_1', 'evt_1_0_1'],
                [idle.subscriptionId]: [],
            });
            const [m0, m1] = first.get(trial.subscriptionId) ?? [];
            if (m0 === undefined || m1 === undefined) {
                throw new Error('two messages expected');
            }
            const after = await store.pending(10, [
                { subscriptionId: trial.subscriptionId, after: m0.position, room: 1 },
            ]);
            expect(ids(after)).to.deep.equal({ [trial.subscriptionId]: ['evt_1_0_1'], [idle.subscriptionId]: [] });

            const at = new Date('2026-01-01T00:00:00.000Z');
            const retry = new Date('2026-01-01T01:00:00.000Z');
            await store.recordAttempts([
                {
                    messageId: m0.messageId,
                    attempt: 1,
                    startedAt: at,
                    durationMs: 5,
                    statusCode: 500,
                    error: 'HTTP 500',
                    outcome: 'failed',
                    nextAttemptAt: retry,
                },
                {
                    messageId: m1.messageId,
                    attempt: 1,
                    startedAt: at,
                    durationMs: 7,
                    error: 'timed out',
                    outcome: 'parked',
                },
                {
                    messageId: m0.messageId,
                    attempt: 2,
                    startedAt: at,
                    durationMs: 3,
                    statusCode: 204,
                    outcome: 'delivered',
                },
            ]);
            const listed = await store.deliveries(trial.subscriptionId, undefined, 10);
            expect(listed.map((d) => [d.eventId, d.status, d.attempts.map((a) => a.outcome)])).to.deep.equal([
                ['evt_2_0_1', 'pending', []],
                ['evt_1_0_1', 'parked', ['parked']],
                ['evt_0_0_1', 'delivered', ['failed', 'delivered']],
            ]);
            expect(listed[2]?.attempts.map((a) => a.statusCode)).to.deep.equal([500, 204]);
            expect(listed[2]?.deliveredAt).to.equal('2026-01-01T00:00:00.003Z');
            // Delivered and parked messages leave the queue.
            expect(ids(await store.pending(10, []))[trial.subscriptionId]).to.deep.equal(['evt_2_0_1']);
        });
    });
}

suite('PGlite', makePgliteDatabase);
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl !== undefined && databaseUrl !== '') {
    suite('PostgreSQL server', makeServerDatabase(databaseUrl));
}
