import { LedgerError } from './errors';
import { isRole, ROLES, type Role } from './roles';

/** MSP id of the court's organisation. */
export const COURT_MSP = 'CourtMSP';
/** MSP id of a guarantee agency's organisation. */
export const AGENCY_MSP = 'AgencyMSP';

/** The principal a transaction is performed for, as decided by {@link resolveActor}. */
export interface Actor {
    /**
     * Opaque principal token. Through the gateway it is the pseudonym of the principal's account id (HMAC under
     * the court pepper); a self-acting certificate's CN is kept as is, so the court's CA issues those with a
     * pseudonym CN. The chaincode never interprets it.
     */
    readonly sub: string;
    readonly role: Role;
    /** MSP id of the submitting identity (always taken from the network, never from a claim). */
    readonly org: string;
}

/** The `{sub, role}` part of an actor that records keep. */
export interface PrincipalRef {
    readonly sub: string;
    readonly role: Role;
}

/** What the chaincode knows about the submitting X.509 identity. */
export interface ClientIdentityInfo {
    readonly mspId: string;
    /** Fabric-CA certificate attributes. */
    readonly attrs: { readonly role?: string; readonly court?: string };
    /** Certificate subject CN ('' when absent). */
    readonly commonName: string;
}

/** A validated `actor` transient claim. */
export interface ActorClaim {
    readonly sub: string;
    readonly role: Role;
    readonly org?: string;
}

/** Principal ids: 1–128 characters of `[A-Za-z0-9._:@-]`. */
export const PRINCIPAL_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;

/** Roles an identity (by MSP, then certificate role) may claim on behalf of a principal. */
const DELEGATION: Readonly<Record<string, Readonly<Record<string, readonly Role[]>>>> = {
    [COURT_MSP]: { gateway: ['party', 'agent', 'clerk', 'judge', 'enforcement', 'subsystem'] },
    [AGENCY_MSP]: { gateway: ['agency'], agency: ['agency'] },
};

/** Certificate roles that act as themselves (sub = CN) when no claim is given, by MSP. */
const SELF_ROLES: Readonly<Record<string, readonly Role[]>> = {
    [COURT_MSP]: ['clerk', 'judge', 'enforcement', 'subsystem'],
    [AGENCY_MSP]: ['agency'],
};

const CLAIM_KEYS: ReadonlySet<string> = new Set(['sub', 'role', 'org']);

/**
 * Validates the shape of an `actor` claim: an object with only `sub`, `role` and optionally `org`, where
 * `sub` matches {@link PRINCIPAL_ID_PATTERN} and `role` is one of {@link ROLES}. Throws `INVALID_ARGUMENT`.
 */
export function parseActorClaim(value: unknown): ActorClaim {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new LedgerError('INVALID_ARGUMENT', 'actor must be a JSON object {sub, role, org}', 'actor');
    }
    const record = value as Record<string, unknown>;
    const extra = Object.keys(record).filter((key) => !CLAIM_KEYS.has(key));
    if (extra.length > 0) {
        throw new LedgerError('INVALID_ARGUMENT', `actor has unknown fields: ${extra.join(', ')}`, 'actor');
    }
    const { sub, role, org } = record;
    if (typeof sub !== 'string' || !PRINCIPAL_ID_PATTERN.test(sub)) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            'actor.sub must be 1-128 characters of [A-Za-z0-9._:@-]',
            'actor.sub',
        );
    }
    if (!isRole(role)) {
        throw new LedgerError('INVALID_ARGUMENT', `actor.role must be one of ${ROLES.join(', ')}`, 'actor.role');
    }
    if (org !== undefined && (typeof org !== 'string' || org === '')) {
        throw new LedgerError('INVALID_ARGUMENT', 'actor.org must be a non-empty string', 'actor.org');
    }
    return org === undefined ? { sub, role } : { sub, role, org };
}

