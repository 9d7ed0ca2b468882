import {
    COURT_PRESERVATION_ROLES,
    PARTY_ROLES,
    requireLetterReader,
    type GuaranteeRecord,
} from '@court-ledger/chaincode';
import { COURT_ROLES, type Role } from '../../platform/auth/roles';
import type { Pepper } from '../../platform/pseudonyms/pepper';
import type { Actor } from '@court-ledger/ledger-api';

/** Roles that may read applications and letters (then subject to who they are; the chaincode decides). */
export const READER_ROLES: readonly Role[] = [...COURT_ROLES, ...PARTY_ROLES, 'agency'];

/** Roles that may act on a preservation application: the applicant's side and the court (clerk, judge). */
export const PRESERVATION_ACTOR_ROLES: readonly Role[] = [...PARTY_ROLES, ...COURT_PRESERVATION_ROLES];

/** Roles that may act on a letter: the applicant's side, the court (clerk, judge) and agencies. */
export const GUARANTEE_ACTOR_ROLES: readonly Role[] = [...PRESERVATION_ACTOR_ROLES, 'agency'];

/**
 * Who may download a letter document: court staff, the letter's applicant and the letter's agency (the
 * applicant's agents are not modelled) — the chaincode's own `requireLetterReader`, applied again to the
 * record before any byte is read, as the ledger sees the actor (by its pseudonym). Anyone else: 403
 * `FORBIDDEN_ACTOR` (`FORBIDDEN_ROLE` for other roles).
 */
export function assertLetterReader(actor: Actor, letter: GuaranteeRecord, pepper: Pepper): void {
    requireLetterReader({ ...actor, sub: pepper.pseudonym(actor.sub), role: actor.role as Role }, letter);
}
