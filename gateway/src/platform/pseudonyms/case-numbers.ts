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

/**
 * The id the ledger knows a case by: the case key of its clear number ({@link Pepper.caseKey}), except for the
 * case an agreement's default opens, `<agreementId>-enf`, which the chaincode names itself from the agreement
 * id (an id the court gives, not a case number) and which is therefore the same in clear and on the ledger.
 */
export function chainCaseId(pepper: Pepper, caseNumber: string): string {
    return caseNumber.endsWith(DEFAULT_CASE_SUFFIX) ? caseNumber : pepper.caseKey(caseNumber);
}

/** The arguments of a write that names a case by its clear number: its {@link chainCaseId} and the transient. */
export function caseArgument(pepper: Pepper, caseNumber: string): CaseArgument {
    const caseId = chainCaseId(pepper, caseNumber);
    if (caseId === caseNumber) {
        return { caseId, transient: {} };
    }
    const entry = { caseNumber: caseNumber.normalize('NFC'), salt: randomBytes(16).toString('hex') };
    return { caseId, transient: { [CASE_NUMBER_TRANSIENT_KEY]: canonicalBytes(entry) } };
}

/** Most clear numbers a {@link CaseNumberReveal} keeps in memory (it starts over beyond). */
const CACHE_LIMIT = 100_000;

/**
 * Puts clear case numbers back into what the ledger returns: every `caseId` field (at any depth) holding a case
 * key is replaced by the clear number `lookup` finds for it (the court's private collection), cached. A key the
 * lookup does not know stays as it is.
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
        const found = await this.lookup(key);
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
            if (name === 'caseId' && typeof item === 'string' && CASE_KEY_PATTERN.test(item)) {
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
                name === 'caseId' && typeof item === 'string'
                    ? (clear.get(item) ?? item)
                    : replaceCaseKeys(item, clear),
            ]),
        );
    }
    return value;
}
