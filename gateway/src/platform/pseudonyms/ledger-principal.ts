import type { Pepper } from './pepper';

/**
 * The token the shared ledger knows principal `sub` by: what the gateway sends as `actor.sub`, and therefore
 * what it must store wherever the chaincode will compare a principal with `actor.sub` (a case participant).
 * The gateway is the one place that maps a clear account id to its ledger token.
 *
 * Today `actor.sub` is still the clear sub, so this returns `sub`. When actors are pseudonymised on chain
 * (issue #11 item 2: `actor.sub` = `pepper.pseudonym(sub)`, the one HMAC scheme), this function returns
 * `pepper.pseudonym(sub)` — one switch, made together with the actor, so stored participants and acting
 * principals keep matching.
 */
export function ledgerPrincipal(pepper: Pepper, sub: string): string {
    return sub;
}