/**
 * Decides who a transaction acts for (architecture.md, "Actor").
 *
 * - With a claim: a `CourtMSP` identity with `role=gateway` may act for `party`, `agent`, `clerk`, `judge`,
 *   `enforcement`, `subsystem`; an `AgencyMSP` identity with `role=agency` or `role=gateway` for `agency`.
 *   A claimed `org`, when present, must equal the identity's MSP id.
 * - Without a claim: a `CourtMSP` identity with role `clerk`, `judge`, `enforcement` or `subsystem`, or an
 *   `AgencyMSP` identity with role `agency`, acts as itself (`sub` = certificate CN).
 *
 * The returned `org` is always the identity's MSP id.
 *
 * @param identity - the submitting identity
 * @param claimed - the parsed `actor` transient value, or undefined when none was sent
 * @throws LedgerError `UNAUTHENTICATED` (unknown MSP, no role attribute, a gateway without a claim, a CN
 *   that is not a valid principal id), `FORBIDDEN_ROLE` (role not allowed for this identity or org mismatch),
 *   `INVALID_ARGUMENT` (malformed claim)
 */
export function resolveActor(identity: ClientIdentityInfo, claimed: unknown): Actor {
    const org = identity.mspId;
    const delegation = DELEGATION[org];
    const selfRoles = SELF_ROLES[org];
    if (delegation === undefined || selfRoles === undefined) {
        throw new LedgerError('UNAUTHENTICATED', `unknown organisation ${org}`);
    }
    const certRole = identity.attrs.role ?? '';
    if (certRole === '') {
        throw new LedgerError('UNAUTHENTICATED', 'identity has no role attribute');
    }
    if (claimed !== undefined) {
        const claim = parseActorClaim(claimed);
        const delegable = delegation[certRole];
        if (delegable === undefined) {
            throw new LedgerError('FORBIDDEN_ROLE', `identity with role ${certRole} may not act for another principal`);
        }
        if (!delegable.includes(claim.role)) {
            throw new LedgerError(
                'FORBIDDEN_ROLE',
                `${org} identity with role ${certRole} may not act as ${claim.role}`,
            );
        }
        if (claim.org !== undefined && claim.org !== org) {
            throw new LedgerError('FORBIDDEN_ROLE', `claimed org ${claim.org} is not the submitting org ${org}`);
        }
        return { sub: claim.sub, role: claim.role, org };
    }
    const selfRole = selfRoles.find((role) => role === certRole);
    if (selfRole === undefined) {
        if (delegation[certRole] !== undefined) {
            throw new LedgerError(
                'UNAUTHENTICATED',
                `identity with role ${certRole} must name the principal it acts for`,
            );
        }
        throw new LedgerError('FORBIDDEN_ROLE', `role ${certRole} is not allowed in ${org}`);
    }
    if (!PRINCIPAL_ID_PATTERN.test(identity.commonName)) {
        throw new LedgerError('UNAUTHENTICATED', 'certificate CN is not a valid principal id');
    }
    return { sub: identity.commonName, role: selfRole, org };
}

/**
 * Extracts the subject CN from a fabric-shim `ClientIdentity.getID()` value
 * (`x509::/C=…/OU=…/CN=name::/C=…/CN=issuer`). Returns '' when the subject has no CN.
 */
export function commonNameFromId(id: string): string {
    if (!id.startsWith('x509::')) {
        return '';
    }
    const rest = id.slice('x509::'.length);
    const end = rest.indexOf('::/');
    const subject = end === -1 ? rest : rest.slice(0, end);
    // Attributes are `/KEY=value`; fabric-shim escapes a '/' inside a value as '\/'.
    const attributes = subject.split(/(?<!\\)\//).filter((part) => part !== '');
    const cn = attributes.find((part) => part.startsWith('CN='));
    return cn === undefined ? '' : cn.slice('CN='.length).replace(/\\\//g, '/');
}

/** The `{sub, role}` of an actor, as stored in records. */
export function principalRef(actor: Actor): PrincipalRef {
    return { sub: actor.sub, role: actor.role };
}
