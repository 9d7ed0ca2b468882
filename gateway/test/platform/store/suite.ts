import { expect } from 'chai';
import fc from 'fast-check';
import { recordedBatchIds } from '../../../src/features/anchoring/projection.js';
import { batchById } from '../../../src/features/anchoring/store.js';
import { addCustodyNote, custodyNotes } from '../../../src/features/evidence/custody-notes.js';
import { evidenceChanges } from '../../../src/features/evidence/projection.js';
import { evidenceByCase, evidenceByDigest, evidenceById } from '../../../src/features/evidence/store.js';
import { servicesOfRecipient } from '../../../src/features/service-of-process/store.js';
import type { SqlDatabase } from '../../../src/platform/store/db.js';
import { IndexStore } from '../../../src/platform/store/index-store.js';
import { transactionPositions } from '../../../src/platform/store/transactions.js';
import { INDEX_FEATURES } from '../../../src/projections.js';
import { MIGRATIONS, migrate } from '../../../src/platform/store/migrations.js';
import { keepTexts, sealText, textsByDigest } from '../../../src/platform/store/off-chain-texts.js';
import type { IndexChange } from '../../../src/platform/store/projection.js';
import { IndexProjectionError } from '../../../src/platform/store/projection.js';
import type { LedgerEvent } from '@court-ledger/ledger-api';
import { anchorEvent } from '../../features/anchoring/fixtures.js';
import type { MakeTestDatabase } from './backends.js';
import { expectRejection, useIndex } from './index-fixture.js';
import { ledgerEvent, sha256Hex, syntheticStream } from './events.js';
import { projectionSnapshot } from './snapshot.js';

/** Splits `events` into consecutive chunks of the given sizes (cycled). */
function chunked<T>(events: readonly T[], sizes: readonly number[]): T[][] {
    const chunks: T[][] = [];
    for (let i = 0, n = 0; i < events.length; n++) {
        const size = sizes[n % sizes.length] ?? 1;
        chunks.push(events.slice(i, i + size));
        i += size;
    }
    return chunks;
}

/**
 * The index test suite, run once per backend (PGlite, PostgreSQL server). `makeDb` opens a fresh, empty
 * database; the suite shares one across its tests and empties it before each.
 */
