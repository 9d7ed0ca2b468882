import { principalRef, type Actor } from '../shared/actor';
import { LedgerError } from '../shared/errors';
import { PARTY_ROLES, requireRole } from '../shared/roles';
import { CASE_MANAGER_ROLES, isParticipant, requireCaseAccess } from './case-access';
import type { CaseParticipant, CaseRecord, CaseTypePolicy, ParticipantInput } from './model';

/** A transaction's time and id, stamped on what it records. */
export interface TxStamp {
    readonly at: string;
    readonly txId: string;
}

function requireCourt(court: string | undefined): string {
    if (court === undefined || court === '') {
        throw new LedgerError('FORBIDDEN_ROLE', 'the submitting identity carries no court attribute');
    }
    return court;
}

/**
 * A newly registered case of court `court` (the registering identity's `court` attribute) with no
 * participants. Roles clerk and judge (`FORBIDDEN_ROLE`); an identity without a court attribute is
 * `FORBIDDEN_ROLE`.
 */
export function newCaseRecord(
    caseId: string,
    caseType: string,
    actor: Actor,
    court: string | undefined,
    tx: TxStamp,
): CaseRecord {
    requireRole(actor, CASE_MANAGER_ROLES, 'register a case');
    return {
        caseId,
        court: requireCourt(court),
        caseType,
        participants: [],
        registeredBy: principalRef(actor),
        registeredAt: tx.at,
        txId: tx.txId,
        updatedAt: tx.at,
    };
}

/**
 * Records `input` in `kase` (the caller has checked the court may manage it): a new participant is appended,
 * a known one (court-recorded or self-registered) gets the side given now. An agent's principal must already
 * be a participant that is not itself an agent (`INVALID_ARGUMENT`, field `agentOf`).
 */
export function recordParticipant(kase: CaseRecord, input: ParticipantInput, tx: TxStamp): CaseRecord {
    if (input.agentOf !== undefined) {
        const principal = kase.participants.find((participant) => participant.id === input.agentOf);
        if (principal === undefined || principal.side === 'agent-of') {
            throw new LedgerError(
                'INVALID_ARGUMENT',
                'agentOf must be a participant of the case, not an agent',
                'agentOf',
            );
        }
    }
    const entry: CaseParticipant = { ...input, via: 'court', since: tx.at, txId: tx.txId };
    const index = kase.participants.findIndex((participant) => participant.id === input.id);
    const participants =
        index < 0 ? [...kase.participants, entry] : kase.participants.map((old, at) => (at === index ? entry : old));
    return { ...kase, participants, updatedAt: tx.at };
}

/**
 * Removes participant `id` from `kase` (`NOT_FOUND`, field `participant`, when absent). Agents acting for it
 * stay recorded until the court removes them too: an agent's access is its own entry, never derived.
 */
export function removeParticipant(kase: CaseRecord, id: string, tx: TxStamp): CaseRecord {
    if (!isParticipant(kase, id)) {
        throw new LedgerError('NOT_FOUND', `${id} is not a participant of the case`, 'participant');
    }
    return { ...kase, participants: kase.participants.filter((p) => p.id !== id), updatedAt: tx.at };
}

/** The self-registration policy of court `court` for `caseType`. Roles clerk and judge (`FORBIDDEN_ROLE`). */
export function newCaseTypePolicy(
    caseType: string,
    selfRegistration: boolean,
    actor: Actor,
    court: string | undefined,
    tx: TxStamp,
): CaseTypePolicy {
    requireRole(actor, CASE_MANAGER_ROLES, 'set a case-type policy');
    return { court: requireCourt(court), caseType, selfRegistration, setBy: principalRef(actor), ...tx };
}

/** True when `policy` (the court's policy for the case's type; undefined when none) allows self-registration. */
export function allowsSelfRegistration(policy: CaseTypePolicy | undefined): boolean {
    return policy?.selfRegistration === true;
}

/**
 * The self-registration rule, applied when `actor` submits evidence in case `kase`:
 *
 * | submitter                         | case registered, policy allows | registered, no/false policy | unregistered |
 * |-----------------------------------|--------------------------------|-----------------------------|--------------|
 * | court role of the case's court    | submits                        | submits                     | submits      |
 * | party/agent already a participant | submits                        | submits                     | –            |
 * | party/agent not a participant     | becomes participant (`self`)   | `NOT_A_PARTICIPANT`         | `NOT_A_PARTICIPANT` |
 *
 * A case type allows self-registration only when its court has said so (`case:setPolicy`); the default is no.
 * Sources: Online Operation Rules (2022) Art. 14 (participants register and are authenticated before acting
 * online) and Art. 21 (parties submit evidence through the blockchain platform); Civil Procedure Law (2023)
 * Art. 52 (a party's rights in its own case).
 *
 * @returns the case with the submitter added (side unset, `via: 'self'`), or undefined when nothing changes
 */
export function admitSubmitter(
    kase: CaseRecord | undefined,
    policy: CaseTypePolicy | undefined,
    actor: Actor,
    court: string | undefined,
    tx: TxStamp,
): CaseRecord | undefined {
    const selfRegisters =
        kase !== undefined &&
        PARTY_ROLES.includes(actor.role) &&
        !isParticipant(kase, actor.sub) &&
        allowsSelfRegistration(policy);
    if (!selfRegisters) {
        requireCaseAccess(kase, actor, court, 'the case');
        return undefined;
    }
    const entry: CaseParticipant = { id: actor.sub, via: 'self', since: tx.at, txId: tx.txId };
    return { ...kase, participants: [...kase.participants, entry], updatedAt: tx.at };
}
