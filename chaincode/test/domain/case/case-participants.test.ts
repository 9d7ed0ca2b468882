import { expect } from 'chai';
import {
    admitSubmitter,
    newCaseRecord,
    newCaseTypePolicy,
    recordParticipant,
    removeParticipant,
} from '../../../src/domain/case/case-participants';
import {
    parseParticipantInput,
    parseSelfRegistration,
    validateCaseType,
} from '../../../src/domain/case/case-validation';
import type { CaseTypePolicy } from '../../../src/domain/case/model';
import type { Actor } from '../../../src/domain/shared/actor';
import type { ErrorCode } from '../../../src/domain/shared/errors';
import type { Role } from '../../../src/domain/shared/roles';
import { caseRecord } from '../../helpers/cases';
import { expectThrowsCode } from '../../helpers/codes';

const TX = { at: '2024-05-01T02:00:00.000Z', txId: 'tx-9' };

function actor(role: Role, sub: string): Actor {
    return { sub, role, org: 'CourtMSP' };
}

function policy(selfRegistration: boolean): CaseTypePolicy {
    return newCaseTypePolicy('civil', selfRegistration, actor('clerk', 'c'), 'K0491', TX);
}

/**
 * Parties, third parties and agents: Civil Procedure Law (2023) Chapter 5, Art. 51–52 (parties), Art. 59
 * (third parties), Art. 60–65 (agents ad litem act for a party).
 */
describe('parseParticipantInput', () => {
    const table: readonly { args: [string, string, string]; outcome: ErrorCode | object }[] = [
        { args: ['p-1', 'plaintiff', ''], outcome: { id: 'p-1', side: 'plaintiff' } },
        { args: ['p-2', 'defendant', ''], outcome: { id: 'p-2', side: 'defendant' } },
        { args: ['p-3', 'third-party', ''], outcome: { id: 'p-3', side: 'third-party' } },
        { args: ['l-1', 'agent-of', 'p-1'], outcome: { id: 'l-1', side: 'agent-of', agentOf: 'p-1' } },
        { args: ['a'.repeat(64), 'defendant', ''], outcome: { id: 'a'.repeat(64), side: 'defendant' } },
        { args: ['l-1', 'agent-of', ''], outcome: 'INVALID_ARGUMENT' },
        { args: ['l-1', 'agent-of', 'l-1'], outcome: 'INVALID_ARGUMENT' },
        { args: ['p-1', 'plaintiff', 'p-2'], outcome: 'INVALID_ARGUMENT' },
        { args: ['p-1', 'witness', ''], outcome: 'INVALID_ARGUMENT' },
        { args: ['张三', 'plaintiff', ''], outcome: 'INVALID_ARGUMENT' },
        { args: ['', 'plaintiff', ''], outcome: 'INVALID_ARGUMENT' },
    ];
    for (const { args, outcome } of table) {
        it(`${args.join(' / ')} → ${typeof outcome === 'string' ? outcome : 'ok'}`, () => {
            if (typeof outcome === 'string') {
                expectThrowsCode(() => parseParticipantInput(...args), outcome);
            } else {
                expect(parseParticipantInput(...args)).to.deep.equal(outcome);
            }
        });
    }

    it('case types and the policy flag are validated', () => {
        expect(validateCaseType('civil-first-instance')).to.equal('civil-first-instance');
        expectThrowsCode(() => validateCaseType('Civil'), 'INVALID_ARGUMENT');
        expectThrowsCode(() => validateCaseType(''), 'INVALID_ARGUMENT');
        expect([parseSelfRegistration('true'), parseSelfRegistration('false')]).to.deep.equal([true, false]);
        expectThrowsCode(() => parseSelfRegistration('yes'), 'INVALID_ARGUMENT');
    });
});

