import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { canonicalBytes, CASE_NUMBER_TRANSIENT_KEY, validateCaseId } from '@court-ledger/chaincode';
import { LedgerFailure, type Committed, type Ledger, type Proposal } from '@court-ledger/ledger-api';
import {
    agreementArgument,
    caseArgument,
    CaseNumberReveal,
    chainAgreementId,
    chainCaseId,
} from '../../../src/platform/pseudonyms/case-numbers';
import { CASE_KEY_PATTERN, Pepper } from '../../../src/platform/pseudonyms/pepper';
import { PrivacyLedger } from '../../../src/platform/pseudonyms/privacy-ledger';

const SECRET = 'a-court-pepper-of-some-length';
const pepper = new Pepper(SECRET);
const CASE = '(2026)京0491民初123号';

function json(bytes: Uint8Array): unknown {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
}

/** A ledger that records the proposals it gets and answers from `answer`. */
function recordingLedger(answer: (proposal: Proposal) => unknown): { ledger: Ledger; seen: Proposal[] } {
    const seen: Proposal[] = [];
    const respond = (proposal: Proposal): Uint8Array => {
        seen.push(proposal);
        const value = answer(proposal);
        if (value instanceof Error) {
            throw value;
        }
        return canonicalBytes(value);
    };
    const ledger = {
        mode: 'embedded',
        channel: 'court',
        submit: (proposal: Proposal) =>
            Promise.resolve({ txId: 't', blockNumber: 1, timestamp: 'x', result: respond(proposal) } as Committed),
        evaluate: (proposal: Proposal) => Promise.resolve(respond(proposal)),
    } as unknown as Ledger;
    return { ledger, seen };
}

