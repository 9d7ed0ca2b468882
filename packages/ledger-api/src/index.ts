/**
 * The ledger boundary shared by both ledger modes: the {@link Ledger} interface and its types, and the few
 * helpers every implementation uses alike (in-flight call tracking, the proposal's transient map, the common
 * fields of a transaction proof, canonical JSON).
 */
export * from './ledger';
export { InFlightCalls } from './in-flight';
export { ACTOR_TRANSIENT_KEY, proposalTransient } from './transient';
export { commonProofProblems, isRecord } from './proof-fields';
export { canonicalJson } from './canonical-json';
