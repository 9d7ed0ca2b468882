import { Context, Contract } from 'fabric-contract-api';
import { KeyEndorsementPolicy } from 'fabric-shim';
import type { EventName } from '../domain/events/model';
import { CASE_NUMBER_TRANSIENT_KEY, parseCaseNumberEntry, type CaseNumberEntry } from '../domain/shared/case-number';
import { commonNameFromId, resolveActor, type Actor, type ClientIdentityInfo } from '../domain/shared/actor';
import { canonicalBytes, canonicalJson } from '../domain/shared/canonical-json';
import { LedgerError } from '../domain/shared/errors';
import { isoTimestamp } from '../domain/shared/time';

/** Name of the transient field carrying the acting principal (canonical JSON `{sub, role, org}`). */
export const ACTOR_TRANSIENT_KEY = 'actor';

/** The court's private data collection (network/collections.json): personal data that never goes in a block. */
export const COURT_PRIVATE_COLLECTION = 'courtPrivate';

/** Composite-key object type of a clear case number in `courtPrivate`: `casenumber`/[keyed caseId]. */
export const CASE_NUMBER_KEY = 'casenumber';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The transaction context every court-ledger contract gets: the one place that reads the caller (client
 * identity + `actor` transient), the transaction time, and reads/writes state and events as canonical JSON.
 */
export class CourtContext extends Context {
    private resolvedActor: Actor | undefined;
    private emittedEvent: string | undefined;

    /** The principal this transaction acts for (see `resolveActor`); resolved once per transaction. */
    actor(): Actor {
        this.resolvedActor ??= resolveActor(this.identity(), this.claimedActor());
        return this.resolvedActor;
    }

    /** The submitting identity, from the client certificate. */
    identity(): ClientIdentityInfo {
        const id = this.clientIdentity;
        const role = id.getAttributeValue('role');
        const court = id.getAttributeValue('court');
        return {
            mspId: id.getMSPID(),
            attrs: { ...(role === null ? {} : { role }), ...(court === null ? {} : { court }) },
            commonName: commonNameFromId(id.getID()),
        };
    }

    /** The parsed `actor` transient field, or undefined when absent. Throws `INVALID_ARGUMENT` if not JSON. */
    claimedActor(): unknown {
        return this.transientJson(ACTOR_TRANSIENT_KEY);
    }

    /**
     * The parsed JSON of transient field `name`, or undefined when absent. Throws `INVALID_ARGUMENT` (field
     * `name`) when it is not UTF-8 JSON. Transient fields reach the chaincode but are never written to a block.
     */
    transientJson(name: string): unknown {
        const bytes = this.stub.getTransient().get(name);
        if (bytes === undefined) {
            return undefined;
        }
        try {
            return JSON.parse(utf8.decode(bytes)) as unknown;
        } catch {
            throw new LedgerError('INVALID_ARGUMENT', `${name} transient field is not UTF-8 JSON`, name);
        }
    }

    /** Transaction timestamp as ISO 8601 UTC (from the proposal header, identical on every endorser). */
    txTimestamp(): string {
        const { seconds, nanos } = this.stub.getTxTimestamp();
        return isoTimestamp(seconds.toNumber(), nanos);
    }

    /** The transaction id. */
    txId(): string {
        return this.stub.getTxID();
    }

    /** A composite key (Fabric's `\u0000type\u0000attr…\u0000` encoding). */
    key(objectType: string, attributes: readonly string[]): string {
        return this.stub.createCompositeKey(objectType, [...attributes]);
    }

    /** Reads and parses a JSON state value written by {@link write}; undefined when the key is absent. */
    async getJson<T>(key: string): Promise<T | undefined> {
        const bytes = await this.stub.getState(key);
        if (bytes.length === 0) {
            return undefined;
        }
        return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
    }

    /**
     * The end of every write transaction: stores `record` under `key` as canonical JSON and emits `event` with
     * `payload` (by default the record itself; see {@link emit}). Returns the record's canonical JSON.
     * A transaction that writes several records stores the others first with {@link put} and passes here a
     * payload naming all of them, since its one event is all the index sees of it.
     */
    async write(key: string, record: unknown, event: EventName, payload: unknown = record): Promise<string> {
        const json = await this.put(key, record);
        this.emit(event, payload);
        return json;
    }

