import { expect } from 'chai';
import { mayAccessCase, requireCaseAccess, requireCaseManager } from '../../../src/domain/case/case-access';
import type { Actor } from '../../../src/domain/shared/actor';
import type { ErrorCode } from '../../../src/domain/shared/errors';
import type { Role } from '../../../src/domain/shared/roles';
import { caseRecord } from '../../helpers/cases';
import { expectThrowsCode } from '../../helpers/codes';

const KASE = caseRecord('C-1', [
    { id: 'p-1', side: 'plaintiff' },
    { id: 'lawyer-1', side: 'agent-of', agentOf: 'p-1' },
]);

function actor(role: Role, sub: string): Actor {
    return { sub, role, org: role === 'agency' ? 'AgencyMSP' : 'CourtMSP' };
}

/**
 * Who may read and act on a case. Sources: Civil Procedure Law (2023) Art. 52 (a party consults the materials
 * of its own case), Art. 64 (so does its agent ad litem); Online Operation Rules (2022) Art. 6–8 (court
 * personnel on their own court's systems), Art. 36 (personal information protected).
 */
describe('case access (mayAccessCase / requireCaseAccess)', () => {
    const table: readonly {
        who: string;
        actor: Actor;
        court?: string;
        registered: boolean;
        outcome: 'ok' | ErrorCode;
    }[] = [
        { who: 'recorded party', actor: actor('party', 'p-1'), registered: true, outcome: 'ok' },
        { who: 'recorded agent', actor: actor('agent', 'lawyer-1'), registered: true, outcome: 'ok' },
        { who: 'unrecorded party', actor: actor('party', 'p-9'), registered: true, outcome: 'NOT_A_PARTICIPANT' },
        { who: 'unrecorded agent', actor: actor('agent', 'lawyer-9'), registered: true, outcome: 'NOT_A_PARTICIPANT' },
        { who: 'party, unregistered', actor: actor('party', 'p-1'), registered: false, outcome: 'NOT_A_PARTICIPANT' },
        { who: 'clerk of the court', actor: actor('clerk', 'c'), court: 'K0491', registered: true, outcome: 'ok' },
        { who: 'judge of the court', actor: actor('judge', 'j'), court: 'K0491', registered: true, outcome: 'ok' },
        {
            who: 'enforcement officer of the court',
            actor: actor('enforcement', 'e'),
            court: 'K0491',
            registered: true,
            outcome: 'ok',
        },
        {
            who: 'clerk of another court',
            actor: actor('clerk', 'c'),
            court: 'K0001',
            registered: true,
            outcome: 'NOT_A_PARTICIPANT',
        },
        { who: 'clerk without court', actor: actor('clerk', 'c'), registered: true, outcome: 'NOT_A_PARTICIPANT' },
        { who: 'clerk, unregistered', actor: actor('clerk', 'c'), court: 'K0001', registered: false, outcome: 'ok' },
        { who: 'agency', actor: actor('agency', 'ins-1'), registered: true, outcome: 'FORBIDDEN_ROLE' },
        {
            who: 'subsystem',
            actor: actor('subsystem', 'trial'),
            court: 'K0491',
            registered: true,
            outcome: 'FORBIDDEN_ROLE',
        },
    ];
    for (const row of table) {
        it(`${row.who}: ${row.outcome}`, () => {
            const kase = row.registered ? KASE : undefined;
            expect(mayAccessCase(kase, row.actor, row.court)).to.equal(row.outcome === 'ok');
            if (row.outcome === 'ok') {
                expect(() => {
                    requireCaseAccess(kase, row.actor, row.court);
                }).not.to.throw();
            } else {
                expectThrowsCode(() => {
                    requireCaseAccess(kase, row.actor, row.court);
                }, row.outcome);
            }
        });
    }
});

describe('requireCaseManager: clerk and judge of the registering court', () => {
    const table: readonly { actor: Actor; court: string; outcome: 'ok' | ErrorCode }[] = [
        { actor: actor('clerk', 'c'), court: 'K0491', outcome: 'ok' },
        { actor: actor('judge', 'j'), court: 'K0491', outcome: 'ok' },
        { actor: actor('judge', 'j'), court: 'K0001', outcome: 'NOT_A_PARTICIPANT' },
        { actor: actor('enforcement', 'e'), court: 'K0491', outcome: 'FORBIDDEN_ROLE' },
        { actor: actor('party', 'p-1'), court: 'K0491', outcome: 'FORBIDDEN_ROLE' },
    ];
    for (const row of table) {
        it(`${row.actor.role} of ${row.court}: ${row.outcome}`, () => {
            if (row.outcome === 'ok') {
                expect(() => {
                    requireCaseManager(KASE, row.actor, row.court);
                }).not.to.throw();
            } else {
                expectThrowsCode(() => {
                    requireCaseManager(KASE, row.actor, row.court);
                }, row.outcome);
            }
        });
    }
});
