import { expect } from 'chai';
import { Lanes } from '../../../src/features/notifications/lanes';
import type { AttemptResult, PendingMessage } from '../../../src/features/notifications/store';
import { pendingMessage } from './messages';

/** The n-th message of `subscriptionId`, ids as `a-1`. */
function message(subscriptionId: string, n: number): PendingMessage {
    return { ...pendingMessage('http://127.0.0.1:9/hook', subscriptionId, n), messageId: `${subscriptionId}-${n}` };
}

function outcome(m: PendingMessage, result: AttemptResult['outcome'], retryAt?: number): AttemptResult {
    return {
        messageId: m.messageId,
        attempt: m.attempts + 1,
        startedAt: new Date(0),
        durationMs: 1,
        outcome: result,
        ...(retryAt === undefined ? {} : { nextAttemptAt: new Date(retryAt) }),
    };
}

const ids = (messages: readonly PendingMessage[]): string[] => messages.map((m) => m.messageId);

describe('notifications: lanes (the queues the delivery worker holds)', () => {
    it('sends one message per subscription at a time, in order, and keeps a failed one first until its retry', () => {
        const lanes = new Lanes();
        const [a1, a2, b1] = [message('a', 1), message('a', 2), message('b', 1)];
        lanes.merge(
            new Map([
                ['a', [a1, a2]],
                ['b', [b1]],
            ]),
            [],
            10,
        );
        expect(ids(lanes.take(0, 10))).to.deep.equal(['a-1', 'b-1']); // a-2 waits for a-1
        expect(lanes.take(0, 10)).to.deep.equal([]);
        lanes.settle(a1, outcome(a1, 'failed', 500));
        expect(lanes.nextDue()).to.equal(500);
        expect(lanes.take(499, 10)).to.deep.equal([]);
        const [retry] = lanes.take(500, 10);
        expect(retry).to.deep.include({ messageId: 'a-1', attempts: 1 });
        lanes.settle(retry ?? a1, outcome(retry ?? a1, 'delivered'));
        expect(ids(lanes.take(500, 10))).to.deep.equal(['a-2']);
    });

    it('asks only for what follows each lane, takes in new messages, and says when a drained lane may have more', () => {
        const lanes = new Lanes();
        const [a1, a2, a3] = [message('a', 1), message('a', 2), message('a', 3)];
        lanes.merge(new Map([['a', [a1, a2]]]), [], 2); // a full window: more may wait
        expect(lanes.cursors(2)).to.deep.equal([{ subscriptionId: 'a', after: a2.position, room: 0 }]);
        lanes.take(0, 1);
        expect(lanes.settle(a1, outcome(a1, 'delivered'))).to.equal(false);
        lanes.take(0, 1);
        expect(lanes.settle(a2, outcome(a2, 'parked'))).to.equal(true); // drained a full window: read again
        const cursors = lanes.cursors(2);
        expect(cursors).to.deep.equal([{ subscriptionId: 'a', after: a2.position, room: 2 }]);
        lanes.merge(new Map([['a', [a3]]]), cursors, 2);
        expect(ids(lanes.take(0, 1))).to.deep.equal(['a-3']);
    });

    it('reads a lane again from its start after a redelivery, once nothing of it is in flight', () => {
        const lanes = new Lanes();
        const [a1, a2] = [message('a', 1), message('a', 2)];
        lanes.merge(new Map([['a', [a2]]]), [], 10);
        lanes.take(0, 1);
        lanes.reset('a');
        expect(lanes.cursors(10)).to.deep.equal([]); // read from the start
        expect(lanes.merge(new Map([['a', [a1, a2]]]), [], 10)).to.equal(true); // a-2 in flight: look again
        lanes.beginFlush();
        lanes.settle(a2, outcome(a2, 'delivered'));
        lanes.beginFlush(); // its outcome is recorded before the next read
        expect(lanes.merge(new Map([['a', [a1]]]), [], 10)).to.equal(false);
        expect(ids(lanes.take(0, 1))).to.deep.equal(['a-1']);
    });

    it('drops the lane of a deleted subscription, even when a read that began before brings it back', () => {
        const lanes = new Lanes();
        const [a1, a2, b1] = [message('a', 1), message('a', 2), message('b', 1)];
        lanes.merge(new Map([['a', [a1, a2]]]), [], 10);
        lanes.forget('a');
        lanes.merge(
            new Map([
                ['a', [a1, a2]],
                ['b', [b1]],
            ]),
            [],
            10,
        );
        expect(ids(lanes.take(0, 10))).to.deep.equal(['b-1']);
        // A subscription absent from a read (deleted elsewhere) loses its lane too.
        lanes.settle(b1, outcome(b1, 'failed', 0));
        lanes.merge(new Map(), [], 10);
        expect(lanes.take(0, 10)).to.deep.equal([]);
    });

    it('takes in pushed messages after what a lane knows, and asks for a read when only a read can place them', () => {
        const lanes = new Lanes();
        const [a1, a2, a3, a4, b1] = [
            message('a', 1),
            message('a', 2),
            message('a', 3),
            message('a', 4),
            message('b', 1),
        ];
        expect(lanes.push([a1, b1], 2)).to.equal(true); // no lane yet: what comes before them is unknown
        expect(lanes.take(0, 10)).to.deep.equal([]);
        lanes.merge(
            new Map([
                ['a', [a1]],
                ['b', []],
            ]),
            [],
            2,
        ); // the read saw a-1; b's queue is empty
        expect(lanes.push([a1, a2, b1], 2)).to.equal(false); // a-1 is held already: skipped
        expect(ids(lanes.take(0, 10))).to.deep.equal(['a-1', 'b-1']);
        lanes.settle(a1, outcome(a1, 'delivered'));
        expect(ids(lanes.take(0, 10))).to.deep.equal(['a-2']);
        // A lane holding a full window takes nothing more; it reads once drained, after the last it holds.
        expect(lanes.push([a3], 1)).to.equal(false);
        expect(lanes.push([a4], 2)).to.equal(false);
        expect(lanes.settle(a2, outcome(a2, 'delivered'))).to.equal(true);
        expect(lanes.cursors(2)).to.deep.include({ subscriptionId: 'a', after: a2.position, room: 2 });
        // A lane to reset takes nothing pushed: the read that replaces its queue must be made after.
        lanes.reset('b');
        expect(lanes.push([message('b', 2)], 2)).to.equal(true);
    });
});
