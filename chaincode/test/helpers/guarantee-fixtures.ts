import type { GuaranteeRecord, GuaranteeStatus } from '../../src/domain/guarantee/model';
import type { PreservationRecord } from '../../src/domain/preservation/model';
import type { Actor } from '../../src/domain/shared/actor';
import { actors as courtActors } from './actors';

/** Fixtures shared by the preservation/guarantee domain tests. */
export const APPLICATION_ID = `pa_${'a1'.repeat(16)}`;
export const LETTER_ID = `lg_${'b2'.repeat(16)}`;
export const RESPONDENT = 'c3'.repeat(32);
export const DIGEST = 'd4'.repeat(32);
export const DIGEST_2 = 'e5'.repeat(32);
export const APPLIED_AT = '2024-06-01T00:00:00.000Z';
export const VALID_FROM = '2024-06-01T00:00:00.000Z';
export const VALID_TO = '2025-06-01T00:00:00.000Z';
/** A time inside the validity window. */
export const NOW = '2024-07-01T00:00:00.000Z';
/** A time after the window. */
export const LATER = '2025-07-01T00:00:00.000Z';

/** The shared actors, with the applicant (a party) and the same person acting as an agent. */
export const actors = {
    ...courtActors,
    applicant: courtActors.party,
    applicantAgent: { sub: 'p-1', role: 'agent', org: 'CourtMSP' },
} as const satisfies Record<string, Actor>;

/** An application in `status` (applied by `actors.applicant`). */
export function application(overrides: Partial<PreservationRecord> = {}): PreservationRecord {
    return {
        applicationId: APPLICATION_ID,
        caseId: 'C-1',
        applicant: { sub: 'p-1', role: 'party' },
        respondentPseudonym: RESPONDENT,
        amount: 1_000_000,
        propertyDigest: DIGEST,
        status: 'applied',
        supplements: [],
        reviews: [],
        history: [],
        appliedAt: APPLIED_AT,
        txId: 'tx-apply',
        ...overrides,
    };
}

/** A letter in `status` for {@link APPLICATION_ID} by agency-a. */
export function letter(status: GuaranteeStatus = 'applied', overrides: Partial<GuaranteeRecord> = {}): GuaranteeRecord {
    return {
        letterId: LETTER_ID,
        applicationId: APPLICATION_ID,
        caseId: 'C-1',
        agency: 'agency-a',
        applicant: { sub: 'p-1', role: 'party' },
        beneficiaryPseudonym: RESPONDENT,
        amount: 1_000_000,
        validFrom: VALID_FROM,
        validTo: VALID_TO,
        status,
        versions: [],
        history: [],
        appliedAt: APPLIED_AT,
        txId: 'tx-letter',
        ...overrides,
    };
}