    /**
     * Stores `record` under `key` as canonical JSON, without an event: for the other records of a transaction
     * whose {@link write} emits the one event. Returns that canonical JSON.
     */
    async put(key: string, record: unknown): Promise<string> {
        const json = canonicalJson(record);
        await this.stub.putState(key, Buffer.from(json, 'utf8'));
        return json;
    }

    /**
     * Reads and parses a JSON value of private data collection `collection` written by {@link putPrivateJson};
     * undefined when the key is absent (or this peer does not hold the collection's data).
     */
    async getPrivateJson<T>(collection: string, key: string): Promise<T | undefined> {
        const bytes = await this.stub.getPrivateData(collection, key);
        if (bytes.length === 0) {
            return undefined;
        }
        return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
    }

    /**
     * Writes `value` as canonical JSON into private data collection `collection`: the value goes only to the
     * collection's member peers; blocks carry its hash.
     */
    async putPrivateJson(collection: string, key: string, value: unknown): Promise<void> {
        await this.stub.putPrivateData(collection, key, canonicalBytes(value));
    }

    /**
     * Keeps the clear case number of `caseId` (a keyed id) in `courtPrivate` when the transient field
     * `caseNumber` carries one (`{caseNumber, salt}`, validated; `INVALID_ARGUMENT` otherwise). A blind write:
     * it reads nothing, so concurrent writes to one case never conflict. Without the field nothing is kept
     * (the chaincode treats `caseId` as opaque).
     */
    async rememberCaseNumber(caseId: string): Promise<void> {
        const claimed = this.transientJson(CASE_NUMBER_TRANSIENT_KEY);
        if (claimed === undefined) {
            return;
        }
        const entry = parseCaseNumberEntry(claimed);
        await this.putPrivateJson(COURT_PRIVATE_COLLECTION, this.key(CASE_NUMBER_KEY, [caseId]), entry);
    }

    /** The clear number kept for `caseId` by {@link rememberCaseNumber}; undefined when this peer holds none. */
    async caseNumberOf(caseId: string): Promise<CaseNumberEntry | undefined> {
        return this.getPrivateJson<CaseNumberEntry>(COURT_PRIVATE_COLLECTION, this.key(CASE_NUMBER_KEY, [caseId]));
    }

    /** Writes an index entry whose value is the id it points to. */
    async putIndex(objectType: string, attributes: readonly string[], id: string): Promise<void> {
        await this.stub.putState(this.key(objectType, attributes), Buffer.from(id, 'utf8'));
    }

    /** The ids stored under every index entry whose key starts with `objectType`/`attributes`, in key order. */
    async scanIndex(objectType: string, attributes: readonly string[]): Promise<string[]> {
        const ids: string[] = [];
        for await (const entry of this.stub.getStateByPartialCompositeKey(objectType, [...attributes])) {
            ids.push(Buffer.from(entry.value).toString('utf8'));
        }
        return ids;
    }

    /**
     * Sets the key-level endorsement policy of public state `key`: from this transaction on, a write to the key
     * is valid only when endorsed by a peer of every org in `mspIds` (fabric-shim `KeyEndorsementPolicy`, role
     * PEER; stored as a serialized `common.SignaturePolicyEnvelope` in the key's metadata).
     */
    async requireKeyEndorsement(key: string, mspIds: readonly string[]): Promise<void> {
        const policy = new KeyEndorsementPolicy();
        policy.addOrgs('PEER', ...mspIds);
        await this.stub.setStateValidationParameter(key, policy.getPolicy());
    }

    /**
     * Emits the transaction's chaincode event: payload canonical JSON `{type, record}`. Fabric keeps only the
     * last event of a transaction, so a second call is a programming error and throws.
     */
    emit(type: EventName, record: unknown): void {
        if (this.emittedEvent !== undefined) {
            throw new Error(`event ${type} after ${this.emittedEvent}: one event per transaction`);
        }
        this.emittedEvent = type;
        this.stub.setEvent(type, canonicalBytes({ type, record }));
    }
}

/** Base class of court-ledger contracts: gives every transaction a {@link CourtContext}. */
export abstract class CourtContract extends Contract {
    /** Called by fabric-contract-api once per transaction. */
    override createContext(): CourtContext {
        return new CourtContext();
    }
}
