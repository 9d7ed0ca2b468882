import { expect } from 'chai';
import type { Context } from 'fabric-contract-api';
import { CourtContext } from '../../src/contracts/court-context';
import type { ErrorCode } from '../../src/domain/shared/errors';
import { isoTimestamp } from '../../src/domain/shared/time';

/** A chaincode event as the fake records it. */
export interface RecordedEvent {
    readonly name: string;
    readonly payload: string;
}

/** A committed public state write, as a block would carry it. */
export interface CommittedWrite {
    readonly txId: string;
    readonly key: string;
    readonly value: Buffer;
}

/**
 * The part of fabric-shim's ChaincodeStub the contracts use, over an in-memory sorted state. Writes and the
 * event are buffered per transaction and applied only by {@link commit}, as a peer discards a failed
 * transaction's writes. Reads see committed state only (Fabric has no read-your-writes). Private data
 * collections are kept apart from the public state, and every committed public write is logged.
 */
export class FakeStub {
    readonly state = new Map<string, Buffer>();
    /** Private data by collection, then key. */
    readonly privateState = new Map<string, Map<string, Buffer>>();
    /** Every committed public write, in order (what blocks would carry in clear). */
    readonly publicWriteLog: CommittedWrite[] = [];
    /** Committed key-level endorsement policies (state metadata `VALIDATION_PARAMETER`) by key. */
    readonly validationParameters = new Map<string, Buffer>();
    private writes = new Map<string, Buffer>();
    private parameterWrites = new Map<string, Buffer>();
    private privateWrites: { collection: string; key: string; value: Buffer }[] = [];
    private event: RecordedEvent | undefined;
    private transient = new Map<string, Uint8Array>();
    private txId = '';
    private seconds = 0;
    private args: Buffer[] = [];
    private creator = { mspid: '', idBytes: new Uint8Array() };

    /** Starts a transaction. */
    begin(tx: { txId: string; seconds: number; transient?: Map<string, Uint8Array>; args?: string[] }): void {
        this.writes = new Map();
        this.parameterWrites = new Map();
        this.privateWrites = [];
        this.event = undefined;
        this.txId = tx.txId;
        this.seconds = tx.seconds;
        this.transient = tx.transient ?? new Map<string, Uint8Array>();
        this.args = (tx.args ?? []).map((arg) => Buffer.from(arg, 'utf8'));
    }

    /** Applies the transaction's writes and returns its event (if any). */
    commit(): RecordedEvent | undefined {
        for (const [key, value] of this.writes) {
            this.state.set(key, value);
            this.publicWriteLog.push({ txId: this.txId, key, value });
        }
        for (const [key, value] of this.parameterWrites) {
            this.validationParameters.set(key, value);
        }
        for (const { collection, key, value } of this.privateWrites) {
            const entries = this.privateState.get(collection) ?? new Map<string, Buffer>();
            entries.set(key, value);
            this.privateState.set(collection, entries);
        }
        return this.event;
    }

    setCreator(mspid: string, pem: string): void {
        this.creator = { mspid, idBytes: Buffer.from(pem, 'utf8') };
    }

    getState(key: string): Promise<Uint8Array> {
        return Promise.resolve(Buffer.from(this.state.get(key) ?? Buffer.alloc(0)));
    }

    putState(key: string, value: Uint8Array): Promise<void> {
        if (value.length === 0) {
            throw new Error('putState with an empty value deletes the key in Fabric');
        }
        this.writes.set(key, Buffer.from(value));
        return Promise.resolve();
    }

    setStateValidationParameter(key: string, ep: Uint8Array): Promise<void> {
        this.parameterWrites.set(key, Buffer.from(ep));
        return Promise.resolve();
    }

    getStateValidationParameter(key: string): Promise<Uint8Array> {
        return Promise.resolve(Buffer.from(this.validationParameters.get(key) ?? Buffer.alloc(0)));
    }

    getPrivateData(collection: string, key: string): Promise<Uint8Array> {
        return Promise.resolve(Buffer.from(this.privateState.get(collection)?.get(key) ?? Buffer.alloc(0)));
    }

    putPrivateData(collection: string, key: string, value: Uint8Array): Promise<void> {
        if (value.length === 0) {
            throw new Error('putPrivateData with an empty value');
        }
        this.privateWrites.push({ collection, key, value: Buffer.from(value) });
        return Promise.resolve();
    }

    createCompositeKey(objectType: string, attributes: string[]): string {
        return `\u0000${objectType}\u0000${attributes.map((attribute) => `${attribute}\u0000`).join('')}`;
    }

    async *getStateByPartialCompositeKey(
        objectType: string,
        attributes: string[],
    ): AsyncGenerator<{ namespace: string; key: string; value: Uint8Array }> {
        const start = this.createCompositeKey(objectType, attributes);
        const keys = [...this.state.keys()].filter((key) => key.startsWith(start)).sort();
        for (const key of keys) {
            yield await Promise.resolve({ namespace: 'court-ledger', key, value: this.state.get(key)! });
        }
    }

    setEvent(name: string, payload: Uint8Array): void {
        this.event = { name, payload: Buffer.from(payload).toString('utf8') };
    }

