/**
 * Replay: verifies stored blocks (numbering, hash chain, data hash, node signature, private data hashes,
 * key-level endorsement) and applies their valid transactions to the world state, one LevelDB batch per
 * block with its savepoint. Refuses, naming the block, at the first thing that does not match; nothing is
 * trusted that was not re-derived from the stored bytes. Start-up replays the blocks after the state's
 * savepoint (all of them for a new or deleted state DB); `court-ledger ledger check` replays all of them into
 * a scratch state.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { ChainIntegrityError, type FramePosition, type StoredBlock } from './block-store';
import {
    blockHash,
    dataHash,
    GENESIS_PREVIOUS_HASH,
    sha256Hex,
    transactionHash,
    verifyHeaderSignature,
} from './chain-hash';
import { endorsingMspIds, keyPolicyViolation, validationParameter } from './endorsement-policy';
import type { ConfigTransaction, EndorserTransaction, TransactionEnvelope } from './envelope';
import type { PrivateBlockRecord, PrivateDataStore } from './pvt-store';
import type { KeyWrite } from './rwset';
import type { Savepoint, WorldState } from './state-db';

/** Replays blocks into a world state (with its txId index). */
export class ChainReplayer {
    /** Hash of the last replayed block's header. */
    lastHash = GENESIS_PREVIOUS_HASH;
    /** Block 0's configuration, once replayed. */
    genesis: ConfigTransaction | undefined;
    private nodeKey: KeyObject | undefined;

    constructor(
        private readonly file: string,
        private readonly state: WorldState,
        private readonly privateData: PrivateDataStore,
    ) {}

    /** Continues after the blocks a savepoint holds, checking signatures with the node key of block 0. */
    resume(savepoint: Savepoint, nodePublicKey: string): void {
        this.lastHash = savepoint.headerHash;
        this.nodeKey = createPublicKey(nodePublicKey);
    }

    /** Verifies and applies block `number` (the `onBlock` callback of `BlockStore.open`). */
    async replay(block: StoredBlock, number: number, position: FramePosition): Promise<void> {
        const fail = (reason: string): never => {
            throw new ChainIntegrityError(number, this.file, reason);
        };
        const { header } = block;
        if (header.number !== number) {
            fail(`header says block ${header.number}`);
        }
        if (header.previousHash !== this.lastHash) {
            fail('previousHash does not match the previous block');
        }
        if (header.dataHash !== dataHash(block.transactions.map((tx) => transactionHash(tx)))) {
            fail('dataHash does not match its transactions');
        }
        const envelopes = block.transactions.map((line, i) => {
            try {
                return JSON.parse(line.toString('utf8')) as TransactionEnvelope;
            } catch {
                return fail(`transaction ${i} is not JSON`);
            }
        });
        if (number === 0) {
            const config = envelopes[0];
            if (config?.type !== 'config' || envelopes.length !== 1) {
                fail('block 0 must hold exactly one config transaction');
            }
            this.genesis = config as ConfigTransaction;
            this.nodeKey = createPublicKey(this.genesis.nodePublicKey);
        }
        if (this.nodeKey === undefined || !verifyHeaderSignature(header, block.signature, this.nodeKey)) {
            fail('header signature does not verify with the node key of block 0');
        }
        const privateRecord = this.privateData.take(number);
        const update = this.state.update(number);
        envelopes.forEach((envelope, txIndex) => {
            update.indexTransaction(envelope.txId, { blockNumber: number, txIndex });
            if (envelope.type !== 'endorser') {
                return;
            }
            const valid = envelope.validationCode === 'VALID';
            let writes: Map<string, KeyWrite> | undefined;
            if (envelope.endorsements !== undefined) {
                // Key-level endorsement is re-derived: the state holds exactly the valid transactions before
                // this one (earlier blocks and earlier in this block), as the validator saw it at commit.
                writes = publicWrites(envelope);
                const violation = keyPolicyViolation(
                    writes,
                    (key) => validationParameter(update.get('', key)?.metadata),
                    endorsingMspIds(envelope),
                );
                if ((violation !== undefined) !== (envelope.validationCode === 'ENDORSEMENT_POLICY_FAILURE')) {
                    fail(
                        `transaction ${txIndex} is stored ${envelope.validationCode} but key-level endorsement ` +
                            `re-validation says ${violation ?? 'its endorsements satisfy every key policy'}`,
                    );
                }
            }
            if (valid) {
                update.apply(
                    {
                        public: writes ?? publicWrites(envelope),
                        collections: privateWrites(envelope, txIndex, privateRecord, fail),
                    },
                    { blockNumber: number, txIndex },
                );
            }
        });
        const headerHash = blockHash(header);
        const pvtEnd = this.privateData.endThrough(number);
        await update.commit({ height: number + 1, headerHash, blockEnd: position.end, pvtEnd }, position.offset);
        this.lastHash = headerHash;
    }
}

function publicWrites(envelope: EndorserTransaction): Map<string, KeyWrite> {
    const writes = new Map<string, KeyWrite>();
    for (const { key, value } of envelope.rwset.writes) {
        writes.set(key, { value: value === null ? null : Buffer.from(value, 'base64') });
    }
    for (const { key, name, value } of envelope.rwset.metadataWrites) {
        let write = writes.get(key);
        if (write === undefined) {
            write = { value: undefined };
            writes.set(key, write);
        }
        write.metadata ??= new Map();
        write.metadata.set(name, Buffer.from(value, 'base64'));
    }
    return writes;
}

/** The private writes of one transaction from the private data store, checked against the block's hashes. */
function privateWrites(
    envelope: EndorserTransaction,
    txIndex: number,
    record: PrivateBlockRecord | undefined,
    fail: (reason: string) => never,
): Map<string, Map<string, KeyWrite>> {
    const expected = new Map<string, string | null>();
    for (const { collection, writes } of envelope.rwset.collections) {
        for (const { keyHash, valueHash } of writes) {
            expected.set(`${collection}\u0000${keyHash}`, valueHash);
        }
    }
    const result = new Map<string, Map<string, KeyWrite>>();
    for (const write of record?.writes ?? []) {
        if (write.txIndex !== txIndex) {
            continue;
        }
        const value =
            write.value === undefined ? undefined : write.value === null ? null : Buffer.from(write.value, 'base64');
        if (value !== undefined) {
            const slot = `${write.collection}\u0000${sha256Hex(write.key)}`;
            const valueHash = value === null ? null : sha256Hex(value);
            if (!expected.has(slot) || expected.get(slot) !== valueHash) {
                fail(`private data of transaction ${txIndex} does not match the hashes in the block`);
            }
            expected.delete(slot);
        }
        let collection = result.get(write.collection);
        if (collection === undefined) {
            collection = new Map();
            result.set(write.collection, collection);
        }
        const metadata =
            write.metadata === undefined
                ? undefined
                : new Map(Object.entries(write.metadata).map(([name, v]) => [name, Buffer.from(v, 'base64')]));
        collection.set(write.key, metadata === undefined ? { value } : { value, metadata });
    }
    if (expected.size > 0) {
        fail(`private data of transaction ${txIndex} is missing from the private data store`);
    }
    return result;
}
