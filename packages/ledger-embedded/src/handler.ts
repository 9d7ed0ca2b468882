/**
 * The peer side of one transaction simulation: the object fabric-shim's `ChaincodeStub` calls (in place of
 * `lib/handler.js`'s gRPC `ChaincodeMessageHandler`), answering from the committed world state and
 * recording read versions and writes (Fabric's TxSimulator + RWSetBuilder).
 *
 * Hand-written because no library runs a Fabric peer in-process. Semantics follow a LevelDB peer:
 * - reads see committed state only, never the transaction's own writes;
 * - range scans (and partial composite keys, which the stub turns into ranges) return up to
 *   {@link QUERY_BATCH} results per `QueryStateNext`, and are re-checked at commit (phantom reads);
 * - rich queries (`GetQueryResult`) are refused, as a LevelDB peer refuses them;
 * - calls court-ledger's chaincode never makes are refused by name (deletes, key history, paginated ranges,
 *   purging private data, private data hashes, chaincode-to-chaincode invocation);
 * - collection '' is the public state, any other name a private data collection.
 * Each method returns what `lib/handler.js`'s `parseResponse` would hand back to the stub.
 */
import { ledger, peer } from '@hyperledger/fabric-protos';
import { StateQueryIterator, type RangeQueryResult, type ShimHandler, type ShimIterator } from './fabric-internals';
import { TxRwSet, type KeyWrite, type RangeRead } from './rwset';
import type { StateEntry, WorldState } from './state-db';

/** Results per `QueryResponse` page of a range scan (Fabric's default `internalQueryLimit` is larger). */
export const QUERY_BATCH = 100;

/** What a simulation needs besides the state. */
export interface SimulationContext {
    readonly state: WorldState;
    readonly channel: string;
    readonly txId: string;
    /** Chaincode name (the `namespace` of returned KVs). */
    readonly chaincodeName: string;
    /** Private data collections the chaincode defines; undefined = any name accepted. */
    readonly collections: ReadonlySet<string> | undefined;
}

interface OpenScan {
    readonly collection: string;
    readonly startKey: string;
    readonly endKey: string;
    /** Last key returned so far. */
    cursor: string | undefined;
    readonly range: RangeRead;
}

const EMPTY = Buffer.alloc(0);

/** Simulates one transaction; afterwards {@link rwset} holds what it read and wrote. */
export class TxSimulator implements ShimHandler {
    readonly rwset = new TxRwSet();
    private readonly scans = new Map<string, OpenScan>();
    private nextScanId = 0;

    constructor(private readonly ctx: SimulationContext) {}

    handleGetState(collection: string, key: string): Promise<Buffer> {
        const entry = this.read(collection, key);
        return Promise.resolve(entry === undefined ? EMPTY : Buffer.from(entry.value));
    }

    handlePutState(collection: string, key: string, value: Uint8Array): Promise<Buffer> {
        this.write(collection, key).value = Buffer.from(value);
        return Promise.resolve(EMPTY);
    }

    handleDeleteState(): Promise<Buffer> {
        return unsupported('DelState');
    }

    handlePurgeState(): Promise<Buffer> {
        return unsupported('PurgePrivateData');
    }

    handlePutStateMetadata(collection: string, key: string, metakey: string, ep: Uint8Array): Promise<Buffer> {
        const write = this.write(collection, key);
        write.metadata ??= new Map();
        write.metadata.set(metakey, Buffer.from(ep));
        return Promise.resolve(EMPTY);
    }

    handleGetStateMetadata(collection: string, key: string): Promise<Record<string, Uint8Array>> {
        const entry = this.read(collection, key);
        const result: Record<string, Uint8Array> = {};
        for (const [name, value] of entry?.metadata ?? []) {
            result[name] = Buffer.from(value);
        }
        return Promise.resolve(result);
    }

    handleGetPrivateDataHash(): Promise<Buffer> {
        return unsupported('GetPrivateDataHash');
    }

    handleGetStateByRange(
        collection: string,
        startKey: string,
        endKey: string,
        _channelId?: string,
        _txId?: string,
        metadata?: Uint8Array,
    ): Promise<RangeQueryResult> {
        this.checkCollection(collection);
        if (metadata !== undefined && metadata.length > 0) {
            return unsupported('GetStateByRangeWithPagination');
        }
        const id = `scan-${this.nextScanId++}`;
        const range: RangeRead = {
            startKey,
            endKey,
            heightAtStart: this.ctx.state.height,
            results: [],
            exhausted: false,
        };
        this.rwset.of(collection).ranges.push(range);
        this.scans.set(id, { collection, startKey, endKey, cursor: undefined, range });
        return this.nextBatch(id).then((batch) => ({
            iterator: new StateQueryIterator(this, this.ctx.channel, this.ctx.txId, batch),
        }));
    }

