import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import type { Actor } from '../ledger/ledger';
import { defaultOrgFor, isRole, ORGS, type Role } from './roles';
import { loadOrCreateSecret } from './secret-file';

const SECRET_FILE = 'jwt-secret';
const SUB_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;

/** Why a token was refused, in words a client can act on. */
export class TokenRejected extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'TokenRejected';
    }
}

/**
 * Loads the HS256 secret, generating a development secret into the data directory on first use.
 * A deployment sets `JWT_SECRET` (or fronts the gateway with its identity provider).
 */
export async function loadSigningSecret(dataDir: string, configured?: string): Promise<string> {
    return loadOrCreateSecret(dataDir, SECRET_FILE, configured);
}

export interface MintOptions {
    readonly sub: string;
    readonly role: Role;
    readonly org?: string;
    /** Lifetime in seconds (default 12 hours). */
    readonly ttlSeconds?: number;
}

/** Signs and checks the gateway's bearer tokens (claims `sub`, `role`, `org`). */
export class TokenService {
    private readonly sign: (payload: Record<string, unknown>) => string;
    private readonly verify: (token: string) => Record<string, unknown>;

    constructor(secret: string) {
        this.sign = createSigner({ key: secret, algorithm: 'HS256', iss: 'court-ledger' });
        this.verify = createVerifier({ key: secret, algorithms: ['HS256'], allowedIss: 'court-ledger' });
    }

    mint(options: MintOptions): string {
        if (!SUB_PATTERN.test(options.sub)) {
            throw new TokenRejected('sub must be 1–128 characters of letters, digits and . _ : @ -');
        }
        const org = options.org ?? defaultOrgFor(options.role);
        const ttl = options.ttlSeconds ?? 12 * 3600;
        const now = Math.floor(Date.now() / 1000);
        return this.sign({ sub: options.sub, role: options.role, org, iat: now, exp: now + ttl });
    }

    /** Verifies signature, expiry and claims; returns the actor or throws {@link TokenRejected}. */
    authenticate(token: string): Actor {
        let claims: Record<string, unknown>;
        try {
            claims = this.verify(token);
        } catch (error) {
            if (error instanceof TokenError) {
                throw new TokenRejected(
                    error.code === TokenError.codes.expired ? 'token expired' : `invalid token (${error.code})`,
                );
            }
            throw error;
        }
        const { sub, role, org } = claims;
        if (typeof sub !== 'string' || !SUB_PATTERN.test(sub)) {
            throw new TokenRejected('token claim sub is missing or malformed');
        }
        if (!isRole(role)) {
            throw new TokenRejected(`token claim role is not one of the known roles`);
        }
        if (typeof org !== 'string' || !(ORGS as readonly string[]).includes(org)) {
            throw new TokenRejected('token claim org is not a known organisation');
        }
        return { sub, role, org };
    }
}
