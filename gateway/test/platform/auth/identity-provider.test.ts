import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { expect } from 'chai';
import { createSigner } from 'fast-jwt';
import {
    identityProviderKeys,
    loadIdentityProviderConfig,
    type IdentityProviderConfig,
} from '../../../src/platform/auth/identity-provider';
import { TokenService } from '../../../src/platform/auth/tokens';
import { loadConfig } from '../../../src/config';
import { tokenRefusal } from './token-refusal';
import { startJwksServer, type JwksServer } from '../../support/jwks-server';

const ISSUER = 'https://idp.court.example/realms/court';
const AUDIENCE = 'court-ledger';

interface SigningKey {
    readonly kid: string;
    readonly alg: 'RS256' | 'ES256';
    readonly privateKey: KeyObject;
    readonly publicKey: KeyObject;
}

function signingKey(kid: string, alg: 'RS256' | 'ES256'): SigningKey {
    const pair =
        alg === 'RS256'
            ? generateKeyPairSync('rsa', { modulusLength: 2048 })
            : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { kid, alg, ...pair };
}

const now = (): number => Math.floor(Date.now() / 1000);

function token(key: SigningKey, claims: Record<string, unknown> = {}, header: { kid?: string } = {}): string {
    const sign = createSigner<Record<string, unknown>>({
        key: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        algorithm: key.alg,
        kid: header.kid ?? key.kid,
    });
    return sign({ sub: 'judge-7', role: 'judge', iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 600, ...claims });
}

async function service(config: IdentityProviderConfig, cooldownMs = 0): Promise<TokenService> {
    return new TokenService({
        kind: 'identity-provider',
        config,
        keys: await identityProviderKeys(config, { missCooldownMs: cooldownMs }),
    });
}

describe('tokens from an identity provider (AUTH_JWKS_URL, AUTH_PUBLIC_KEY)', function () {
    this.timeout(30_000);
    const first = signingKey('key-2026-01', 'RS256');
    const second = signingKey('key-2026-07', 'ES256');
    let jwks: JwksServer;

    beforeEach(async () => {
        jwks = await startJwksServer([first]);
    });

    afterEach(async () => {
        await jwks.close();
    });

    function jwksConfig(): IdentityProviderConfig {
        const config = loadIdentityProviderConfig({
            AUTH_JWKS_URL: jwks.url,
            AUTH_ISSUER: ISSUER,
            AUTH_AUDIENCE: AUDIENCE,
        });
        if (config === undefined) {
            throw new Error('no identity provider configured');
        }
        return config;
    }

    it('accepts a token signed with a published key; org follows from the role when left out', async () => {
        const tokens = await service(jwksConfig());
        expect(await tokens.authenticate(token(first))).to.deep.equal({
            sub: 'judge-7',
            role: 'judge',
            org: 'CourtMSP',
        });
        expect(await tokens.authenticate(token(first, { sub: 'agency-a', role: 'agency' }))).to.deep.equal({
            sub: 'agency-a',
            role: 'agency',
            org: 'AgencyMSP',
        });
    });

    it('follows a key rotation: a token naming a new kid makes it fetch the document again', async () => {
        const tokens = await service(jwksConfig());
        await tokens.authenticate(token(first));
        expect(jwks.fetches()).to.equal(1);
        await tokens.authenticate(token(first));
        expect(jwks.fetches()).to.equal(1);
        jwks.publish([first, second]);
        expect(await tokens.authenticate(token(second))).to.include({ sub: 'judge-7' });
        expect(jwks.fetches()).to.equal(2);
    });

    it('refuses a kid the document does not hold, and does not refetch for every made-up kid', async () => {
        const tokens = await service(jwksConfig(), 60_000);
        const unknown = await tokenRefusal(tokens.authenticate(token(first, {}, { kid: 'no-such-key' })));
        expect(unknown.message).to.match(/no-such-key/);
        const fetched = jwks.fetches();
        await tokenRefusal(tokens.authenticate(token(first, {}, { kid: 'another-made-up-key' })));
        expect(jwks.fetches()).to.equal(fetched);
    });

    it('refuses a wrong issuer, a wrong or missing audience, a key not published, and the dev HS256 tokens', async () => {
        const tokens = await service(jwksConfig());
        await tokenRefusal(tokens.authenticate(token(first, { iss: 'https://other.example/' })));
        await tokenRefusal(tokens.authenticate(token(first, { aud: 'another-service' })));
        await tokenRefusal(tokens.authenticate(token(first, { aud: undefined })));
        await tokenRefusal(tokens.authenticate(token(first, { exp: undefined })));
        const impostor = signingKey('key-2026-01', 'RS256');
        await tokenRefusal(tokens.authenticate(token(impostor)));
        const dev = new TokenService('dev-secret-dev-secret-dev-secret').mint({ sub: 'judge-7', role: 'judge' });
        await tokenRefusal(tokens.authenticate(dev));
        expect(() => tokens.mint({ sub: 'judge-7', role: 'judge' })).to.throw(/identity provider/);
    });

    it('verifies with a configured PEM public key (ES256), refusing other keys and the HS256 confusion', async () => {
        const pem = second.publicKey.export({ type: 'spki', format: 'pem' }).toString();
        const config = loadIdentityProviderConfig({ AUTH_PUBLIC_KEY: pem, AUTH_ISSUER: ISSUER });
        if (config === undefined) {
            throw new Error('no identity provider configured');
        }
        const tokens = await service(config);
        expect(await tokens.authenticate(token(second, { aud: undefined }))).to.include({ role: 'judge' });
        await tokenRefusal(tokens.authenticate(token(signingKey('key-2026-07', 'ES256'))));
        const confused = createSigner<Record<string, unknown>>({ key: pem, algorithm: 'HS256' })({
            sub: 'judge-7',
            role: 'judge',
            iss: ISSUER,
            exp: now() + 60,
        });
        await tokenRefusal(tokens.authenticate(confused));
    });

    it('reads the AUTH_* variables, refusing incomplete or unsafe settings with the variable named', () => {
        expect(loadConfig({}).identityProvider).to.equal(undefined);
        expect(
            loadConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: ISSUER }).identityProvider,
        ).to.deep.equal({ jwksUrl: 'https://idp.example/jwks', issuer: ISSUER, algorithms: ['RS256', 'ES256'] });
        expect(() => loadConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks' })).to.throw(/AUTH_ISSUER is required/);
        expect(() => loadConfig({ AUTH_JWKS_URL: 'http://idp.example/jwks', AUTH_ISSUER: ISSUER })).to.throw(
            /AUTH_JWKS_URL must be https/,
        );
        expect(() =>
            loadConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_PUBLIC_KEY: 'k.pem', AUTH_ISSUER: ISSUER }),
        ).to.throw(/not both/);
        expect(() =>
            loadConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: ISSUER, AUTH_ALGORITHMS: 'HS256' }),
        ).to.throw(/AUTH_ALGORITHMS/);
    });
});
