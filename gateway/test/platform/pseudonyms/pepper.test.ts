import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadPepper, Pepper } from '../../../src/platform/pseudonyms/pepper';

describe('service-of-process: pepper and pseudonyms', () => {
    let dataDir: string;

    beforeEach(async () => {
        dataDir = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-pepper-'));
    });
    afterEach(async () => {
        await rm(dataDir, { recursive: true, force: true });
    });

    it('pseudonym = hex HMAC-SHA256(pepper, sub), stable per sub', () => {
        const pepper = new Pepper('a-court-pepper-of-some-length');
        const expected = createHmac('sha256', 'a-court-pepper-of-some-length').update('party-1').digest('hex');
        expect(pepper.pseudonym('party-1')).to.equal(expected);
        expect(pepper.pseudonym('party-1')).to.equal(expected);
        expect(pepper.pseudonym('party-2')).not.to.equal(expected);
        expect(new Pepper('another-court-pepper-value').pseudonym('party-1')).not.to.equal(expected);
    });

    it('uses COURT_LEDGER_PEPPER when given, else generates one file (0600) and keeps it', async () => {
        const configured = await loadPepper(dataDir, 'configured-pepper-0123456789');
        expect(configured.pseudonym('x')).to.equal(new Pepper('configured-pepper-0123456789').pseudonym('x'));
        const first = await loadPepper(dataDir);
        const second = await loadPepper(dataDir);
        expect(first.pseudonym('party-1')).to.equal(second.pseudonym('party-1'));
        const file = path.join(dataDir, 'pepper');
        expect((await stat(file)).mode & 0o777).to.equal(0o600);
        expect((await readFile(file, 'utf8')).trim()).to.have.length.greaterThan(30);
    });

    it('refuses a short pepper', () => {
        expect(() => new Pepper('short')).to.throw(/at least 16/);
    });
});
