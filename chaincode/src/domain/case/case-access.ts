import type { Actor } from '../shared/actor';
import { LedgerError } from '../shared/errors';
import { COURT_ROLES, PARTY_ROLES, requireRole, type Role } from '../shared/roles';
import type { CaseRecord } from './model';

/**
 * Court roles that register cases, record and remove their participants and set the self-registration policy
 * of a case type: the clerk and the judge handling cases (Online Operation Rules 2022, Art. 6: the trial
 * system serves judicial personnel on the court's network; Art. 14: participants act through accounts the
 * court has authenticated).
 */
export const CASE_MANAGER_ROLES: readonly Role[] = ['clerk', 'judge'];

/** Roles that can have access to a case at all: court roles (their own court's) and the parties' side. */
export const CASE_ACCESS_ROLES: readonly Role[] = [...COURT_ROLES, ...PARTY_ROLES];

/** True when `sub` is a recorded participant of `kase` (any side, agents included). */
export function isParticipant(kase: CaseRecord, sub: string): boolean {
    return kase.participants.some((participant) => participant.id === sub);
}

/**
 * Whether `actor` (whose identity carries court code `court`) may read and act on case `kase`
 * (undefined: the court has not registered the case on the ledger):
 *
 * | role                       | registered case                 | unregistered case |
 * |----------------------------|---------------------------------|-------------------|
 * | clerk, judge, enforcement  | only when `kase.court = court`  | yes               |
 * | party, agent               | only a recorded participant     | no                |
 * | subsystem, agency          | no                              | no                |
 *
 * Sources: Civil Procedure Law (2023) Art. 52 (the parties may consult the materials of *their* case) and
 * Art. 64 (so may their agents ad litem); Online Operation Rules (2022) Art. 6–8 (court personnel work on the
 * court's own systems), Art. 36 (personal information in online litigation is protected).
 */
export function mayAccessCase(kase: CaseRecord | undefined, actor: Actor, court: string | undefined): boolean {
    if (COURT_ROLES.includes(actor.role)) {
        return kase === undefined || kase.court === court;
    }
    if (PARTY_ROLES.includes(actor.role)) {
        return kase !== undefined && isParticipant(kase, actor.sub);
    }
    return false;
}

/**
 * Throws unless {@link mayAccessCase}: `FORBIDDEN_ROLE` for roles that never take part in a case
 * (subsystem, agency), `NOT_A_PARTICIPANT` for a party or agent not recorded in the case and for a court role
 * of another court. The message never says whether the case exists.
 */
export function requireCaseAccess(
    kase: CaseRecord | undefined,
    actor: Actor,
    court: string | undefined,
    what = 'this case',
): void {
    requireRole(actor, CASE_ACCESS_ROLES, `take part in ${what}`);
    if (!mayAccessCase(kase, actor, court)) {
        throw new LedgerError('NOT_A_PARTICIPANT', `${actor.role} ${actor.sub} is not a participant of ${what}`);
    }
}

/**
 * Throws unless `actor` may manage case `kase`'s participants: role clerk or judge (`FORBIDDEN_ROLE`), of the
 * court that registered it (`NOT_A_PARTICIPANT`).
 */
export function requireCaseManager(kase: CaseRecord, actor: Actor, court: string | undefined): void {
    requireRole(actor, CASE_MANAGER_ROLES, 'manage the participants of a case');
    if (kase.court !== court) {
        throw new LedgerError('NOT_A_PARTICIPANT', 'the case was registered by another court');
    }
}
