import { LedgerError } from './errors';

/** Every role a principal can act in (the `role` of an {@link Actor}). */
export const ROLES = ['party', 'agent', 'clerk', 'judge', 'enforcement', 'subsystem', 'agency'] as const;

/** A principal's role. */
export type Role = (typeof ROLES)[number];

const ROLE_SET: ReadonlySet<string> = new Set(ROLES);

/** True when `value` is one of {@link ROLES}. */
export function isRole(value: unknown): value is Role {
    return typeof value === 'string' && ROLE_SET.has(value);
}

/** Roles on the litigants' side: parties and their agents (lawyers). */
export const PARTY_ROLES: readonly Role[] = ['party', 'agent'];

/** Court roles that record evidence custody (exchange, presentation, cross-examination, admission, exclusion). */
export const COURT_CUSTODY_ROLES: readonly Role[] = ['clerk', 'judge'];

/** Every court role (a court principal acting through the court's organisation). */
export const COURT_ROLES: readonly Role[] = ['clerk', 'judge', 'enforcement'];

/**
 * Court roles that serve documents (Art. 26): they issue a service, record `sent`, `delivered`,
 * `delivery-failed` and `cancelled`, read a service record and look up its recipient.
 */
export const COURT_SERVICE_ROLES: readonly Role[] = COURT_ROLES;

/**
 * Court roles that act on preservation applications and letters of guarantee (Art. 27): set the security,
 * consent to a letter's cancellation, claim or release it. Rulings and extensions are the judge's alone.
 */
export const COURT_PRESERVATION_ROLES: readonly Role[] = ['clerk', 'judge'];

/**
 * Roles that take part in service at all: the court's serving roles and the recipient's side (a party or agent
 * acts only on services it is the recipient of). Checked before the private recipient is read.
 */
export const SERVICE_PARTICIPANT_ROLES: readonly Role[] = [...COURT_SERVICE_ROLES, ...PARTY_ROLES];

/**
 * Who may call each function that is not governed by a state machine. Reads are open to any resolved actor
 * except service records (service contract); custody events are governed by the evidence lifecycle
 * (evidence-lifecycle.ts), service events by service-events.ts.
 */
export const PERMISSIONS = {
    /** `evidence:submit` */
    submitEvidence: ['party', 'agent', 'clerk'],
    /** `anchor:record` */
    recordAnchor: ['subsystem'],
    /** `service:issue` */
    issueService: COURT_SERVICE_ROLES,
    /** `service:registerKey` (after the court has checked the recipient's identity) */
    registerRecipientKey: ['clerk', 'judge'],
    /** `service:get` (a query; a party or agent only as the service's recipient) */
    readService: SERVICE_PARTICIPANT_ROLES,
    /** `service:recipientOf` (a query, but it reveals the private recipient) */
    readServiceRecipient: COURT_SERVICE_ROLES,
    /** `preservation:apply` */
    applyForPreservation: PARTY_ROLES,
    /** `guarantee:apply` (only the preservation application's applicant) */
    applyForGuarantee: PARTY_ROLES,
    /** `guarantee:check` (a query) */
    checkGuarantee: COURT_ROLES,
    /** `casenumber:get` (a query revealing the clear number behind a keyed case id; the index reads it) */
    readCaseNumber: [...COURT_ROLES, 'subsystem'],
} as const satisfies Record<string, readonly Role[]>;

/**
 * Throws `FORBIDDEN_ROLE` unless the actor's role is one of `allowed`.
 *
 * @param actor - the acting principal (only its role is looked at)
 * @param allowed - roles permitted to perform `action`
 * @param action - what is being attempted, for the error message
 */
export function requireRole(actor: { readonly role: Role }, allowed: readonly Role[], action = 'this action'): void {
    if (!allowed.includes(actor.role)) {
        throw new LedgerError(
            'FORBIDDEN_ROLE',
            `role ${actor.role} may not ${action} (allowed: ${allowed.join(', ')})`,
        );
    }
}
