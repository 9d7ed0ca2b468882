/**
 * Commit-time validation of a block's transactions, in order, as a Fabric peer's committer does:
 * 1. key-level endorsement (the VSCC part): every public key the transaction writes (value or metadata)
 *    whose current validation parameter — committed, or set by a valid transaction earlier in the same
 *    block — is a policy the endorsing organisations do not satisfy makes it `ENDORSEMENT_POLICY_FAILURE`
 *    (endorsement-policy.ts); keys without a parameter are governed by the chaincode-level policy, which
 *    any organisation satisfies;
 * 2. MVCC: a transaction is valid only if everything it read is still what it saw, against the committed
 *    state and against the writes of the valid transactions before it in the same block.
 */
import { keyPolicyViolation, VALIDATION_PARAMETER } from './endorsement-policy';
import type { ValidationCode } from './envelope';
import type { CollectionRwSet, KeyWrite, RangeRead, TxRwSet } from './rwset';
import { compareKeys } from './sorted-keys';
import { sameVersion, type StateEntry, type WorldState } from './state-db';

/**
 * A public key's state after the valid transactions of the block so far, as far as key-level endorsement
 * cares: ABSENT (deleted, or never existed), NO_PARAMETER, or its validation parameter.
 */
const ABSENT = 0;
const NO_PARAMETER = 1;
type KeyPolicyState = Buffer | typeof NO_PARAMETER | typeof ABSENT;

function committedPolicyState(entry: StateEntry | undefined): KeyPolicyState {
    return entry === undefined ? ABSENT : (entry.metadata?.get(VALIDATION_PARAMETER) ?? NO_PARAMETER);
}

/** The policy state after `write`, with the world state's semantics (BlockUpdate.apply). */
function policyStateAfter(prior: KeyPolicyState, write: KeyWrite): KeyPolicyState {
    if (write.value === null) {
        return ABSENT;
    }
    if (write.value === undefined && prior === ABSENT) {
        // Metadata for a key that does not exist is dropped.
        return ABSENT;
    }
    const set = write.metadata?.get(VALIDATION_PARAMETER);
    return set ?? (prior === ABSENT ? NO_PARAMETER : prior);
}

const NO_ENDORSERS: readonly string[] = [];

/** Validates the transactions of one block, in block order. */
export class BlockValidator {
    /** Private keys written by the valid transactions validated so far, by collection. */
    private readonly written = new Map<string, Set<string>>();
    /** Public keys written by the valid transactions validated so far, with their policy state after them. */
    private readonly publicWritten = new Map<string, KeyPolicyState>();
    /** Scratch: the policy state of the current transaction's public keys before it (reused, not reallocated). */
    private readonly priors = new Map<string, KeyPolicyState>();
    /** Why the last transaction refused as `ENDORSEMENT_POLICY_FAILURE` was (the message `submit` rejects with). */
    lastPolicyFailure: string | undefined;

    constructor(private readonly state: WorldState) {}

    /**
     * Validates the next transaction, endorsed by the organisations `endorsers` (MSP ids); when valid, its
     * writes count against the ones after it.
     */
    async validate(rw: TxRwSet, endorsers: readonly string[] = NO_ENDORSERS): Promise<ValidationCode> {
        const priors = this.priors;
        priors.clear();
        const violation = keyPolicyViolation(
            rw.public.writes,
            (key) => {
                const prior = this.publicWritten.get(key) ?? committedPolicyState(this.state.get('', key));
                priors.set(key, prior);
                return typeof prior === 'number' || prior.length === 0 ? undefined : prior;
            },
            endorsers,
        );
        if (violation !== undefined) {
            this.lastPolicyFailure = violation;
            return 'ENDORSEMENT_POLICY_FAILURE';
        }
        const code = await this.check('', rw.public, this.publicWritten);
        if (code !== 'VALID') {
            return code;
        }
        for (const [collection, set] of rw.collections) {
            const code = await this.check(collection, set, this.written.get(collection));
            if (code !== 'VALID') {
                return code;
            }
        }
        for (const [key, write] of rw.public.writes) {
            this.publicWritten.set(key, policyStateAfter(priors.get(key) as KeyPolicyState, write));
        }
        for (const [collection, set] of rw.collections) {
            let keys = this.written.get(collection);
            if (keys === undefined) {
                keys = new Set();
                this.written.set(collection, keys);
            }
            for (const key of set.writes.keys()) {
                keys.add(key);
            }
        }
        return 'VALID';
    }

    private async check(
        collection: string,
        set: CollectionRwSet,
        written: ReadonlyMap<string, unknown> | ReadonlySet<string> | undefined,
    ): Promise<ValidationCode> {
        for (const [key, version] of set.reads) {
            if (written?.has(key) === true || !sameVersion(this.state.get(collection, key)?.version, version)) {
                return 'MVCC_READ_CONFLICT';
            }
        }
        for (const range of set.ranges) {
            if (!(await this.rangeUnchanged(collection, range, written))) {
                return 'PHANTOM_READ_CONFLICT';
            }
        }
        return 'VALID';
    }

    /** Would the scan still return the same keys and versions (up to where the chaincode stopped)? */
    private async rangeUnchanged(
        collection: string,
        range: RangeRead,
        written: ReadonlyMap<string, unknown> | ReadonlySet<string> | undefined,
    ): Promise<boolean> {
        const last = range.results[range.results.length - 1];
        if (!range.exhausted && last === undefined) {
            return true;
        }
        const covers = (key: string): boolean =>
            compareKeys(key, range.startKey) >= 0 &&
            (range.exhausted
                ? range.endKey === '' || compareKeys(key, range.endKey) < 0
                : compareKeys(key, (last as { key: string }).key) <= 0);
        for (const key of written?.keys() ?? []) {
            if (covers(key)) {
                return false;
            }
        }
        if (this.state.height === range.heightAtStart) {
            return true;
        }
        // Blocks were committed since the scan: run it again on the committed state and compare.
        let i = 0;
        for await (const [key, entry] of this.state.range(collection, range.startKey, range.endKey)) {
            const seen = range.results[i];
            if (seen === undefined) {
                return !range.exhausted;
            }
            if (seen.key !== key || !sameVersion(seen.version, entry.version)) {
                return false;
            }
            i += 1;
        }
        return i === range.results.length;
    }
}
