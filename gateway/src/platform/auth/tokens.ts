import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import type { Actor } from '@court-ledger/ledger-api';
import { defaultOrgFor, isRole, ORGS, type Role } from './roles';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadOrCreateSecret } from './secret-file';
import type { IdentityProviderConfig, KeyHint, KeyResolver } from './identity-provider';

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

/**
 * Reads the secret the gateway generated into `dataDir`, never creating one: a token signed with a new
 * secret would only be refused (401) by a gateway that uses another data folder.
 */
export async function readSigningSecret(dataDir: string, configured?: string): Promise<string> {
    if (configured !== undefined) {
        return configured;
    }
    const file = path.join(dataDir, SECRET_FILE);
    try {
        return (await readFile(file, 'utf8')).trim();
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            throw new TokenRejected(
                `no signing secret at ${file}: point --data (or COURT_LEDGER_DATA) at the data folder of the ` +
                    'running gateway (its start banner names it), or set JWT_SECRET to the secret the gateway uses',
            );
        }
        throw error;
    }
}

/** Default cap on a token's lifetime (exp − iat): 12 hours. */
export const DEFAULT_TOKEN_MAX_LIFETIME_SECONDS = 12 * 3600;

/** Parses `TOKEN_MAX_LIFETIME`: seconds, or a number with `s`, `m` or `h` (e.g. `12h`). */
export function parseLifetime(value: string): number {
    const match = /^([1-9][0-9]{0,7})([smh]?)$/.exec(value.trim());
    if (match === null) {
        throw new Error(`TOKEN_MAX_LIFETIME must be a positive number of seconds, or e.g. 30m or 12h (got ${value})`);
    }
    const unit = match[2] === 'h' ? 3600 : match[2] === 'm' ? 60 : 1;
    return Number(match[1]) * unit;
}

export interface MintOptions {
    readonly sub: string;
    readonly role: Role;
    readonly org?: string;
    /** Lifetime in seconds (default 12 hours). */
    readonly ttlSeconds?: number;
}

/** The words of a fast-jwt refusal; a key that could not be found says which and why. */
function reason(error: TokenError): string {
    const cause: unknown = error.originalError;
    const detail =
        error.code === TokenError.codes.keyFetchingError && cause instanceof Error ? cause.message : error.message;
    return `invalid token (${error.code}: ${detail})`;
}

/** Where the keys that check a token come from: the dev secret (HS256), or the court's identity provider. */
export type TokenKeys =
    | { readonly kind: 'secret'; readonly secret: string }
    | { readonly kind: 'identity-provider'; readonly config: IdentityProviderConfig; readonly keys: KeyResolver };

/** The issuer of the tokens the gateway signs itself with its dev secret. */
const DEV_ISSUER = 'court-ledger';

/** Verified tokens kept (fast-jwt's cache, keyed by the token; an entry lives until the token's `exp`). */
const TOKEN_CACHE_SIZE = 10_000;

/**
 * Signs (dev secret only) and checks the gateway's bearer tokens: claims `sub`, `role` and `org` (from an
 * identity provider, `org` may be left out: it then follows from the role).
 */
export class TokenService {
    private readonly sign: ((payload: Record<string, unknown>) => string) | undefined;
    private readonly verify: (token: string) => Promise<Record<string, unknown>>;
    private readonly orgRequired: boolean;

    /** `keys` a dev secret (string or `{kind: 'secret'}`) or an identity provider's key resolver. */
    constructor(
        keys: string | TokenKeys,
        private readonly maxLifetimeSeconds = DEFAULT_TOKEN_MAX_LIFETIME_SECONDS,
    ) {
        const resolved: TokenKeys = typeof keys === 'string' ? { kind: 'secret', secret: keys } : keys;
        if (resolved.kind === 'secret') {
            this.sign = createSigner({ key: resolved.secret, algorithm: 'HS256', iss: DEV_ISSUER });
            const verify = createVerifier({
                key: resolved.secret,
                algorithms: ['HS256'],
                allowedIss: DEV_ISSUER,
                requiredClaims: ['iss', 'exp'],
                // Verified tokens are remembered until they expire: a client sends the same one on every request.
                cache: TOKEN_CACHE_SIZE,
            });
            this.verify = (token) => Promise.resolve(verify(token) as Record<string, unknown>);
            this.orgRequired = true;
        } else {
            const { config, keys: resolve } = resolved;
            this.sign = undefined;
            this.verify = createVerifier({
                key: async ({ header }: { header: KeyHint }) => resolve(header),
                algorithms: [...config.algorithms],
                allowedIss: config.issuer,
                ...(config.audience === undefined ? {} : { allowedAud: config.audience }),
                requiredClaims: ['iss', 'exp', ...(config.audience === undefined ? [] : ['aud'])],
                cache: TOKEN_CACHE_SIZE,
            }) as (token: string) => Promise<Record<string, unknown>>;
            this.orgRequired = false;
        }
    }

    /** Signs a token with the dev secret; a gateway that trusts an identity provider signs none. */
    mint(options: MintOptions): string {
        if (this.sign === undefined) {
            throw new TokenRejected('this gateway checks tokens of an identity provider (AUTH_*): it signs none');
        }
        if (!SUB_PATTERN.test(options.sub)) {
            throw new TokenRejected('sub must be 1–128 characters of letters, digits and . _ : @ -');
        }
        const org = options.org ?? defaultOrgFor(options.role);
        const ttl = options.ttlSeconds ?? 12 * 3600;
        const now = Math.floor(Date.now() / 1000);
        return this.sign({ sub: options.sub, role: options.role, org, iat: now, exp: now + ttl });
    }

    /** Refuses tokens that live longer than the cap (exp − iat, or exp − now without iat). */
    private checkLifetime(claims: Record<string, unknown>): void {
        const { exp, iat } = claims;
        if (typeof exp !== 'number') {
            throw new TokenRejected('token has no exp claim: tokens must expire');
        }
        const now = Math.floor(Date.now() / 1000);
        const from = typeof iat === 'number' ? iat : now;
        if (exp - from > this.maxLifetimeSeconds || exp - now > this.maxLifetimeSeconds) {
            throw new TokenRejected(`token lifetime exceeds the maximum of ${this.maxLifetimeSeconds} seconds`);
        }
    }

    /** Verifies signature, expiry and claims; resolves to the actor or rejects with {@link TokenRejected}. */
    async authenticate(token: string): Promise<Actor> {
        let claims: Record<string, unknown>;
        try {
            claims = await this.verify(token);
        } catch (error) {
            if (error instanceof TokenError) {
                throw new TokenRejected(error.code === TokenError.codes.expired ? 'token expired' : reason(error));
            }
            throw error;
        }
        this.checkLifetime(claims);
        const { sub, role } = claims;
        if (typeof sub !== 'string' || !SUB_PATTERN.test(sub)) {
            throw new TokenRejected('token claim sub is missing or malformed');
        }
        if (!isRole(role)) {
            throw new TokenRejected(`token claim role is not one of the known roles`);
        }
        const org = claims.org ?? (this.orgRequired ? undefined : defaultOrgFor(role));
        if (typeof org !== 'string' || !(ORGS as readonly string[]).includes(org)) {
            throw new TokenRejected('token claim org is not a known organisation');
        }
        return { sub, role, org };
    }
}
