import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import buildGetJwks, { type GetJwks } from 'get-jwks';

/** Signature algorithms accepted from an identity provider (never HS*: a public key is no shared secret). */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384'] as const;
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

/** Default `AUTH_ALGORITHMS`. */
export const DEFAULT_IDP_ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'ES256'];

/**
 * Tokens issued by the court's identity provider (`AUTH_*` variables): verified with its public key or with the
 * keys its JWKS document publishes. `iss` must equal `issuer`; `aud` must contain `audience` when one is set.
 */
export interface IdentityProviderConfig {
    /** `AUTH_JWKS_URL`: the provider's JWKS document (https, or http on a loopback host). */
    readonly jwksUrl?: string;
    /** `AUTH_PUBLIC_KEY`: a PEM public key, or the path of a PEM file. */
    readonly publicKey?: string;
    /** `AUTH_ISSUER`: the required `iss`. */
    readonly issuer: string;
    /** `AUTH_AUDIENCE`: the required `aud`, when set. */
    readonly audience?: string;
    /** `AUTH_ALGORITHMS`: accepted `alg` values. */
    readonly algorithms: readonly AsymmetricAlgorithm[];
}

function isAsymmetric(value: string): value is AsymmetricAlgorithm {
    return (ASYMMETRIC_ALGORITHMS as readonly string[]).includes(value);
}

/** Reads the `AUTH_*` variables; undefined when neither a JWKS URL nor a public key is configured. */
export function loadIdentityProviderConfig(env: NodeJS.ProcessEnv): IdentityProviderConfig | undefined {
    const value = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
    const jwksUrl = value('AUTH_JWKS_URL');
    const publicKey = value('AUTH_PUBLIC_KEY');
    if (jwksUrl === undefined && publicKey === undefined) {
        return undefined;
    }
    if (jwksUrl !== undefined && publicKey !== undefined) {
        throw new Error('set AUTH_JWKS_URL or AUTH_PUBLIC_KEY, not both');
    }
    const issuer = value('AUTH_ISSUER');
    if (issuer === undefined) {
        throw new Error('AUTH_ISSUER is required with AUTH_JWKS_URL or AUTH_PUBLIC_KEY (the iss tokens must carry)');
    }
    if (jwksUrl !== undefined) {
        checkJwksUrl(jwksUrl);
    }
    const algorithms = (value('AUTH_ALGORITHMS')?.split(',') ?? DEFAULT_IDP_ALGORITHMS).map((name) => name.trim());
    const unknown = algorithms.filter((name) => !isAsymmetric(name));
    if (unknown.length > 0 || algorithms.length === 0) {
        throw new Error(
            `AUTH_ALGORITHMS must list some of: ${ASYMMETRIC_ALGORITHMS.join(', ')} (got ${unknown.join(', ')})`,
        );
    }
    const audience = value('AUTH_AUDIENCE');
    return {
        ...(jwksUrl === undefined ? {} : { jwksUrl }),
        ...(publicKey === undefined ? {} : { publicKey }),
        issuer,
        ...(audience === undefined ? {} : { audience }),
        algorithms: algorithms.filter(isAsymmetric),
    };
}

/** Keys are fetched over https; plain http only from the machine itself (a local provider, tests). */
function checkJwksUrl(raw: string): void {
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new Error(`AUTH_JWKS_URL is not a URL: ${raw}`);
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
        throw new Error(`AUTH_JWKS_URL must be https (http only on a loopback host), got ${raw}`);
    }
}

/** The header fields that pick the key. */
export interface KeyHint {
    readonly kid?: unknown;
    readonly alg?: unknown;
}

/** Finds the public key (PEM) for a token's header, or throws an Error whose message says why not. */
export type KeyResolver = (header: KeyHint) => Promise<string>;

/** A PEM public key (or the path of one), checked to be a public key now rather than at the first request. */
export async function publicKeyResolver(configured: string): Promise<KeyResolver> {
    const pem = configured.trimStart().startsWith('-----BEGIN') ? configured : await readFile(configured, 'utf8');
    let key: string;
    try {
        key = createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
    } catch (error) {
        throw new Error(`AUTH_PUBLIC_KEY is not a PEM public key: ${(error as Error).message}`, { cause: error });
    }
    return () => Promise.resolve(key);
}

/** Options of {@link jwksResolver}. */
export interface JwksOptions {
    /** How long a fetched key is used before the document is fetched again (ms; default 10 minutes). */
    readonly ttlMs?: number;
    /**
     * After a token named a key the document does not hold, further unknown key ids are refused without
     * fetching for this long (ms; default 10 s), so a stream of made-up `kid`s cannot flood the provider.
     */
    readonly missCooldownMs?: number;
}

/** How long a request waits for the JWKS document (Node's fetch has no timeout option of its own). */
const FETCH_TIMEOUT_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
            reject(new Error(`the JWKS document did not arrive within ${ms} ms`));
        }, ms);
    });
    return Promise.race([promise, timeout]).finally(() => {
        clearTimeout(timer);
    });
}

/**
 * Keys from a JWKS document (get-jwks: fetched on first use of a `kid`, cached, refetched when a token names a
 * key not yet seen — which is how a provider's key rotation arrives).
 */
export function jwksResolver(jwksUrl: string, options: JwksOptions = {}): KeyResolver {
    const url = new URL(jwksUrl);
    const domain = url.origin + '/';
    const jwksPath = url.pathname + url.search;
    const jwks: GetJwks = buildGetJwks({ ttl: options.ttlMs ?? 600_000, jwksPath });
    const cooldown = options.missCooldownMs ?? 10_000;
    let lastMiss = -Infinity;
    return async ({ kid, alg }) => {
        if (typeof kid !== 'string' || typeof alg !== 'string') {
            throw new Error('the token header names no key (kid)');
        }
        const cacheKey = jwks.generateCacheKey(alg, kid, domain);
        const known = jwks.cache.get(cacheKey) !== undefined || jwks.staleCache.get(cacheKey) !== undefined;
        if (!known && performance.now() - lastMiss < cooldown) {
            throw new Error(`unknown signing key ${kid}`);
        }
        try {
            return await withTimeout(jwks.getPublicKey({ domain, kid, alg }), FETCH_TIMEOUT_MS);
        } catch (error) {
            lastMiss = performance.now();
            throw new Error(`no key ${kid} for ${alg} at AUTH_JWKS_URL: ${(error as Error).message}`, { cause: error });
        }
    };
}

/** The resolver for a configuration: its JWKS document or its public key. */
export async function identityProviderKeys(config: IdentityProviderConfig, jwks?: JwksOptions): Promise<KeyResolver> {
    if (config.jwksUrl !== undefined) {
        return jwksResolver(config.jwksUrl, jwks);
    }
    if (config.publicKey !== undefined) {
        return publicKeyResolver(config.publicKey);
    }
    throw new Error('an identity provider needs AUTH_JWKS_URL or AUTH_PUBLIC_KEY');
}
