/** Roles a bearer token may carry (claim `role`). */
export const ROLES = ['party', 'agent', 'clerk', 'judge', 'enforcement', 'agency', 'subsystem'] as const;
export type Role = (typeof ROLES)[number];

/** Court staff roles. */
export const COURT_ROLES: readonly Role[] = ['clerk', 'judge', 'enforcement'];

/** Organisations (MSP ids) of the permissioned network. */
export const ORGS = ['CourtMSP', 'AgencyMSP'] as const;
export type Org = (typeof ORGS)[number];

export function isRole(value: unknown): value is Role {
    return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The organisation a role acts through: agencies through their own org, everyone else through the court's. */
export function defaultOrgFor(role: Role): Org {
    return role === 'agency' ? 'AgencyMSP' : 'CourtMSP';
}