describe('privacy boundary: case keys and the PrivacyLedger', () => {
    it('caseKey = ck_ + base64url HMAC(pepper, "case:" ‖ NFC number): a valid chaincode case id', () => {
        const expected = createHmac('sha256', SECRET).update(`case:${CASE}`, 'utf8').digest('base64url');
        expect(pepper.caseKey(CASE)).to.equal(`ck_${expected}`);
        expect(pepper.caseKey(CASE)).to.match(CASE_KEY_PATTERN);
        expect(validateCaseId(pepper.caseKey(CASE))).to.equal(pepper.caseKey(CASE));
        // One spelling per number: a decomposed form gets the same key; another number or pepper another key.
        expect(pepper.caseKey('e\u0301-1')).to.equal(pepper.caseKey('\u00e9-1'));
        expect(pepper.caseKey('(2026)京0491民初124号')).to.not.equal(pepper.caseKey(CASE));
        expect(new Pepper('another-court-pepper-value').caseKey(CASE)).to.not.equal(pepper.caseKey(CASE));
        // Not the principal pseudonym of the same text.
        expect(pepper.caseKey('C-1').slice(3)).to.not.equal(
            Buffer.from(pepper.pseudonym('C-1'), 'hex').toString('base64url'),
        );
    });

    it('a case argument carries the key and the salted clear number', () => {
        const argument = caseArgument(pepper, CASE);
        expect(argument.caseId).to.equal(pepper.caseKey(CASE));
        const entry = json(argument.transient[CASE_NUMBER_TRANSIENT_KEY]!) as { caseNumber: string; salt: string };
        expect(entry.caseNumber).to.equal(CASE);
        expect(entry.salt).to.match(/^[0-9a-f]{32}$/);
        expect(caseArgument(pepper, CASE).transient).to.not.deep.equal(argument.transient);
        expect(chainCaseId(pepper, CASE)).to.equal(pepper.caseKey(CASE));
    });

    it('keys an agreement id as a case number, and its default case as that key and -enf', () => {
        const agreement = '(2026)京0491民调7号';
        const argument = agreementArgument(pepper, agreement);
        expect(argument.agreementId).to.equal(pepper.caseKey(agreement));
        expect(chainAgreementId(pepper, agreement)).to.equal(pepper.caseKey(agreement));
        const entry = json(argument.transient[CASE_NUMBER_TRANSIENT_KEY]!) as { caseNumber: string };
        expect(entry.caseNumber).to.equal(agreement);
        // The chaincode names the default case `<agreementId>-enf` from the keyed id; the clear name finds it.
        const table: [string, string][] = [
            [`${agreement}-enf`, `${pepper.caseKey(agreement)}-enf`],
            ['AGR-1-enf', `${pepper.caseKey('AGR-1')}-enf`],
            ['-enf', pepper.caseKey('-enf')],
        ];
        for (const [clear, onChain] of table) {
            expect(chainCaseId(pepper, clear), clear).to.equal(onChain);
            expect(caseArgument(pepper, clear).caseId, clear).to.equal(onChain);
        }
        expect(validateCaseId(chainCaseId(pepper, 'AGR-1-enf'))).to.equal(`${pepper.caseKey('AGR-1')}-enf`);
    });

    it('reveals agreement ids, and a default case from its agreement when the collection has no entry', async () => {
        const agreement = 'AGR-9';
        const key = pepper.caseKey(agreement);
        const lookups: string[] = [];
        const reveal = new CaseNumberReveal((caseId) => {
            lookups.push(caseId);
            return Promise.resolve(caseId === key ? agreement : undefined);
        });
        const record = { agreement: { agreementId: key, trigger: { caseId: `${key}-enf` } }, steps: [] };
        expect(json(await reveal.bytes(canonicalBytes(record)))).to.deep.equal({
            agreement: { agreementId: agreement, trigger: { caseId: 'AGR-9-enf' } },
            steps: [],
        });
        expect(lookups).to.deep.equal([key, `${key}-enf`]);
    });

    it('reveals every caseId holding a known key, at any depth, and leaves the rest byte for byte', async () => {
        const key = pepper.caseKey(CASE);
        const lookups: string[] = [];
        const reveal = new CaseNumberReveal((caseId) => {
            lookups.push(caseId);
            return Promise.resolve(caseId === key ? CASE : undefined);
        });
        const record = { case: { caseId: key }, steps: [{ caseId: key }, { caseId: 'ck_unknown' }], other: key };
        expect(json(await reveal.bytes(canonicalBytes(record)))).to.deep.equal({
            case: { caseId: CASE },
            steps: [{ caseId: CASE }, { caseId: 'ck_unknown' }],
            other: key,
        });
        await reveal.bytes(canonicalBytes(record));
        expect(lookups).to.deep.equal([key], 'one lookup, then the cache');
        const plain = canonicalBytes({ caseId: 'C-1' });
        expect(await reveal.bytes(plain)).to.equal(plain);
    });

    it('acts for pseudonyms, learns the numbers it sends, and asks the court for the others', async () => {
        const key = pepper.caseKey(CASE);
        const { ledger: inner, seen } = recordingLedger((proposal) => {
            if (proposal.contract === 'casenumber') {
                return proposal.args[0] === key
                    ? { caseId: key, caseNumber: CASE }
                    : new LedgerFailure('chaincode', 'none', { code: 'NOT_FOUND' });
            }
            return { caseId: proposal.args[0], submitter: { sub: proposal.actor.sub } };
        });
        const ledger = new PrivacyLedger(inner, pepper);
        const actor = { sub: 'party-1', role: 'party', org: 'CourtMSP' };
        const { caseId, transient } = caseArgument(pepper, CASE);
        const written = await ledger.submit({ contract: 'evidence', fn: 'submit', args: [caseId], actor, transient });
        expect(json(written.result)).to.deep.equal({ caseId: CASE, submitter: { sub: pepper.pseudonym('party-1') } });
        expect(seen.map((p) => [p.contract, p.actor.sub])).to.deep.equal([['evidence', pepper.pseudonym('party-1')]]);

        const other = new PrivacyLedger(inner, pepper);
        const read = await other.evaluate({ contract: 'evidence', fn: 'get', args: [key], actor });
        expect(json(read)).to.deep.include({ caseId: CASE });
        const unknown = await other.evaluate({ contract: 'evidence', fn: 'get', args: [pepper.caseKey('X-2')], actor });
        expect(json(unknown)).to.deep.include({ caseId: pepper.caseKey('X-2') });
        const asked = seen.filter((p) => p.contract === 'casenumber');
        expect(asked.map((p) => [p.args[0], p.actor.role, p.actor.org])).to.deep.equal([
            [key, 'subsystem', 'CourtMSP'],
            [pepper.caseKey('X-2'), 'subsystem', 'CourtMSP'],
        ]);
    });
});
