import { COURT_ROLES } from '../../platform/auth/roles';
import { HttpError } from '../../platform/http/errors';
import type { SqlExecutor } from '../../platform/store/db';
import { serviceRecipient } from './recipients-store';
import type { Actor } from '../../platform/ledger/ledger';

/** How an actor relates to a service: court staff, or (claiming to be) its recipient. */
export type Viewer = 'court' | 'recipient';

/** Roles that may use the service routes at all: court staff and recipients (party, agent). */
export const SERVICE_VIEWER_ROLES = ['clerk', 'judge', 'enforcement', 'party', 'agent'] as const;

/** True for clerk, judge, enforcement. */
export function isCourt(actor: Actor): boolean {
    return (COURT_ROLES as readonly string[]).includes(actor.role);
}

/**
 * Court staff see every service; a party or agent only their own. The gateway refuses early (403
 * `FORBIDDEN_ACTOR`) when it issued the service itself and knows it is for someone else; otherwise the
 * chaincode decides against the private recipient.
 */
export async function viewerOf(db: SqlExecutor, actor: Actor, serviceId: string): Promise<Viewer> {
    if (isCourt(actor)) {
        return 'court';
    }
    if (actor.role !== 'party' && actor.role !== 'agent') {
        throw new HttpError(403, 'FORBIDDEN_ROLE', `role ${actor.role} has no access to served documents`, 'role');
    }
    const known = await serviceRecipient(db, serviceId);
    if (known !== undefined && known.recipientSub !== actor.sub) {
        throw new HttpError(403, 'FORBIDDEN_ACTOR', 'only the recipient of this service may see it');
    }
    return 'recipient';
}
