import type { CaseParticipant, CaseRecord, CaseSide } from '../../src/domain/case/model';

/** The court code of the tests' CourtMSP identities (the `court` certificate attribute), and of their cases. */
export const TEST_COURT = 'K0491';

/** A participant to seed: its id and side (`agentOf` with side `agent-of`). */
export interface SeededParticipant {
    readonly id: string;
    readonly side?: CaseSide;
    readonly agentOf?: string;
}

/** A registered case record of {@link TEST_COURT} (or `court`) with `participants`, as `case:register` makes. */
export function caseRecord(
    caseId: string,
    participants: readonly SeededParticipant[],
    { court = TEST_COURT, caseType = 'civil' }: { court?: string; caseType?: string } = {},
): CaseRecord {
    const at = '2023-11-14T00:00:00.000Z';
    const entries: CaseParticipant[] = participants.map((p) => ({
        ...p,
        side: p.side ?? 'plaintiff',
        via: 'court',
        since: at,
        txId: 'seed',
    }));
    return {
        caseId,
        court,
        caseType,
        participants: entries,
        registeredBy: { sub: 'clerk-1', role: 'clerk' },
        registeredAt: at,
        txId: 'seed',
        updatedAt: at,
    };
}
