import { canonicalJson } from '../../src/domain/shared/canonical-json';
import type { CaseParticipant, CaseRecord, CaseSide, CaseTypePolicy } from '../../src/domain/case/model';
import { TEST_COURT, type FakeLedger } from './fake-ledger';

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

/**
 * Puts a case straight into the fake ledger's committed state (no transaction, so the transaction clock of
 * the test is unchanged): what the court's `case:register` + `case:addParticipant` calls would leave.
 */
export function seedCase(
    ledger: FakeLedger,
    caseId: string,
    participants: readonly SeededParticipant[],
    options?: { court?: string; caseType?: string },
): CaseRecord {
    const record = caseRecord(caseId, participants, options);
    ledger.stub.state.set(`\u0000case\u0000${caseId}\u0000`, Buffer.from(canonicalJson(record), 'utf8'));
    return record;
}

/** A self-registration policy record of {@link TEST_COURT} for `caseType`. */
export function seedPolicy(ledger: FakeLedger, caseType: string, selfRegistration: boolean): void {
    const policy: CaseTypePolicy = {
        court: TEST_COURT,
        caseType,
        selfRegistration,
        setBy: { sub: 'clerk-1', role: 'clerk' },
        at: '2023-11-14T00:00:00.000Z',
        txId: 'seed',
    };
    ledger.stub.state.set(
        `\u0000casepolicy\u0000${TEST_COURT}\u0000${caseType}\u0000`,
        Buffer.from(canonicalJson(policy), 'utf8'),
    );
}
