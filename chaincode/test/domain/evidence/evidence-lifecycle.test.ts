import { expect } from 'chai';
import {
    nextEvidenceStatus,
    parseCustodyEvent,
    stageOf,
    type LifecycleState,
} from '../../../src/domain/evidence/evidence-lifecycle';
import {
    CUSTODY_EVENTS,
    type CustodyEvent,
    type EvidenceStage,
    type EvidenceStatus,
} from '../../../src/domain/evidence/model';
import { ROLES, type Role } from '../../../src/domain/shared/roles';
import { expectThrowsCode } from '../../helpers/codes';

const SUBMITTER = 'p-1';
const actors = {
    submitter: { sub: SUBMITTER, role: 'party' as Role },
    otherParty: { sub: 'p-2', role: 'party' as Role },
    otherAgent: { sub: 'a-2', role: 'agent' as Role },
    clerk: { sub: 'clerk-1', role: 'clerk' as Role },
    judge: { sub: 'judge-1', role: 'judge' as Role },
};

function state(status: EvidenceStatus, stage?: EvidenceStage): LifecycleState {
    return { status, stage: stage ?? (status === 'challenged' ? 'exchanged' : status) };
}

type Row = [label: string, state: LifecycleState, event: CustodyEvent, next: EvidenceStatus];

/** Every allowed transition (the table in evidence-lifecycle.ts), written out independently. */
const ALLOWED: Row[] = [
    ['submitted', state('submitted'), 'exchange', 'exchanged'],
    ['submitted', state('submitted'), 'exclude', 'excluded'],
    ['submitted', state('submitted'), 'withdraw', 'withdrawn'],
    ['exchanged', state('exchanged'), 'present', 'presented'],
    ['exchanged', state('exchanged'), 'exclude', 'excluded'],
    ['exchanged', state('exchanged'), 'challenge', 'challenged'],
    ['exchanged', state('exchanged'), 'withdraw', 'withdrawn'],
    ['presented', state('presented'), 'cross-examine', 'cross-examined'],
    ['presented', state('presented'), 'exclude', 'excluded'],
    ['presented', state('presented'), 'challenge', 'challenged'],
    ['cross-examined', state('cross-examined'), 'admit', 'admitted'],
    ['cross-examined', state('cross-examined'), 'exclude', 'excluded'],
    ['cross-examined', state('cross-examined'), 'challenge', 'challenged'],
    ['challenged@exchanged', state('challenged', 'exchanged'), 'present', 'presented'],
    ['challenged@exchanged', state('challenged', 'exchanged'), 'exclude', 'excluded'],
    ['challenged@exchanged', state('challenged', 'exchanged'), 'challenge', 'challenged'],
    ['challenged@exchanged', state('challenged', 'exchanged'), 'withdraw', 'withdrawn'],
    ['challenged@presented', state('challenged', 'presented'), 'cross-examine', 'cross-examined'],
    ['challenged@presented', state('challenged', 'presented'), 'exclude', 'excluded'],
    ['challenged@presented', state('challenged', 'presented'), 'challenge', 'challenged'],
    ['challenged@cross-examined', state('challenged', 'cross-examined'), 'admit', 'admitted'],
    ['challenged@cross-examined', state('challenged', 'cross-examined'), 'exclude', 'excluded'],
    ['challenged@cross-examined', state('challenged', 'cross-examined'), 'challenge', 'challenged'],
];

const STATES: [string, LifecycleState][] = [
    ['submitted', state('submitted')],
    ['exchanged', state('exchanged')],
    ['presented', state('presented')],
    ['cross-examined', state('cross-examined')],
    ['challenged@exchanged', state('challenged', 'exchanged')],
    ['challenged@presented', state('challenged', 'presented')],
    ['challenged@cross-examined', state('challenged', 'cross-examined')],
    ['admitted', state('admitted')],
    ['excluded', state('excluded')],
    ['withdrawn', state('withdrawn')],
];

