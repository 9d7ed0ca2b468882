import { LedgerError } from '../shared/errors';
import { COURT_CUSTODY_ROLES, PARTY_ROLES, requireRole, type Role } from '../shared/roles';
import { CUSTODY_EVENTS, type CustodyEvent, type EvidenceStage, type EvidenceStatus } from './model';

/** Statuses no event leaves. */
export const TERMINAL_STATUSES: readonly EvidenceStatus[] = ['admitted', 'excluded', 'withdrawn'];

interface Rule {
    readonly roles: readonly Role[];
    /** Stages the event is allowed from (for `challenged`, the stage reached before the challenge). */
    readonly from: readonly EvidenceStage[];
    readonly to: EvidenceStatus;
    /** `submitter`: only the submitter; `other`: anyone but the submitter. */
    readonly actor?: 'submitter' | 'other';
}

/**
 * The custody state machine. Rows are the current status; for `challenged` the row is chosen by the stage
 * reached before the challenge (the last status in the trail that is not `challenged`), so a challenge
 * records the objection without stopping the court's procedure.
 *
 * | status \ event              | exchange  | present   | cross-examine  | admit    | exclude  | challenge  | withdraw  |
 * |-----------------------------|-----------|-----------|----------------|----------|----------|------------|-----------|
 * | submitted                   | exchanged |           |                |          | excluded |            | withdrawn |
 * | exchanged                   |           | presented |                |          | excluded | challenged | withdrawn |
 * | presented                   |           |           | cross-examined |          | excluded | challenged |           |
 * | cross-examined              |           |           |                | admitted | excluded | challenged |           |
 * | challenged @ exchanged      |           | presented |                |          | excluded | challenged | withdrawn |
 * | challenged @ presented      |           |           | cross-examined |          | excluded | challenged |           |
 * | challenged @ cross-examined |           |           |                | admitted | excluded | challenged |           |
 * | admitted, excluded, withdrawn: terminal, every event is INVALID_TRANSITION                                      |
 *
 * Who: exchange, present, cross-examine, admit, exclude — `clerk`, `judge`; challenge — `party`, `agent`
 * other than the submitter (an authenticity objection comes from the other side; several parties may each
 * object); withdraw — `party`, `agent`, and only the submitter.
 * The court may exclude at any stage (e.g. evidence submitted late); admission needs cross-examination.
 */
const RULES: Readonly<Record<CustodyEvent, Rule>> = {
    exchange: { roles: COURT_CUSTODY_ROLES, from: ['submitted'], to: 'exchanged' },
    present: { roles: COURT_CUSTODY_ROLES, from: ['exchanged'], to: 'presented' },
    'cross-examine': { roles: COURT_CUSTODY_ROLES, from: ['presented'], to: 'cross-examined' },
    admit: { roles: COURT_CUSTODY_ROLES, from: ['cross-examined'], to: 'admitted' },
    exclude: {
        roles: COURT_CUSTODY_ROLES,
        from: ['submitted', 'exchanged', 'presented', 'cross-examined'],
        to: 'excluded',
    },
    challenge: {
        roles: PARTY_ROLES,
        from: ['exchanged', 'presented', 'cross-examined'],
        to: 'challenged',
        actor: 'other',
    },
    withdraw: { roles: PARTY_ROLES, from: ['submitted', 'exchanged'], to: 'withdrawn', actor: 'submitter' },
};

/** True when `value` is one of {@link CUSTODY_EVENTS}. */
export function isCustodyEvent(value: unknown): value is CustodyEvent {
    return typeof value === 'string' && (CUSTODY_EVENTS as readonly string[]).includes(value);
}

/** Returns `value` as a {@link CustodyEvent}, else throws `INVALID_ARGUMENT` (field `event`). */
export function parseCustodyEvent(value: string): CustodyEvent {
    if (!isCustodyEvent(value)) {
        throw new LedgerError('INVALID_ARGUMENT', `event must be one of ${CUSTODY_EVENTS.join(', ')}`, 'event');
    }
    return value;
}

/**
 * The stage an item has reached, from the statuses of its custody trail in order: the last one that is not
 * `challenged`, or `submitted` when there is none.
 */
export function stageOf(trail: readonly { readonly status: EvidenceStatus }[]): EvidenceStage {
    for (let i = trail.length - 1; i >= 0; i--) {
        const status = trail[i]?.status;
        if (status !== undefined && status !== 'challenged') {
            return status;
        }
    }
    return 'submitted';
}

/** Where an item stands: its status and, for `challenged`, the stage reached before the challenge. */
export interface LifecycleState {
    readonly status: EvidenceStatus;
    /** Equal to `status` unless `status` is `challenged` (see {@link stageOf}). */
    readonly stage: EvidenceStage;
}

/**
 * Applies a custody event and returns the next status.
 *
 * Checks, in order: the actor's role (`FORBIDDEN_ROLE`), the actor against the submitter
 * (`FORBIDDEN_ACTOR`), then the transition (`INVALID_TRANSITION`).
 *
 * @param state - current status and stage
 * @param event - the custody event
 * @param actor - who records it
 * @param submitterSub - `sub` of the principal who submitted the evidence
 */
export function nextEvidenceStatus(
    state: LifecycleState,
    event: CustodyEvent,
    actor: { readonly sub: string; readonly role: Role },
    submitterSub: string,
): EvidenceStatus {
    const rule = RULES[event];
    requireRole(actor, rule.roles, event);
    if (rule.actor === 'submitter' && actor.sub !== submitterSub) {
        throw new LedgerError('FORBIDDEN_ACTOR', `only the submitter may ${event} this evidence`);
    }
    if (rule.actor === 'other' && actor.sub === submitterSub) {
        throw new LedgerError('FORBIDDEN_ACTOR', `the submitter may not ${event} its own evidence`);
    }
    const stage = state.status === 'challenged' ? state.stage : state.status;
    if (TERMINAL_STATUSES.includes(state.status) || !rule.from.includes(stage)) {
        const where = state.status === 'challenged' ? `challenged (at ${stage})` : state.status;
        throw new LedgerError('INVALID_TRANSITION', `cannot ${event} evidence that is ${where}`);
    }
    return rule.to;
}
