import type { Actor } from '@court-ledger/ledger-api';
import { COURT_ROLES, type Role } from '../../platform/auth/roles';
import { DomainError } from '../../platform/http/errors';
import { CASE_EVENT_TYPES, EVENT_TYPES, type EventType } from './schemas';
import type { StreamFilter } from './store';

/** Who may subscribe or stream: the court's subsystems and court staff. */
export const SUBSCRIBER_ROLES: readonly Role[] = ['subsystem', ...COURT_ROLES];

/**
 * The event types a role may receive: a subsystem every type (its own items; the cases it names); court staff
 * every type but `anchor.items-anchored` (they queue no items).
 */
export function typesFor(role: string): readonly EventType[] {
    return role === 'subsystem' ? EVENT_TYPES : EVENT_TYPES.filter((type) => type !== 'anchor.items-anchored');
}

/**
 * The rules every subscription and stream follows. A subscriber receives: `anchor.batch-sealed` for every batch;
 * `anchor.items-anchored` for batches holding its own items only; case events (`service.event`,
 * `guarantee.status`, `enforcement.step`) of the cases it names — a subsystem must name them (`caseIds`, its
 * cases), court staff may leave them out (every case).
 *
 * @throws DomainError `FORBIDDEN_ROLE` (field `events`) for a type the role may not receive, `INVALID_ARGUMENT`
 *   (field `caseIds`) for a subsystem asking for case events without naming its cases
 */
export function subscriberFilter(
    actor: Actor,
    events: readonly EventType[] | undefined,
    caseIds: readonly string[] | undefined,
): StreamFilter {
    const allowed = typesFor(actor.role);
    // Without a list: every allowed type (a subsystem naming no case: the anchoring ones).
    const wanted =
        events ??
        (actor.role === 'subsystem' && caseIds === undefined
            ? allowed.filter((type) => !CASE_EVENT_TYPES.includes(type))
            : allowed);
    const refused = wanted.find((type) => !allowed.includes(type));
    if (refused !== undefined) {
        throw new DomainError('FORBIDDEN_ROLE', `role ${actor.role} may not receive ${refused} events`, 'events');
    }
    if (actor.role === 'subsystem' && caseIds === undefined && wanted.some((t) => CASE_EVENT_TYPES.includes(t))) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `a subsystem names its cases (caseIds) to receive ${CASE_EVENT_TYPES.join(', ')} events`,
            'caseIds',
        );
    }
    return { ownerSub: actor.sub, events: wanted, caseIds };
}
