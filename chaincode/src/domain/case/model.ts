import type { PrincipalRef } from '../shared/actor';

/**
 * A participant's side in a case. Civil Procedure Law of the PRC (2023), Chapter 5 "Participants in
 * Litigation": the parties, plaintiff and defendant (Art. 51–52), a third party (Art. 59), and an agent ad
 * litem acting for one of them (Art. 60–65; recorded as `agent-of` that participant).
 */
export const CASE_SIDES = ['plaintiff', 'defendant', 'third-party', 'agent-of'] as const;

/** A side of a case (see {@link CASE_SIDES}). */
export type CaseSide = (typeof CASE_SIDES)[number];

/** How a participant came onto the case: recorded by the court, or registered by submitting evidence. */
export const PARTICIPANT_SOURCES = ['court', 'self'] as const;

/** How a participant came onto the case (see {@link PARTICIPANT_SOURCES}). */
export type ParticipantSource = (typeof PARTICIPANT_SOURCES)[number];

/**
 * One participant of a case. `id` is the opaque principal token the gateway sends as `actor.sub` (the
 * gateway alone maps a person's account to it); the chaincode compares it with `actor.sub` and nothing else.
 */
export interface CaseParticipant {
    readonly id: string;
    /** Absent for a self-registered participant until the court records its side. */
    readonly side?: CaseSide;
    /** With side `agent-of`: the id of the participant this agent acts for. */
    readonly agentOf?: string;
    readonly via: ParticipantSource;
    /** Time of the transaction that recorded this entry (ISO 8601 UTC). */
    readonly since: string;
    readonly txId: string;
}

/**
 * A case as the ledger knows it (`case`/[caseId]): the court that registered it (the `court` attribute of the
 * registering identity), its type (what the self-registration policy is looked up by) and its participants,
 * in the order they were first recorded.
 */
export interface CaseRecord {
    /** Opaque case token (today the case number; a keyed HMAC of it once the gateway pseudonymises it). */
    readonly caseId: string;
    readonly court: string;
    readonly caseType: string;
    readonly participants: readonly CaseParticipant[];
    readonly registeredBy: PrincipalRef;
    readonly registeredAt: string;
    readonly txId: string;
    /** Time of the last change (registration or a participant recorded or removed). */
    readonly updatedAt: string;
}

/**
 * A court's self-registration policy for one case type (`casepolicy`/[court, caseType]). Without a policy
 * record a case type does not allow self-registration.
 */
export interface CaseTypePolicy {
    readonly court: string;
    readonly caseType: string;
    readonly selfRegistration: boolean;
    readonly setBy: PrincipalRef;
    readonly at: string;
    readonly txId: string;
}

/** What `case:addParticipant` records (validated). */
export interface ParticipantInput {
    readonly id: string;
    readonly side: CaseSide;
    readonly agentOf?: string;
}
