/**
 * Key-level (state-based) endorsement policies, as Fabric's validator evaluates them (guarantees.md,
 * "Key-level endorsement in the embedded ledger"): a key's `VALIDATION_PARAMETER` state metadata holds a
 * serialized `common.SignaturePolicyEnvelope` (what fabric-shim's `KeyEndorsementPolicy` writes); a
 * transaction that writes the key, or its metadata, is valid only if its endorsing organisations satisfy it.
 *
 * Evaluation follows Fabric's `cauthdsl`: `n_out_of` evaluates its rules in order, each on a copy of the
 * "used" flags, keeping a rule's flags only when it is satisfied; `signed_by` consumes the first unused
 * endorsement whose MSP matches the principal. Principals are `MSPPrincipal{ROLE}` with `MSPRole{MEMBER,
 * PEER, CLIENT, ADMIN}`: the embedded ledger holds one identity per organisation, whose endorsement stands
 * for the organisation's peer. Anything else (other classifications, ORDERER, a missing rule, an index out
 * of range, bytes that do not decode) is never satisfied: a parameter that cannot be evaluated fails closed,
 * as Fabric fails a transaction whose key policy cannot be compiled. Pure, no ledger runtime.
 */
import { common, msp } from '@hyperledger/fabric-protos';
import type { EndorserTransaction } from './envelope';
import type { KeyWrite } from './rwset';

/** The state-metadata entry holding a key's endorsement policy (fabric-shim's `VALIDATION_PARAMETER`). */
export const VALIDATION_PARAMETER = 'VALIDATION_PARAMETER';

type Rule = { readonly signedBy: number } | { readonly n: number; readonly rules: readonly Rule[] };

/** A decoded policy: the rule tree and the MSP id each principal names (undefined = never satisfied). */
interface DecodedPolicy {
    readonly rule: Rule | undefined;
    readonly principals: readonly { readonly mspId: string | undefined; readonly label: string }[];
}

const ROLE_NAMES = new Map<number, string>(Object.entries(msp.MSPRole.MSPRoleType).map(([name, n]) => [n, name]));
const ENDORSING_ROLES = new Set<number>([
    msp.MSPRole.MSPRoleType.MEMBER,
    msp.MSPRole.MSPRoleType.PEER,
    msp.MSPRole.MSPRoleType.CLIENT,
    msp.MSPRole.MSPRoleType.ADMIN,
]);
/** Deeper nesting than any real policy; bounds the recursion on hostile bytes. */
const MAX_DEPTH = 32;

function decodeRule(rule: common.SignaturePolicy | undefined, depth: number): Rule | undefined {
    if (rule === undefined || depth > MAX_DEPTH) {
        return undefined;
    }
    switch (rule.getTypeCase()) {
        case common.SignaturePolicy.TypeCase.SIGNED_BY:
            return { signedBy: rule.getSignedBy() };
        case common.SignaturePolicy.TypeCase.N_OUT_OF: {
            const nOutOf = rule.getNOutOf() as common.SignaturePolicy.NOutOf;
            const rules: Rule[] = [];
            for (const child of nOutOf.getRulesList()) {
                const decoded = decodeRule(child, depth + 1);
                if (decoded === undefined) {
                    return undefined;
                }
                rules.push(decoded);
            }
            return { n: nOutOf.getN(), rules };
        }
        default:
            return undefined;
    }
}

function decodePrincipal(principal: msp.MSPPrincipal): DecodedPolicy['principals'][number] {
    if (principal.getPrincipalClassification() !== msp.MSPPrincipal.Classification.ROLE) {
        return { mspId: undefined, label: `principal of classification ${principal.getPrincipalClassification()}` };
    }
    try {
        const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
        const mspId = role.getMspIdentifier();
        const label = `${mspId}.${ROLE_NAMES.get(role.getRole()) ?? String(role.getRole())}`;
        return { mspId: ENDORSING_ROLES.has(role.getRole()) ? mspId : undefined, label };
    } catch {
        return { mspId: undefined, label: 'undecodable principal' };
    }
}

const decoded = new WeakMap<Uint8Array, DecodedPolicy>();