export function describeIndexSuite(name: string, makeDb: MakeTestDatabase): void {
    describe(`index store (${name})`, function () {
        this.timeout(120_000);
        const index = useIndex(makeDb);
        let db: SqlDatabase;
        let store: IndexStore;

        before(() => {
            db = index.db;
            store = index.store;
        });

        describe('migrations', () => {
            it('apply once, then are a no-op, and are recorded with checksums', async () => {
                const fresh = await makeDb();
                try {
                    const versions = MIGRATIONS.map((m) => m.version);
                    expect(await migrate(fresh.db)).to.deep.equal(versions);
                    expect(await migrate(fresh.db)).to.deep.equal([]);
                    const rows = await fresh.db.query<{ version: number }>(
                        'SELECT version FROM schema_migrations ORDER BY version',
                    );
                    expect(rows.map((r) => r.version)).to.deep.equal(versions);
                    const tables = await fresh.db.query<{ table_name: string }>(
                        `SELECT table_name FROM information_schema.tables
                         WHERE table_schema = current_schema() ORDER BY table_name`,
                    );
                    expect(tables.map((t) => t.table_name)).to.deep.equal([
                        'anchor_batches',
                        'case_participants',
                        'case_policies',
                        'cases',
                        'custody_notes',
                        'document_files',
                        'enforcement_agreements',
                        'enforcement_cases',
                        'enforcement_steps',
                        'evidence',
                        'evidence_custody',
                        'guarantees',
                        'idempotency_keys',
                        'ledger_checkpoint',
                        'ledger_transactions',
                        'notification_attempts',
                        'notification_events',
                        'notification_outbox',
                        'notification_subscriptions',
                        'off_chain_texts',
                        'outages',
                        'preservations',
                        'recipient_keys',
                        'recording_segments',
                        'recording_sessions',
                        'schema_migrations',
                        'service_events',
                        'services',
                    ]);
                } finally {
                    await fresh.dispose();
                }
            });

            it('run concurrently from two handles apply each migration exactly once', async () => {
                const fresh = await makeDb();
                try {
                    const second = await fresh.another();
                    const results = await Promise.all([migrate(fresh.db), migrate(second), migrate(fresh.db)]);
                    expect(results.flat()).to.deep.equal(MIGRATIONS.map((m) => m.version));
                    const next = Math.max(...MIGRATIONS.map((m) => m.version)) + 1;
                    const extra = { version: next, name: 'extra', statements: ['CREATE TABLE extra (id integer)'] };
                    const again = await Promise.all([
                        migrate(fresh.db, [...MIGRATIONS, extra]),
                        migrate(second, [...MIGRATIONS, extra]),
                    ]);
                    expect(again.flat()).to.deep.equal([next]);
                } finally {
                    await fresh.dispose();
                }
            });

            it('move the events of services projected before migration 12 into service_events', async () => {
                const fresh = await makeDb();
                try {
                    await migrate(
                        fresh.db,
                        MIGRATIONS.filter((m) => m.version < 12),
                    );
                    const later = MIGRATIONS.filter((m) => m.version >= 12).map((m) => m.version);
                    const at = '2026-03-01T08:00:00.000Z';
                    const entry = (type: string, txId: string) => ({ type, at, recordedAt: at, actor: {}, txId });
                    const record = {
                        serviceId: 'svc_1',
                        recipientPseudonym: sha256Hex('recipient'),
                        status: 'read',
                        issuedAt: at,
                        txId: 't1',
                        events: [entry('issued', 't1'), entry('sent', 't2'), entry('read', 't3')],
                    };
                    await fresh.db.query(
                        `INSERT INTO services (service_id, case_id, recipient_pseudonym, document_type, channel, status,
                             issued_at, tx_id, block_number, updated_block, record)
                         VALUES ('svc_1', 'C-1', $1, 'summons', 'platform', 'read', $2, 't1', 4, 9, $3)`,
                        [record.recipientPseudonym, at, JSON.stringify(record)],
                    );
                    for (const [txId, block] of [
                        ['t1', 4],
                        ['t2', 7],
                        ['t3', 9],
                    ] as const) {
                        await fresh.db.query(
                            `INSERT INTO ledger_transactions (tx_id, block_number, tx_index, event_name, tx_timestamp)
                             VALUES ($1, $2, 0, 'ServiceEvent', $3)`,
                            [txId, block, at],
                        );
                    }
                    expect(await migrate(fresh.db)).to.deep.equal(later);
                    const [service] = await servicesOfRecipient(fresh.db, record.recipientPseudonym, 10);
                    expect(service?.record).to.deep.equal(record);
                    const rows = await fresh.db.query<{ seq: number; block_number: number; tx_id: string }>(
                        'SELECT seq, block_number, tx_id FROM service_events ORDER BY seq',
                    );
                    expect(rows).to.deep.equal([
                        { seq: 0, block_number: 4, tx_id: 't1' },
                        { seq: 1, block_number: 7, tx_id: 't2' },
                        { seq: 2, block_number: 9, tx_id: 't3' },
                    ]);
                } finally {
                    await fresh.dispose();
                }
            });

            it('refuse an edited migration and a database migrated by a newer gateway', async () => {
                const edited = MIGRATIONS.map((m) => ({ ...m, statements: [...m.statements, 'SELECT 1'] }));
                await expectRejection(migrate(db, edited), /was edited/);
                await db.query(`INSERT INTO schema_migrations (version, name, checksum) VALUES (99, 'future', 'x')`);
                try {
                    await expectRejection(migrate(db), /unknown to this gateway/);
                } finally {
                    await db.query('DELETE FROM schema_migrations WHERE version = 99');
                }
            });
        });

        describe('projection', () => {
            it('projects a synthetic event stream', async () => {
                const stream = syntheticStream(80, 7);
                const changes: IndexChange[] = [];
                const off = store.onApplied((c) => changes.push(c));
                await store.applyEvents(stream.events);
                off();
                const last = stream.events[stream.events.length - 1]!;
                expect(await store.checkpoint()).to.deep.equal({
                    blockNumber: last.blockNumber,
                    txIndex: last.txIndex,
                });

                for (const record of stream.evidence.values()) {
                    const indexed = await evidenceById(db, record.evidenceId);
                    expect(indexed?.record).to.deep.equal(record);
                    const submitted = stream.events.find((e) => e.txId === record.txId)!;
                    expect(indexed?.blockNumber).to.equal(submitted.blockNumber);
                    const bySha = await evidenceByDigest(db, 'sha256', record.digests.sha256.toUpperCase());
                    expect(bySha.map((e) => e.record.evidenceId)).to.include(record.evidenceId);
                    if (record.digests.sm3 !== undefined) {
                        const bySm3 = await evidenceByDigest(db, 'sm3', record.digests.sm3);
                        expect(bySm3.map((e) => e.record.evidenceId)).to.deep.equal([record.evidenceId]);
                    }
                    const custody = await db.query<{ seq: number; tx_id: string; block_number: number | null }>(
                        'SELECT seq, tx_id, block_number FROM evidence_custody WHERE evidence_id = $1 ORDER BY seq',
                        [record.evidenceId],
                    );
                    expect(custody.map((c) => c.tx_id)).to.deep.equal(record.custody.map((c) => c.txId));
                    for (const row of custody) {
                        const event = stream.events.find((e) => e.txId === row.tx_id)!;
                        expect(row.block_number).to.equal(event.blockNumber);
                    }
                }
                const cases = new Set([...stream.evidence.values()].map((e) => e.caseId));
                for (const caseId of cases) {
                    const expected = [...stream.evidence.values()].filter((e) => e.caseId === caseId);
                    const listed = await evidenceByCase(db, caseId);
                    expect(listed.map((e) => e.record.evidenceId).sort()).to.deep.equal(
                        expected.map((e) => e.evidenceId).sort(),
                    );
                }
                for (const [batchId, record] of stream.batches) {
                    const batch = await batchById(db, { batchItemCount: () => Promise.resolve(0) }, batchId);
                    expect(batch).to.include({ batchId, rootHash: record.rootHash, itemCount: 0 });
                    expect(batch?.record).to.deep.equal(record);
                    expect(batch?.recordedAt).to.equal(record.recordedAt);
                }
                expect(await evidenceById(db, 'ev_missing')).to.equal(undefined);
                expect(await batchById(db, { batchItemCount: () => Promise.resolve(0) }, 'b_missing')).to.equal(
                    undefined,
                );

                expect(changes).to.have.length(1);
                const change = changes[0]!;
                expect(change.applied).to.equal(stream.events.length);
                expect(recordedBatchIds(change)).to.have.members([...stream.batches.keys()]);
                const sha = [...stream.evidence.values()].map((e) => e.digests.sha256);
                expect(evidenceChanges(change).sha256).to.have.members(sha);
                expect(evidenceChanges(change).digests).to.include.members(sha);
                expect(change.projected.map((p) => p.event.txId)).to.deep.equal(
                    stream.events.filter((e) => e.name !== 'SomethingElse').map((e) => e.txId),
                );

                // Every transaction is journalled with its block, whatever its contract.
                const positions = await transactionPositions(
                    db,
                    stream.events.map((e) => e.txId),
                );
                for (const event of stream.events) {
                    expect(positions.get(event.txId)).to.deep.equal({
                        blockNumber: event.blockNumber,
                        txIndex: event.txIndex,
                        timestamp: event.timestamp,
                    });
                }
                // Services by recipient pseudonym (the inbox), newest first, each the last record of the service.
                for (const pseudonym of new Set([...stream.services.values()].map((r) => r.recipientPseudonym))) {
                    const expected = [...stream.services.values()].filter((r) => r.recipientPseudonym === pseudonym);
                    const inbox = await servicesOfRecipient(db, String(pseudonym), 100);
                    expect(inbox.map((s) => s.record)).to.have.deep.members(expected);
                }
                for (const [id, record] of stream.guarantees) {
                    const [table, column] =
                        'letterId' in record ? ['guarantees', 'letter_id'] : ['preservations', 'application_id'];
                    const rows = await db.query<{ record: unknown }>(
                        `SELECT record FROM ${table} WHERE ${column} = $1`,
                        [id],
                    );
                    expect(rows.map((r) => r.record)).to.deep.equal([record]);
                }
            });

            it('ignores events at or before the checkpoint and still advances past unknown event types', async () => {
                const stream = syntheticStream(20, 3);
                await store.applyEvents(stream.events);
                const before = await projectionSnapshot(db);
                let calls = 0;
                store.onApplied(() => calls++);
                await store.applyEvents(stream.events);
                await store.applyEvents(stream.events.slice(5, 9));
                expect(calls).to.equal(0);
                expect(await projectionSnapshot(db)).to.deep.equal(before);
                const last = stream.events[stream.events.length - 1]!;
                await store.applyEvents([
                    ledgerEvent(last.blockNumber + 1, 0, 'SomethingElse', new Uint8Array([0xff])),
                ]);
                expect(await store.checkpoint()).to.deep.equal({ blockNumber: last.blockNumber + 1, txIndex: 0 });
                expect(calls).to.equal(1);
            });

            it('gives identical rows when replayed from every checkpoint', async () => {
                const stream = syntheticStream(40, 11);
                await store.applyEvents(stream.events);
                const expected = await projectionSnapshot(db);
                for (let k = 0; k <= stream.events.length; k++) {
                    await store.rebuild();
                    expect(await store.checkpoint()).to.equal(undefined);
                    await store.applyEvents(stream.events.slice(0, k));
                    // Redelivery from an older position (as after a reconnect), in uneven chunks.
                    for (const chunk of chunked(stream.events.slice(Math.max(0, k - 3)), [1, 4, 2, 7])) {
                        await store.applyEvents(chunk);
                    }
                    expect(await projectionSnapshot(db), `replay after ${k} events`).to.deep.equal(expected);
                }
            });

            it('gives identical rows for any chunking (property)', async () => {
                const stream = syntheticStream(60, 5);
                await store.applyEvents(stream.events);
                const expected = await projectionSnapshot(db);
                await fc.assert(
                    fc.asyncProperty(
                        fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 10 }),
                        fc.nat({ max: 5 }),
                        async (sizes, overlap) => {
                            await store.rebuild();
                            let start = 0;
                            for (const chunk of chunked(stream.events, sizes)) {
                                // Each call also re-sends up to `overlap` events that were already applied.
                                await store.applyEvents(
                                    stream.events.slice(Math.max(0, start - overlap), start + chunk.length),
                                );
                                start += chunk.length;
                            }
                            expect(await projectionSnapshot(db)).to.deep.equal(expected);
                        },
                    ),
                    { numRuns: 15 },
                );
            });

            it('applies a batch atomically: a failing event leaves neither rows nor checkpoint changed', async () => {
                const stream = syntheticStream(30, 9);
                await store.applyEvents(stream.events.slice(0, 10));
                const before = await projectionSnapshot(db);
                const checkpoint = await store.checkpoint();
                const last = stream.events[stream.events.length - 1]!;
                const base = ledgerEvent(last.blockNumber + 1, 0, 'EvidenceSubmitted', {});
                const badRecord = JSON.parse(
                    Buffer.from(stream.events.find((e) => e.name === 'EvidenceSubmitted')!.payload).toString(),
                ) as {
                    record: Record<string, unknown>;
                };
                const bad: LedgerEvent[] = [
                    // the timestamp cast fails inside PostgreSQL, after earlier events of the batch were written
                    ledgerEvent(base.blockNumber, 0, 'EvidenceSubmitted', {
                        ...badRecord.record,
                        evidenceId: 'ev_x',
                        submittedAt: 'the day before',
                    }),
                    // NOT NULL violation
                    ledgerEvent(base.blockNumber, 0, 'EvidenceSubmitted', { ...badRecord.record, evidenceId: null }),
                    // not JSON
                    ledgerEvent(base.blockNumber, 0, 'AnchorRecorded', new Uint8Array([0x7b, 0x7b])),
                    // payload type differs from the event name
                    ledgerEvent(
                        base.blockNumber,
                        0,
                        'EvidenceCustody',
                        new TextEncoder().encode('{"type":"X","record":{}}'),
                    ),
                ];
                for (const poison of bad) {
                    const batch = [
                        ...stream.events.slice(10, 20),
                        { ...poison, blockNumber: last.blockNumber + 1 },
                        ...stream.events.slice(20),
                    ];
                    const error = await expectRejection(store.applyEvents(batch), /event/);
                    if (!(error instanceof IndexProjectionError)) {
                        throw new Error(`expected an IndexProjectionError, got ${error.name}`);
                    }
                    // the set-based write falls back to one event at a time to name the culprit
                    expect(error.event.txId).to.equal(poison.txId);
                    expect(await store.checkpoint()).to.deep.equal(checkpoint);
                    expect(await projectionSnapshot(db)).to.deep.equal(before);
                }
                // the database is still usable and the good events apply
                await store.applyEvents(stream.events);
                expect(await store.checkpoint()).to.deep.equal({
                    blockNumber: last.blockNumber,
                    txIndex: last.txIndex,
                });
            });

            it('reports changes to listeners after commit; a throwing listener does not fail the apply', async () => {
                const errors: unknown[] = [];
                const local = new IndexStore(db, INDEX_FEATURES, { onError: (e) => errors.push(e) });
                const seen: IndexChange[] = [];
                local.onApplied(() => {
                    throw new Error('listener bug');
                });
                const off = local.onApplied((c) => seen.push(c));
                const stream = syntheticStream(10, 2);
                await local.applyEvents(stream.events);
                expect(seen).to.have.length(1);
                expect(errors).to.have.length(1);
                off();
                await local.applyEvents([anchorEvent(1000, 'b_x', sha256Hex('r'), 1)]);
                expect(seen).to.have.length(1);
            });

            it('rebuild empties the projection but keeps notes, off-chain texts and outages', async () => {
                await store.applyEvents(syntheticStream(10, 4).events);
                const sealed = sealText('note');
                await keepTexts(db, [sealed]);
                await addCustodyNote(db, 'ev_1', 'tx-1', sealed);
                await store.openOutage('ledger', 'down');
                await store.rebuild();
                const snapshot = await projectionSnapshot(db);
                for (const [table, rows] of Object.entries(snapshot)) {
                    expect(rows, table).to.deep.equal(
                        table === 'checkpoint' ? [{ block_number: null, tx_index: null }] : [],
                    );
                }
                expect(await store.checkpoint()).to.equal(undefined);
                expect(await custodyNotes(db, 'ev_1')).to.have.length(1);
                expect(await textsByDigest(db, [sealed.sha256])).to.deep.equal(new Map([[sealed.sha256, 'note']]));
                expect(await store.outages(10)).to.have.length(1);
            });
        });

        describe('outages', () => {
            it('keeps at most one open outage per component and lists newest first', async () => {
                await store.openOutage('ledger', 'peer unreachable', new Date('2026-01-01T00:00:00Z'));
                await store.openOutage('ledger', 'still unreachable');
                await Promise.all([store.openOutage('database', 'a'), store.openOutage('database', 'b')]);
                let list = await store.outages(10);
                expect(
                    list
                        .filter((o) => o.endedAt === undefined)
                        .map((o) => o.component)
                        .sort(),
                ).to.deep.equal(['database', 'ledger']);
                expect(list.find((o) => o.component === 'ledger')).to.include({
                    message: 'peer unreachable',
                    startedAt: '2026-01-01T00:00:00.000Z',
                });
                await store.closeOutage('ledger', new Date('2026-01-01T00:05:00Z'));
                await store.closeOutage('ledger');
                await store.openOutage('ledger', 'again');
                list = await store.outages(10);
                expect(list).to.have.length(3);
                expect(list[0]?.component).to.not.equal(undefined);
                expect(list.map((o) => o.startedAt)).to.deep.equal([...list.map((o) => o.startedAt)].sort().reverse());
                const closed = list.find((o) => o.endedAt !== undefined)!;
                expect(closed).to.include({ component: 'ledger', endedAt: '2026-01-01T00:05:00.000Z' });
                expect(await store.outages(1)).to.have.length(1);
            });
        });

        it('answers ping', async () => {
            await store.ping();
        });
    });
}