    getTxTimestamp(): { seconds: { toNumber(): number }; nanos: number } {
        const seconds = this.seconds;
        return { seconds: { toNumber: () => seconds }, nanos: 250_000_000 };
    }

    getTransient(): Map<string, Uint8Array> {
        return this.transient;
    }

    getTxID(): string {
        return this.txId;
    }

    getChannelID(): string {
        return 'court';
    }

    getBufferArgs(): Buffer[] {
        return this.args;
    }

    getCreator(): { mspid: string; idBytes: Uint8Array } {
        return this.creator;
    }
}

/** Who calls: the submitting identity, and the `actor` transient claim the gateway would send (if any). */
export interface Caller {
    readonly mspId: string;
    readonly role?: string;
    readonly cn: string;
    /** Serialised as JSON into the `actor` transient field; a string is sent as is. */
    readonly actor?: unknown;
    /** The `court` certificate attribute; CourtMSP identities default to {@link TEST_COURT}. */
    readonly court?: string;
}

/** The court code CourtMSP identities of the fake ledger carry unless a caller names another. */
export const TEST_COURT = 'K0491';

function attributeOf(caller: Caller, name: string): string | null {
    if (name === 'role') {
        return caller.role ?? null;
    }
    if (name === 'court') {
        return caller.court ?? (caller.mspId === 'CourtMSP' ? TEST_COURT : null);
    }
    return null;
}

/** A CourtMSP gateway acting for `sub` in `role`. */
export function viaGateway(sub: string, role: string): Caller {
    return { mspId: 'CourtMSP', role: 'gateway', cn: 'court-gateway', actor: { sub, role, org: 'CourtMSP' } };
}

/** A court identity acting as itself. */
export function courtIdentity(role: string, cn: string): Caller {
    return { mspId: 'CourtMSP', role, cn };
}

function transientFor(caller: Caller, extra: Readonly<Record<string, string>>): Map<string, Uint8Array> {
    const transient = new Map<string, Uint8Array>(
        Object.entries(extra).map(([name, text]) => [name, Buffer.from(text, 'utf8')]),
    );
    if (caller.actor !== undefined) {
        const text = typeof caller.actor === 'string' ? caller.actor : JSON.stringify(caller.actor);
        transient.set('actor', Buffer.from(text, 'utf8'));
    }
    return transient;
}

/** A CourtContext over `stub` for `caller`, as fabric-shim would build it. */
export function contextFor(stub: FakeStub, caller: Caller): CourtContext {
    const ctx = new CourtContext();
    ctx.stub = stub as unknown as Context['stub'];
    ctx.clientIdentity = {
        getMSPID: () => caller.mspId,
        getAttributeValue: (name: string) => attributeOf(caller, name),
        getID: () => `x509::/C=CN/O=court.example/OU=client/CN=${caller.cn}::/C=CN/O=court.example/CN=ca`,
        getIDBytes: () => new Uint8Array(),
        assertAttributeValue: (name: string, value: string) => name === 'role' && caller.role === value,
    };
    return ctx;
}

/** Result of one fake transaction. */
export interface TxResult<T> {
    readonly result: T;
    readonly event: RecordedEvent | undefined;
    readonly txId: string;
}

/** Runs transactions one after another on a {@link FakeStub}, one second apart. */
export class FakeLedger {
    readonly stub = new FakeStub();

    /** Every committed transaction's event, in order. */
    readonly events: RecordedEvent[] = [];
    private count = 0;
    private offsetSeconds = 0;

    /** Moves the clock of later transactions `seconds` forward. */
    advance(seconds: number): void {
        this.offsetSeconds += seconds;
    }

    /**
     * Runs `call` as one transaction; commits it only if it succeeds. Parses the returned JSON.
     *
     * @param transient - transient fields besides `actor` (name → UTF-8 text)
     */
    async run<T = unknown>(
        caller: Caller,
        call: (ctx: CourtContext) => Promise<string>,
        transient: Readonly<Record<string, string>> = {},
    ): Promise<TxResult<T>> {
        this.count += 1;
        const txId = `tx${this.count}`;
        this.stub.begin({ txId, seconds: this.secondsOf(this.count), transient: transientFor(caller, transient) });
        const text = await call(contextFor(this.stub, caller));
        const event = this.stub.commit();
        if (event !== undefined) {
            this.events.push(event);
        }
        return { result: JSON.parse(text) as T, event, txId };
    }

    /** The ISO transaction time the next transaction will get. */
    nextTxTime(): string {
        return isoTimestamp(this.secondsOf(this.count + 1), 250_000_000);
    }

    private secondsOf(count: number): number {
        return 1_700_000_000 + this.offsetSeconds + count;
    }
}

/** Asserts that `promise` rejects with a LedgerError carrying `code`; returns the message. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<string> {
    try {
        await promise;
    } catch (error) {
        expect(error).to.be.instanceOf(Error);
        const message = (error as Error).message;
        expect(message).to.match(new RegExp(`^${code}: `));
        return message;
    }
    expect.fail(`expected ${code}, but it succeeded`);
}

/** Asserts that `fn` throws a LedgerError carrying `code`. */
export function expectThrowsCode(fn: () => unknown, code: ErrorCode): void {
    expect(fn).to.throw(new RegExp(`^${code}: `));
}