    handleQueryStateNext(id: string): Promise<peer.QueryResponse> {
        if (!this.scans.has(id)) {
            return Promise.reject(new Error(`query iterator ${id} does not exist or was closed`));
        }
        return this.nextBatch(id);
    }

    handleQueryStateClose(id: string): Promise<peer.QueryResponse> {
        this.scans.delete(id);
        const response = new peer.QueryResponse();
        response.setId(id);
        return Promise.resolve(response);
    }

    handleGetQueryResult(): Promise<RangeQueryResult> {
        return Promise.reject(
            new Error(
                'rich queries (GetQueryResult) are not supported by the embedded ledger (LevelDB semantics: ' +
                    'ExecuteQuery not supported for leveldb); use keys, ranges or composite-key indexes',
            ),
        );
    }

    handleGetHistoryForKey(): Promise<ShimIterator> {
        return unsupported('GetHistoryForKey');
    }

    handleInvokeChaincode(): Promise<unknown> {
        return Promise.reject(new Error('chaincode-to-chaincode invocation is not supported by the embedded ledger'));
    }

    private read(collection: string, key: string): StateEntry | undefined {
        checkKey(key);
        this.checkCollection(collection);
        const entry = this.ctx.state.get(collection, key);
        const reads = this.rwset.of(collection).reads;
        if (!reads.has(key)) {
            reads.set(key, entry?.version ?? null);
        }
        return entry;
    }

    private write(collection: string, key: string): KeyWrite {
        checkKey(key);
        this.checkCollection(collection);
        const writes = this.rwset.of(collection).writes;
        let write = writes.get(key);
        if (write === undefined) {
            write = { value: undefined };
            writes.set(key, write);
        }
        return write;
    }

    private checkCollection(collection: string): void {
        const known = this.ctx.collections;
        if (collection !== '' && known !== undefined && !known.has(collection)) {
            throw new Error(
                `collection ${collection} is not defined in the collection configuration of chaincode ${this.ctx.chaincodeName}`,
            );
        }
    }

    private async nextBatch(id: string): Promise<peer.QueryResponse> {
        const scan = this.scans.get(id) as OpenScan;
        const entries: [string, Buffer][] = [];
        let hasMore = false;
        const from = scan.cursor ?? scan.startKey;
        for await (const [key, entry] of this.ctx.state.range(
            scan.collection,
            from,
            scan.endKey,
            scan.cursor !== undefined,
        )) {
            if (entries.length === QUERY_BATCH) {
                hasMore = true;
                break;
            }
            entries.push([key, entry.value]);
            scan.range.results.push({ key, version: entry.version });
        }
        const last = entries[entries.length - 1];
        if (last !== undefined) {
            scan.cursor = last[0];
        }
        if (!hasMore) {
            scan.range.exhausted = true;
        }
        return this.kvResponse(id, entries, hasMore);
    }

    private kvResponse(id: string, entries: readonly [string, Buffer][], hasMore: boolean): peer.QueryResponse {
        const response = new peer.QueryResponse();
        for (const [key, value] of entries) {
            const kv = new ledger.queryresult.KV();
            kv.setNamespace(this.ctx.chaincodeName);
            kv.setKey(key);
            kv.setValue(value);
            const bytes = new peer.QueryResultBytes();
            bytes.setResultbytes(kv.serializeBinary());
            response.addResults(bytes);
        }
        response.setHasMore(hasMore);
        response.setId(id);
        return response;
    }
}

/** Refuses a fabric-shim call the embedded ledger does not serve (court-ledger's chaincode never makes it). */
function unsupported(call: string): Promise<never> {
    return Promise.reject(new Error(`${call} is not supported by the embedded ledger`));
}

function checkKey(key: string): void {
    if (key === '') {
        throw new Error('key must not be an empty string');
    }
    if (Buffer.from(key, 'utf8').toString('utf8') !== key) {
        throw new Error(`key ${JSON.stringify(key)} is not valid UTF-8`);
    }
}
