import { expect } from 'chai';
import type { BlockEvents, Committed, EventCheckpoint, Ledger } from '../../../../src/platform/ledger/ledger';

/** Every item of `ledger.events(after)` up to `untilHeight` (the stream ends there by itself). */
export async function readBlocks(
    ledger: Pick<Ledger, 'events'>,
    after: EventCheckpoint | undefined,
    untilHeight: number,
): Promise<BlockEvents[]> {
    const blocks: BlockEvents[] = [];
    for await (const block of ledger.events(after, new AbortController().signal, { untilHeight })) {
        blocks.push(block);
    }
    return blocks;
}

/**
 * Checks the block-boundary contract every `Ledger` honours (see `Ledger.events`) on `blocks`, read from
 * `after` to `untilHeight`: one item per block, consecutive, none skipped (blocks without events included);
 * each item holds only its own block's events, in transaction order, in the first block only those after the
 * checkpoint; and the event of every transaction of `committed` in that range is in its own block's item.
 */
export function expectBlockStream(
    blocks: readonly BlockEvents[],
    after: EventCheckpoint | undefined,
    untilHeight: number,
    committed: readonly Committed[],
): void {
    const first = after?.blockNumber ?? 0;
    expect(blocks.map((b) => b.blockNumber)).to.deep.equal(
        Array.from({ length: untilHeight - first }, (_, i) => first + i),
    );
    for (const block of blocks) {
        const positions = block.events.map((e) => e.txIndex);
        expect(block.events.every((e) => e.blockNumber === block.blockNumber)).to.equal(true);
        expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
        expect(new Set(positions).size).to.equal(positions.length);
        if (after !== undefined && block.blockNumber === after.blockNumber) {
            expect(positions.every((p) => p > after.txIndex)).to.equal(true);
        }
    }
    const byNumber = new Map(blocks.map((b) => [b.blockNumber, b]));
    for (const tx of committed.filter((c) => c.blockNumber > first && c.blockNumber < untilHeight)) {
        const block = byNumber.get(tx.blockNumber);
        expect(
            block?.events.map((e) => e.txId),
            `block ${tx.blockNumber}`,
        ).to.include(tx.txId);
    }
}