describe('recording and removing participants', () => {
    it('registers a case of the caller’s court with no participants (clerk, judge)', () => {
        const kase = newCaseRecord('C-1', 'civil', actor('judge', 'j-1'), 'K0491', TX);
        expect(kase).to.deep.equal({
            caseId: 'C-1',
            court: 'K0491',
            caseType: 'civil',
            participants: [],
            registeredBy: { sub: 'j-1', role: 'judge' },
            registeredAt: TX.at,
            txId: TX.txId,
            updatedAt: TX.at,
        });
        expectThrowsCode(() => newCaseRecord('C-1', 'civil', actor('party', 'p'), 'K0491', TX), 'FORBIDDEN_ROLE');
        expectThrowsCode(() => newCaseRecord('C-1', 'civil', actor('clerk', 'c'), undefined, TX), 'FORBIDDEN_ROLE');
    });

    it('appends, re-sides a known participant, and needs the agent’s principal on the case', () => {
        let kase = caseRecord('C-1', []);
        kase = recordParticipant(kase, { id: 'p-1', side: 'plaintiff' }, TX);
        expectThrowsCode(
            () => recordParticipant(kase, { id: 'l-1', side: 'agent-of', agentOf: 'p-2' }, TX),
            'INVALID_ARGUMENT',
        );
        kase = recordParticipant(kase, { id: 'l-1', side: 'agent-of', agentOf: 'p-1' }, TX);
        expectThrowsCode(
            () => recordParticipant(kase, { id: 'l-2', side: 'agent-of', agentOf: 'l-1' }, TX),
            'INVALID_ARGUMENT',
        );
        kase = recordParticipant(kase, { id: 'p-1', side: 'third-party' }, TX);
        expect(kase.participants.map((p) => [p.id, p.side, p.via])).to.deep.equal([
            ['p-1', 'third-party', 'court'],
            ['l-1', 'agent-of', 'court'],
        ]);
        kase = removeParticipant(kase, 'p-1', TX);
        expect(kase.participants.map((p) => p.id)).to.deep.equal(['l-1']);
        expectThrowsCode(() => removeParticipant(kase, 'p-1', TX), 'NOT_FOUND');
    });
});

/**
 * The self-registration rule: Online Operation Rules (2022) Art. 14 (participants are registered and
 * authenticated before acting online), Art. 21 (parties submit evidence through the blockchain platform); Civil
 * Procedure Law (2023) Art. 52. Default: a case type without a policy does not allow it.
 */
describe('admitSubmitter (self-registration)', () => {
    const KASE = caseRecord('C-1', [{ id: 'p-1', side: 'plaintiff' }]);
    const table: readonly {
        who: string;
        actor: Actor;
        court?: string;
        registered: boolean;
        policy?: boolean;
        outcome: 'joins' | 'unchanged' | ErrorCode;
    }[] = [
        { who: 'participant', actor: actor('party', 'p-1'), registered: true, outcome: 'unchanged' },
        {
            who: 'participant, policy on',
            actor: actor('party', 'p-1'),
            registered: true,
            policy: true,
            outcome: 'unchanged',
        },
        {
            who: 'outsider party, policy on',
            actor: actor('party', 'p-2'),
            registered: true,
            policy: true,
            outcome: 'joins',
        },
        {
            who: 'outsider agent, policy on',
            actor: actor('agent', 'l-2'),
            registered: true,
            policy: true,
            outcome: 'joins',
        },
        {
            who: 'outsider, policy off',
            actor: actor('party', 'p-2'),
            registered: true,
            policy: false,
            outcome: 'NOT_A_PARTICIPANT',
        },
        {
            who: 'outsider, no policy (default)',
            actor: actor('party', 'p-2'),
            registered: true,
            outcome: 'NOT_A_PARTICIPANT',
        },
        {
            who: 'party, unregistered case',
            actor: actor('party', 'p-2'),
            registered: false,
            policy: true,
            outcome: 'NOT_A_PARTICIPANT',
        },
        {
            who: 'clerk of the court',
            actor: actor('clerk', 'c'),
            court: 'K0491',
            registered: true,
            policy: true,
            outcome: 'unchanged',
        },
        {
            who: 'clerk of another court',
            actor: actor('clerk', 'c'),
            court: 'K0001',
            registered: true,
            policy: true,
            outcome: 'NOT_A_PARTICIPANT',
        },
        {
            who: 'clerk, unregistered case',
            actor: actor('clerk', 'c'),
            court: 'K0491',
            registered: false,
            outcome: 'unchanged',
        },
    ];
    for (const row of table) {
        it(`${row.who}: ${row.outcome}`, () => {
            const kase = row.registered ? KASE : undefined;
            const rule = row.policy === undefined ? undefined : policy(row.policy);
            const run = () => admitSubmitter(kase, rule, row.actor, row.court, TX);
            if (row.outcome === 'joins') {
                expect(run()?.participants).to.deep.equal([
                    ...KASE.participants,
                    { id: row.actor.sub, via: 'self', since: TX.at, txId: TX.txId },
                ]);
            } else if (row.outcome === 'unchanged') {
                expect(run()).to.equal(undefined);
            } else {
                expectThrowsCode(run, row.outcome);
            }
        });
    }
});
