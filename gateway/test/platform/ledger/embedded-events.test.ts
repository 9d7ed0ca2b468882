import { expect } from 'chai';
import { createEmbeddedLedger } from '../../../src/platform/ledger/embedded';
import type { Ledger, LedgerEvent } from '../../../src/platform/ledger/ledger';
import { closeLedger, counter, counterModule, openCounterLedger, takeEvents, text } from './helpers/fixtures';

function positions(events: readonly LedgerEvent[]): string[] {
    return events.map((e) => `${e.blockNumber}:${e.txIndex}`);
}

describe('embedded ledger: chaincode events', function () {
    let ledger: Ledger;
    let dataDir: string;

    before(async function () {
        ({ ledger, dataDir } = await openCounterLedger());
    });

    after(() => closeLedger(ledger));

    it('delivers committed events with their position, txId and timestamp', async function () {
        const committed = await ledger.submit(counter('increment', ['e']));
        const [event] = await takeEvents(ledger, undefined, 1);
        expect(event).to.deep.include({
            blockNumber: committed.blockNumber,
            txIndex: 0,
            txId: committed.txId,
            timestamp: committed.timestamp,
            name: 'Incremented',
        });
        expect(JSON.parse(text(event!.payload))).to.deep.equal({ name: 'e', value: 1 });
    });

    it('replays then streams live, without gaps or duplicates across the hand-over', async function () {
        // 50 committed before the subscription, 150 more racing with the replay.
        await Promise.all(Array.from({ length: 50 }, (_, i) => ledger.submit(counter('increment', [`pre${i}`]))));
        const total = 1 + 50 + 150;
        const reading = takeEvents(ledger, undefined, total);
        const live = Promise.all(
            Array.from({ length: 150 }, (_, i) => ledger.submit(counter('increment', [`live${i}`]))),
        );
        const [events] = await Promise.all([reading, live]);
        expect(events).to.have.length(total);
        const seen = positions(events);
        expect(new Set(seen).size).to.equal(total);
        const sorted = [...events].sort((a, b) => a.blockNumber - b.blockNumber || a.txIndex - b.txIndex);
        expect(positions(sorted)).to.deep.equal(seen);
        const names = events.map((e) => (JSON.parse(text(e.payload)) as { name: string }).name);
        expect(names.filter((n) => n.startsWith('live'))).to.have.length(150);
        expect(names.filter((n) => n.startsWith('pre'))).to.have.length(50);
    });

    it('resumes strictly after a checkpoint, inside a block too', async function () {
        const all = await takeEvents(ledger, undefined, 201);
        const checkpoint = all[120]!;
        const resumed = await takeEvents(
            ledger,
            { blockNumber: checkpoint.blockNumber, txIndex: checkpoint.txIndex },
            80,
        );
        expect(positions(resumed)).to.deep.equal(positions(all.slice(121)));
    });

    it('skips events of invalidated transactions', async function () {
        const results = await Promise.allSettled([
            ledger.submit(counter('increment', ['contended'])),
            ledger.submit(counter('increment', ['contended'])),
        ]);
        const winner = results.find((r) => r.status === 'fulfilled')!;
        const events = await takeEvents(ledger, undefined, 202);
        const last = events[events.length - 1]!;
        expect(last.txId).to.equal((winner as PromiseFulfilledResult<{ txId: string }>).value.txId);
        const more = await takeEvents(ledger, { blockNumber: last.blockNumber, txIndex: last.txIndex }, 1, 300);
        expect(more).to.have.length(0);
    });

    it('ends the stream when the signal aborts while waiting', async function () {
        const abort = new AbortController();
        const height = (await ledger.health()).height!;
        const iterator = ledger.events({ blockNumber: height, txIndex: 0 }, abort.signal)[Symbol.asyncIterator]();
        const next = iterator.next();
        setTimeout(() => {
            abort.abort();
        }, 20);
        expect(await next).to.deep.equal({ value: undefined, done: true });
    });

    it('fails a waiting stream with unavailable when the ledger closes, and replays after reopening', async function () {
        const height = (await ledger.health()).height!;
        const stream = ledger.events({ blockNumber: height, txIndex: 0 }, new AbortController().signal);
        const iterator = stream[Symbol.asyncIterator]();
        const outcome = iterator.next().then(
            () => undefined,
            (error: unknown) => error,
        );
        await ledger.close();
        expect(await outcome).to.have.property('kind', 'unavailable');
        ledger = await createEmbeddedLedger({ dataDir, chaincodeModulePath: counterModule() });
        const events = await takeEvents(ledger, undefined, 202);
        expect(events).to.have.length(202);
    });
});
