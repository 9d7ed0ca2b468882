import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createSigner } from 'fast-jwt';
import {
    DEFAULT_TOKEN_MAX_LIFETIME_SECONDS,
    parseLifetime,
    readSigningSecret,
    TokenRejected,
    TokenService,
} from '../../../src/platform/auth/tokens';
import { tokenCommand } from '../../../src/cli/token';
import { loadConfig } from '../../../src/config';
import { tokenRefusal } from './token-refusal';

const SECRET = 'unit-secret-unit-secret-unit-secret';

function signed(claims: Record<string, unknown>, options: { iss?: string } = {}): string {
    return createSigner({ key: SECRET, algorithm: 'HS256', ...options })(claims);
}

describe('bearer tokens', () => {
    const now = (): number => Math.floor(Date.now() / 1000);
    const claims = { sub: 'clerk-1', role: 'clerk', org: 'CourtMSP' };

    it('accepts a token with iss and exp within the lifetime cap', async () => {
        const service = new TokenService(SECRET);
        expect(
            await service.authenticate(signed({ ...claims, iat: now(), exp: now() + 600 }, { iss: 'court-ledger' })),
        ).to.deep.equal(claims);
        expect(await service.authenticate(service.mint({ sub: 'clerk-1', role: 'clerk' }))).to.deep.equal(claims);
    });

    it('refuses a token without exp (it would never expire)', async () => {
        const token = signed({ ...claims, iat: now() }, { iss: 'court-ledger' });
        await tokenRefusal(new TokenService(SECRET).authenticate(token));
    });

    it('refuses a token without iss', async () => {
        const token = signed({ ...claims, iat: now(), exp: now() + 600 });
        await tokenRefusal(new TokenService(SECRET).authenticate(token));
    });

    it('refuses a token that lives longer than the cap, with or without iat', async () => {
        const service = new TokenService(SECRET, 3600);
        const long = signed({ ...claims, iat: now(), exp: now() + 7200 }, { iss: 'court-ledger' });
        expect((await tokenRefusal(service.authenticate(long))).message).to.match(
            /lifetime exceeds the maximum of 3600/,
        );
        const noIat = signed({ ...claims, exp: now() + 7200 }, { iss: 'court-ledger' });
        expect((await tokenRefusal(service.authenticate(noIat))).message).to.match(/lifetime/);
        const backdated = signed({ ...claims, iat: now() - 86_400, exp: now() + 60 }, { iss: 'court-ledger' });
        expect((await tokenRefusal(service.authenticate(backdated))).message).to.match(/lifetime/);
        expect(
            await service.authenticate(signed({ ...claims, iat: now(), exp: now() + 1800 }, { iss: 'court-ledger' })),
        ).to.deep.equal(claims);
    });

    it('reads TOKEN_MAX_LIFETIME (default 12 h) and refuses a malformed one naming it', () => {
        expect(DEFAULT_TOKEN_MAX_LIFETIME_SECONDS).to.equal(43_200);
        expect(loadConfig({}).tokenMaxLifetimeSeconds).to.equal(43_200);
        expect(loadConfig({ TOKEN_MAX_LIFETIME: '30m' }).tokenMaxLifetimeSeconds).to.equal(1800);
        expect(parseLifetime('2h')).to.equal(7200);
        expect(parseLifetime('90')).to.equal(90);
        expect(() => loadConfig({ TOKEN_MAX_LIFETIME: 'forever' })).to.throw(/TOKEN_MAX_LIFETIME/);
        expect(() => parseLifetime('0')).to.throw(/TOKEN_MAX_LIFETIME/);
    });

    it('court-ledger token refuses a data folder without the gateway secret, and creates none', async () => {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-token-'));
        const saved = process.env.JWT_SECRET;
        delete process.env.JWT_SECRET;
        try {
            let refused: unknown;
            try {
                await tokenCommand({ role: 'clerk', sub: 'clerk-1', ttl: 60, data: dir });
            } catch (error) {
                refused = error;
            }
            expect(refused).to.be.instanceOf(TokenRejected);
            expect((refused as Error).message).to.match(/no signing secret at .*--data.*COURT_LEDGER_DATA/);
            expect(await readdir(dir)).to.deep.equal([]);
            let again: unknown;
            await readSigningSecret(path.join(dir, 'missing')).catch((error: unknown) => {
                again = error;
            });
            expect(again).to.be.instanceOf(TokenRejected);
        } finally {
            if (saved !== undefined) {
                process.env.JWT_SECRET = saved;
            }
            await rm(dir, { recursive: true, force: true });
        }
    });
});
