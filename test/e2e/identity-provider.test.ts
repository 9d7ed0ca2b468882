import { createHash, generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { createSigner } from 'fast-jwt';
import { startJwksServer, type JwksServer } from '@court-ledger/gateway/dist/test/support/jwks-server';
import { TokenService } from '@court-ledger/gateway/dist/src/platform/auth/tokens';
import { startGateway, type Harness } from '../support/gateway-harness';

const ISSUER = 'https://idp.court.example/realms/court';

// Token checks do not depend on the ledger mode: one gateway (embedded ledger, PGlite) is enough.
describe('bearer tokens from the identity provider over HTTP (AUTH_JWKS_URL)', function () {
    this.timeout(120_000);
    const key = { kid: 'court-2026', alg: 'ES256', ...generateKeyPairSync('ec', { namedCurve: 'P-256' }) };
    const sign = createSigner<Record<string, unknown>>({
        key: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        algorithm: 'ES256',
        kid: key.kid,
    });
    let jwks: JwksServer;
    let gw: Harness;

    before(async () => {
        jwks = await startJwksServer([key]);
        gw = await startGateway({
            database: 'pglite',
            env: { AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: 'court-ledger' },
        });
    });
    after(async () => {
        await gw.close({ destroy: true });
        await jwks.close();
    });

    function submit(token: string) {
        const sha256 = createHash('sha256')
            .update(`idp ${token.slice(-12)}`)
            .digest('hex');
        return gw.app.inject({
            method: 'POST',
            url: '/v1/evidence',
            headers: { authorization: `Bearer ${token}` },
            payload: { caseId: 'C-IDP-1', digests: { sha256 } },
        });
    }

    function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
        const now = Math.floor(Date.now() / 1000);
        return { sub: 'clerk-9', role: 'clerk', iss: ISSUER, aud: 'court-ledger', iat: now, exp: now + 300, ...extra };
    }

    it('accepts a token the provider signed', async () => {
        const res = await submit(sign(claims()));
        expect(res.statusCode).to.equal(201);
    });

    it('answers 401 to an unknown kid, a wrong issuer and a dev-secret token', async () => {
        const otherKid = createSigner<Record<string, unknown>>({
            key: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
            algorithm: 'ES256',
            kid: 'retired-2025',
        })(claims());
        // What `court-ledger token` would sign with the secret the harness configures (JWT_SECRET).
        const devToken = new TokenService('e2e-secret-e2e-secret-e2e-secret').mint({ role: 'clerk', sub: 'clerk-9' });
        for (const token of [otherKid, sign(claims({ iss: 'https://elsewhere.example/' })), devToken]) {
            const res = await submit(token);
            expect(res.statusCode).to.equal(401);
            expect(res.json()).to.include({ code: 'UNAUTHENTICATED', field: 'authorization' });
        }
    });
});
