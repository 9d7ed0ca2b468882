import { randomBytes } from 'node:crypto';
import { canonicalBytes, CASE_NUMBER_TRANSIENT_KEY, DEFAULT_CASE_SUFFIX } from '@court-ledger/chaincode/domain';
import { CASE_KEY_PATTERN, type Pepper } from './pepper';

/** A clear case number as a transaction carries it: the keyed id for the arguments, the clear one transient. */
export interface CaseArgument {
    /** What goes where the chaincode takes a `caseId`. */
    readonly caseId: string;
    /** The `caseNumber` transient field (`{caseNumber, salt}`), kept by the chaincode in `courtPrivate` only. */
    readonly transient: Readonly<Record<string, Uint8Array>>;
}

/** A clear agreement id as `createAgreement` carries it: the keyed id in the terms, the clear one transient. */
export interface AgreementArgument {
    /** What goes where the chaincode takes an `agreementId` (the terms' `agreementId` included). */
    readonly agreementId: string;
    /** The `caseNumber` transient field holding the clear agreement id, kept in `courtPrivate` only. */
    readonly transient: Readonly<Record<string, Uint8Array>>;
}

/**
 * The id the ledger knows a case by: the case key of its clear number ({@link Pepper.caseKey}); for
 * `<X>-enf` (the case an agreement's default opens, which the chaincode names from the agreement's keyed id,
 * see {@link chainAgreementId}) the key of `X` followed by `-enf`, so the clear name finds that case.
 */
export function chainCaseId(pepper: Pepper, caseNumber: string): string {
    const base = caseNumber.slice(0, -DEFAULT_CASE_SUFFIX.length);
    return caseNumber.endsWith(DEFAULT_CASE_SUFFIX) && base !== ''
        ? `${pepper.caseKey(base)}${DEFAULT_CASE_SUFFIX}`
        : pepper.caseKey(caseNumber);
}

/**
 * The id the ledger knows an agreement by: keyed exactly as a case number ({@link Pepper.caseKey}), since the
 * court gives it and it may be a mediation case number. Parties sign terms holding this id.
 */
export function chainAgreementId(pepper: Pepper, agreementId: string): string {
    return pepper.caseKey(agreementId);
}

/** The arguments of a write that names a case by its clear number: its {@link chainCaseId} and the transient. */
export function caseArgument(pepper: Pepper, caseNumber: string): CaseArgument {
    return { caseId: chainCaseId(pepper, caseNumber), transient: clearNumberTransient(caseNumber) };
}

/** The arguments of `createAgreement` for a clear agreement id: its {@link chainAgreementId} and the transient. */
export function agreementArgument(pepper: Pepper, agreementId: string): AgreementArgument {
    return { agreementId: chainAgreementId(pepper, agreementId), transient: clearNumberTransient(agreementId) };
}

/** The `caseNumber` transient field for a clear id: `{caseNumber, salt}` with a fresh random salt. */
function clearNumberTransient(clear: string): Readonly<Record<string, Uint8Array>> {
    const entry = { caseNumber: clear.normalize('NFC'), salt: randomBytes(16).toString('hex') };
    return { [CASE_NUMBER_TRANSIENT_KEY]: canonicalBytes(entry) };
}

/** Most clear numbers a {@link CaseNumberReveal} keeps in memory (it starts over beyond). */
const CACHE_LIMIT = 100_000;

/** Fields of ledger records that hold a keyed id: case ids, and agreement ids (keyed alike). */
const KEYED_FIELDS: ReadonlySet<string> = new Set(['caseId', 'agreementId']);

/** True for a keyed id: a case key, or a case key and `-enf` (a case an agreement's default opened). */
function isKeyedId(value: string): boolean {
    return CASE_KEY_PATTERN.test(
        value.endsWith(DEFAULT_CASE_SUFFIX) ? value.slice(0, -DEFAULT_CASE_SUFFIX.length) : value,
    );
}

/**
 * Puts clear case numbers back into what the ledger returns: every `caseId` or `agreementId` field (at any
 * depth) holding a keyed id is replaced by the clear number `lookup` finds for it (the court's private
 * collection), cached. For `<key>-enf` that the collection does not hold (the chaincode opened the case from
 * an agreement's default), the clear id of `<key>` followed by `-enf`. A key nobody knows stays as it is.
 */
export class CaseNumberReveal {
    private readonly known = new Map<string, string>();

    constructor(private readonly lookup: (caseId: string) => Promise<string | undefined>) {}

    /** `bytes` (canonical JSON) with clear case numbers; the same bytes when they hold no case key. */
    async bytes(bytes: Uint8Array): Promise<Uint8Array> {
        const text = Buffer.from(bytes).toString('utf8');
        if (!text.includes('"ck_')) {
            return bytes;
        }
        let value: unknown;
        try {
            value = JSON.parse(text);
        } catch {
            return bytes;
        }
        const keys = new Set<string>();
        collectCaseKeys(value, keys);
        if (keys.size === 0) {
            return bytes;
        }
        const clear = new Map<string, string>();
        for (const key of keys) {
            const number = await this.clearNumber(key);
            if (number !== undefined) {
                clear.set(key, number);
            }
        }
        return clear.size === 0 ? bytes : canonicalBytes(replaceCaseKeys(value, clear));
    }

    /** Records that `key` stands for `caseNumber` (what a write of this gateway just sent), sparing a lookup. */
    learn(key: string, caseNumber: string): void {
        if (this.known.size >= CACHE_LIMIT) {
            this.known.clear();
        }
        this.known.set(key, caseNumber);
    }

    private async clearNumber(key: string): Promise<string | undefined> {
        const cached = this.known.get(key);
        if (cached !== undefined) {
            return cached;
        }
        let found = await this.lookup(key);
        if (found === undefined && key.endsWith(DEFAULT_CASE_SUFFIX)) {
            const base = await this.clearNumber(key.slice(0, -DEFAULT_CASE_SUFFIX.length));
            found = base === undefined ? undefined : `${base}${DEFAULT_CASE_SUFFIX}`;
        }
        if (found !== undefined) {
            this.learn(key, found);
        }
        return found;
    }
}

function collectCaseKeys(value: unknown, into: Set<string>): void {
    if (Array.isArray(value)) {
        for (const item of value) {
            collectCaseKeys(item, into);
        }
    } else if (typeof value === 'object' && value !== null) {
        for (const [name, item] of Object.entries(value)) {
            if (KEYED_FIELDS.has(name) && typeof item === 'string' && isKeyedId(item)) {
                into.add(item);
            } else {
                collectCaseKeys(item, into);
            }
        }
    }
}

function replaceCaseKeys(value: unknown, clear: ReadonlyMap<string, string>): unknown {
    if (Array.isArray(value)) {
        return value.map((item) => replaceCaseKeys(item, clear));
    }
    if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(
            Object.entries(value).map(([name, item]) => [
                name,
                KEYED_FIELDS.has(name) && typeof item === 'string'
                    ? (clear.get(item) ?? item)
                    : replaceCaseKeys(item, clear),
            ]),
        );
    }
    return value;
}