/** Actors entitled to each event (role and identity). */
function entitled(event: CustodyEvent): { sub: string; role: Role }[] {
    switch (event) {
        case 'withdraw':
            return [actors.submitter, { sub: SUBMITTER, role: 'agent' }];
        case 'challenge':
            return [actors.otherParty, actors.otherAgent];
        default:
            return [actors.clerk, actors.judge];
    }
}

describe('evidence lifecycle', () => {
    describe('allowed transitions', () => {
        for (const [label, from, event, next] of ALLOWED) {
            for (const actor of entitled(event)) {
                it(`${label} --${event} by ${actor.role}--> ${next}`, () => {
                    expect(nextEvidenceStatus(from, event, actor, SUBMITTER)).to.equal(next);
                });
            }
        }
    });

    describe('every other (status, event) is INVALID_TRANSITION for an entitled actor', () => {
        for (const [label, from] of STATES) {
            for (const event of CUSTODY_EVENTS) {
                if (ALLOWED.some(([l, , e]) => l === label && e === event)) {
                    continue;
                }
                it(`${label} refuses ${event}`, () => {
                    for (const actor of entitled(event)) {
                        expectThrowsCode(() => nextEvidenceStatus(from, event, actor, SUBMITTER), 'INVALID_TRANSITION');
                    }
                });
            }
        }
    });

    describe('roles', () => {
        const rolesFor: Record<CustodyEvent, Role[]> = {
            exchange: ['clerk', 'judge'],
            present: ['clerk', 'judge'],
            'cross-examine': ['clerk', 'judge'],
            admit: ['clerk', 'judge'],
            exclude: ['clerk', 'judge'],
            challenge: ['party', 'agent'],
            withdraw: ['party', 'agent'],
        };
        for (const event of CUSTODY_EVENTS) {
            const refused = ROLES.filter((role) => !rolesFor[event].includes(role));
            it(`${event} is FORBIDDEN_ROLE for ${refused.join(', ')}`, () => {
                const allowedFrom = ALLOWED.find(([, , e]) => e === event)![1];
                for (const role of refused) {
                    const actor = { sub: event === 'withdraw' ? SUBMITTER : 'someone', role };
                    expectThrowsCode(() => nextEvidenceStatus(allowedFrom, event, actor, SUBMITTER), 'FORBIDDEN_ROLE');
                }
            });
        }

        it('checks the role before the state', () => {
            expectThrowsCode(
                () => nextEvidenceStatus(state('admitted'), 'admit', actors.otherParty, SUBMITTER),
                'FORBIDDEN_ROLE',
            );
        });
    });

    describe('actors', () => {
        it('only the submitter withdraws', () => {
            for (const actor of [actors.otherParty, actors.otherAgent]) {
                expectThrowsCode(
                    () => nextEvidenceStatus(state('submitted'), 'withdraw', actor, SUBMITTER),
                    'FORBIDDEN_ACTOR',
                );
            }
        });

        it('the submitter does not challenge its own evidence', () => {
            expectThrowsCode(
                () => nextEvidenceStatus(state('exchanged'), 'challenge', actors.submitter, SUBMITTER),
                'FORBIDDEN_ACTOR',
            );
        });

        it('withdrawal after presentation is INVALID_TRANSITION even for the submitter', () => {
            expectThrowsCode(
                () => nextEvidenceStatus(state('presented'), 'withdraw', actors.submitter, SUBMITTER),
                'INVALID_TRANSITION',
            );
        });
    });

    it('derives the stage from the trail', () => {
        expect(stageOf([])).to.equal('submitted');
        expect(stageOf([{ status: 'exchanged' }, { status: 'challenged' }])).to.equal('exchanged');
        expect(
            stageOf([
                { status: 'exchanged' },
                { status: 'challenged' },
                { status: 'presented' },
                { status: 'challenged' },
            ]),
        ).to.equal('presented');
    });

    it('parses event names', () => {
        for (const event of CUSTODY_EVENTS) {
            expect(parseCustodyEvent(event)).to.equal(event);
        }
        for (const bad of ['', 'Admit', 'submit', 'crossExamine']) {
            expectThrowsCode(() => parseCustodyEvent(bad), 'INVALID_ARGUMENT');
        }
    });
});
