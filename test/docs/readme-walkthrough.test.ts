import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const REPO = path.join(__dirname, '..', '..', '..');
const README = readFileSync(path.join(REPO, 'README.md'), 'utf8');

/** The shell blocks of the README, in order. */
function shellBlocks(): string[] {
    return [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

describe('the README walkthrough', () => {
    const walkthrough = README.slice(README.indexOf('## Walkthrough (curl)'));
    const first = /```sh\n([\s\S]*?)```/.exec(walkthrough)?.[1] ?? '';

    it('moves to a scratch folder before it writes a file, so nothing lands in the repository', () => {
        const prelude = first.slice(0, first.indexOf('\n\n'));
        expect(prelude).to.include('cd "$(mktemp -d)"');
        const script = `${prelude}\necho 'contract signed 2026-01-05' > exhibit.txt\npwd\ntype cl >/dev/null`;
        const scratch = execFileSync('bash', ['-c', script], { cwd: REPO, encoding: 'utf8' }).trim();
        expect(path.relative(REPO, scratch).startsWith('..')).to.equal(true);
        expect(existsSync(path.join(scratch, 'exhibit.txt'))).to.equal(true);
        expect(existsSync(path.join(REPO, 'exhibit.txt'))).to.equal(false);
        rmSync(scratch, { recursive: true, force: true });
    });

    it('calls the repository CLI, never `npx court-ledger` from the scratch folder (npx would fetch a package)', () => {
        const walkthroughBlocks = shellBlocks().filter((block) => !block.includes('index rebuild'));
        for (const block of walkthroughBlocks) {
            expect(block).to.not.include('npx court-ledger');
        }
    });
});
