import {
    COURT_PRESERVATION_ROLES,
    LedgerError,
    PARTY_ROLES,
    requireLetterReader,
    type GuaranteeRecord,
} from '@court-ledger/chaincode';
import { COURT_ROLES, type Role } from '../../platform/auth/roles';
import { httpErrorFromLedger } from '../../platform/http/errors';
import { LedgerFailure, type Actor } from '../../platform/ledger/ledger';

/** Roles that may read applications and letters (then subject to who they are; the chaincode decides). */
export const READER_ROLES: readonly Role[] = [...COURT_ROLES, ...PARTY_ROLES, 'agency'];

/** Roles that may act on a preservation application: the applicant's side and the court (clerk, judge). */
export const PRESERVATION_ACTOR_ROLES: readonly Role[] = [...PARTY_ROLES, ...COURT_PRESERVATION_ROLES];

/** Roles that may act on a letter: the applicant's side, the court (clerk, judge) and agencies. */
export const GUARANTEE_ACTOR_ROLES: readonly Role[] = [...PRESERVATION_ACTOR_ROLES, 'agency'];

/**
 * Who may download a letter document: court staff, the letter's applicant and the letter's agency (the
 * applicant's agents are not modelled) — the chaincode's own `requireLetterReader`, applied again to the
 * record before any byte is read. Anyone else: 403 `FORBIDDEN_ACTOR` (`FORBIDDEN_ROLE` for other roles).
 */
export function assertLetterReader(actor: Actor, letter: GuaranteeRecord): void {
    try {
        requireLetterReader({ ...actor, role: actor.role as Role }, letter);
    } catch (error) {
        if (error instanceof LedgerError) {
            throw httpErrorFromLedger(new LedgerFailure('chaincode', error.message));
        }
        throw error;
    }
}
