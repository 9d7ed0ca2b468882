import type { GuaranteeRecord } from '../guarantee/model';
import type { Actor } from '../shared/actor';
import { LedgerError } from '../shared/errors';
import { COURT_ROLES, PARTY_ROLES, requireRole, type Role } from '../shared/roles';
import type { PreservationRecord } from './model';

/** Roles that may read preservation applications and letters at all (then subject to who they are). */
export const PRESERVATION_READER_ROLES: readonly Role[] = [...COURT_ROLES, ...PARTY_ROLES, 'agency'];

/**
 * Throws unless `actor` may read `application`: any court role; the applicant (party/agent, same `sub`); the
 * agency of the letter bound to it (`boundAgency`, the bound letter's `agency`). Other roles `FORBIDDEN_ROLE`,
 * other principals `FORBIDDEN_ACTOR`.
 */
export function requireApplicationReader(
    actor: Actor,
    application: PreservationRecord,
    boundAgency: string | undefined,
): void {
    requireRole(actor, PRESERVATION_READER_ROLES, 'read a preservation application');
    const allowed =
        COURT_ROLES.includes(actor.role) ||
        (PARTY_ROLES.includes(actor.role) && actor.sub === application.applicant.sub) ||
        (actor.role === 'agency' && boundAgency !== undefined && actor.sub === boundAgency);
    if (!allowed) {
        throw new LedgerError('FORBIDDEN_ACTOR', 'only the court, the applicant and the bound agency may read it');
    }
}

/**
 * Throws unless `actor` may read `letter`: any court role; the applicant (party/agent, same `sub`); the
 * letter's agency. Other roles `FORBIDDEN_ROLE`, other principals `FORBIDDEN_ACTOR`.
 */
export function requireLetterReader(actor: Actor, letter: GuaranteeRecord): void {
    requireRole(actor, PRESERVATION_READER_ROLES, 'read a letter of guarantee');
    const allowed =
        COURT_ROLES.includes(actor.role) ||
        (PARTY_ROLES.includes(actor.role) && actor.sub === letter.applicant.sub) ||
        (actor.role === 'agency' && actor.sub === letter.agency);
    if (!allowed) {
        throw new LedgerError('FORBIDDEN_ACTOR', "only the court, the applicant and the letter's agency may read it");
    }
}
