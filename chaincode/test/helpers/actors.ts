import type { Actor } from '../../src/domain/shared/actor';

/** The actors the domain tests act as: one per role (two where a test needs another of the same role). */
export const actors = {
    party: { sub: 'p-1', role: 'party', org: 'CourtMSP' },
    otherParty: { sub: 'p-2', role: 'party', org: 'CourtMSP' },
    agent: { sub: 'lawyer-1', role: 'agent', org: 'CourtMSP' },
    clerk: { sub: 'clerk-1', role: 'clerk', org: 'CourtMSP' },
    judge: { sub: 'judge-1', role: 'judge', org: 'CourtMSP' },
    /** An enforcement officer. */
    officer: { sub: 'enf-1', role: 'enforcement', org: 'CourtMSP' },
    /** The judicial auction platform (a subsystem). */
    platform: { sub: 'auction-platform', role: 'subsystem', org: 'CourtMSP' },
    agency: { sub: 'agency-a', role: 'agency', org: 'AgencyMSP' },
    otherAgency: { sub: 'agency-b', role: 'agency', org: 'AgencyMSP' },
} as const satisfies Record<string, Actor>;
