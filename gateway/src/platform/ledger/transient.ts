/**
 * The transient map a proposal carries, the same in every ledger mode: the proposal's own private inputs
 * plus the acting principal under `actor` (what the chaincode's `resolveActor` reads).
 */
// The domain module directly: the chaincode's index would also load its contracts (decorator metadata).
import { canonicalJson } from '@court-ledger/chaincode/domain';
import type { Proposal } from './ledger';

/**
 * The transient field the chaincode resolves the acting principal from (the chaincode exports it as
 * ACTOR_TRANSIENT_KEY, but importing its package would load its contracts even when another chaincode module
 * is configured).
 */
export const ACTOR_TRANSIENT_KEY = 'actor';

/** `proposal.transient` plus `actor` = canonical JSON `{sub, role, org}` of `proposal.actor`. */
export function proposalTransient(proposal: Proposal): Map<string, Uint8Array> {
    const transient = new Map<string, Uint8Array>(Object.entries(proposal.transient ?? {}));
    const { sub, role, org } = proposal.actor;
    transient.set(ACTOR_TRANSIENT_KEY, Buffer.from(canonicalJson({ sub, role, org }), 'utf8'));
    return transient;
}