/** Decodes (once per buffer: committed parameters are evaluated again and again) a policy envelope. */
function decodePolicy(envelopeBytes: Uint8Array): DecodedPolicy {
    let policy = decoded.get(envelopeBytes);
    if (policy === undefined) {
        try {
            const envelope = common.SignaturePolicyEnvelope.deserializeBinary(envelopeBytes);
            policy = {
                rule: decodeRule(envelope.getRule(), 0),
                principals: envelope.getIdentitiesList().map(decodePrincipal),
            };
        } catch {
            policy = { rule: undefined, principals: [] };
        }
        decoded.set(envelopeBytes, policy);
    }
    return policy;
}

function evaluate(rule: Rule, policy: DecodedPolicy, endorsers: readonly string[], used: boolean[]): boolean {
    if ('signedBy' in rule) {
        const mspId = policy.principals[rule.signedBy]?.mspId;
        if (mspId === undefined) {
            return false;
        }
        const i = endorsers.findIndex((endorser, j) => !used[j] && endorser === mspId);
        if (i < 0) {
            return false;
        }
        used[i] = true;
        return true;
    }
    let satisfied = 0;
    for (const child of rule.rules) {
        const attempt = [...used];
        if (evaluate(child, policy, endorsers, attempt)) {
            satisfied += 1;
            attempt.forEach((flag, j) => (used[j] = flag));
        }
    }
    return satisfied >= rule.n;
}

/**
 * Does the set of endorsing organisations satisfy a serialized `common.SignaturePolicyEnvelope`? Each MSP id
 * counts once (one endorsement per organisation). False for anything that cannot be evaluated.
 */
export function satisfiesPolicy(envelopeBytes: Uint8Array, mspIds: Iterable<string>): boolean {
    const policy = decodePolicy(envelopeBytes);
    if (policy.rule === undefined) {
        return false;
    }
    const endorsers = [...new Set(mspIds)];
    return evaluate(
        policy.rule,
        policy,
        endorsers,
        endorsers.map(() => false),
    );
}

function describeRule(rule: Rule, policy: DecodedPolicy): string {
    if ('signedBy' in rule) {
        return policy.principals[rule.signedBy]?.label ?? `identity #${rule.signedBy} (missing)`;
    }
    const parts = rule.rules.map((child) => describeRule(child, policy));
    if (rule.n === rule.rules.length && rule.n > 1) {
        return `AND(${parts.join(', ')})`;
    }
    return rule.n === 1 ? `OR(${parts.join(', ')})` : `OutOf(${rule.n}, ${parts.join(', ')})`;
}

/** A readable form of a policy envelope, e.g. `AND(AgencyMSP.PEER, CourtMSP.PEER)`. */
export function describePolicy(envelopeBytes: Uint8Array): string {
    const policy = decodePolicy(envelopeBytes);
    return policy.rule === undefined ? 'an undecodable policy (never satisfied)' : describeRule(policy.rule, policy);
}

/** The key's validation parameter, when it has a non-empty one. */
export function validationParameter(metadata: ReadonlyMap<string, Buffer> | undefined): Buffer | undefined {
    const parameter = metadata?.get(VALIDATION_PARAMETER);
    return parameter === undefined || parameter.length === 0 ? undefined : parameter;
}

/**
 * The first public write (value or metadata) of a transaction whose key's current validation parameter the
 * endorsers do not satisfy, as the message `submit` rejects with; undefined when every write passes. Keys
 * without a parameter cost one lookup (`currentParameter`) each.
 */
export function keyPolicyViolation(
    writes: ReadonlyMap<string, KeyWrite>,
    currentParameter: (key: string) => Buffer | undefined,
    endorsers: readonly string[],
): string | undefined {
    for (const key of writes.keys()) {
        const parameter = currentParameter(key);
        if (parameter !== undefined && !satisfiesPolicy(parameter, endorsers)) {
            return (
                `ENDORSEMENT_POLICY_FAILURE: key ${JSON.stringify(key)} requires ${describePolicy(parameter)}; ` +
                `endorsed by ${endorsers.join(', ') || 'nobody'}`
            );
        }
    }
    return undefined;
}

/** The MSP ids that endorsed a transaction (the creator's, for transactions without `endorsements`). */
export function endorsingMspIds(tx: Pick<EndorserTransaction, 'creator' | 'endorsements'>): string[] {
    return tx.endorsements === undefined ? [tx.creator.mspId] : tx.endorsements.map((e) => e.mspId);
}
