import { expect } from 'chai';
import type { Actor } from '@court-ledger/ledger-api';
import type { EvidenceRecord, SubmitResult } from '../../src/domain/evidence/model';
import { actors } from '../helpers/actors';
import { ContractLedger, expectRefusal } from '../helpers/embedded-ledger';

const SHA = '1f'.repeat(32);
const SM3 = '2e'.repeat(32);
const UNKNOWN = `ev_${'0'.repeat(32)}`;

describe('evidence contract on the embedded ledger', () => {
    let ledger: ContractLedger;
    let cases = 0;

    before(async () => {
        ledger = await ContractLedger.open();
    });

    after(async () => {
        await ledger.close();
    });

    /** A case of its own for each test (one ledger serves the file), with both parties recorded in it. */
    async function freshCase(): Promise<string> {
        cases += 1;
        const caseId = `C-${cases}`;
        await ledger.registerCase(actors.clerk, caseId, [actors.party, actors.otherParty]);
        return caseId;
    }

    function submit(actor: Actor, caseId: string, sha256 = SHA, size = '2048') {
        return ledger.submit<SubmitResult>(actor, 'evidence', 'submit', [caseId, sha256, SM3, size, 'application/pdf']);
    }

    function custody(actor: Actor, evidenceId: string, event: string, noteSha256 = '') {
        return ledger.submit<EvidenceRecord>(actor, 'evidence', 'custody', [evidenceId, event, noteSha256]);
    }

    it('submits at the transaction time, walks custody and answers every query', async () => {
        const caseId = await freshCase();
        const submitted = await submit(actors.party, caseId);
        const record = submitted.result.record;
        expect(submitted.result.created).to.equal(true);
        expect(record).to.deep.include({ caseId, status: 'submitted', submittedAt: submitted.timestamp });
        expect(record.submittedAt).to.equal(ledger.time());
        expect(submitted.event).to.deep.equal({
            name: 'EvidenceSubmitted',
            payload: { type: 'EvidenceSubmitted', record },
        });
        const again = await submit(actors.party, caseId);
        expect(again.result).to.deep.equal({ created: false, record });
        expect(again.event).to.equal(undefined);

        await custody(actors.clerk, record.evidenceId, 'exchange');
        await custody(actors.otherParty, record.evidenceId, 'challenge', 'ab'.repeat(32));
        await custody(actors.judge, record.evidenceId, 'present');
        await custody(actors.judge, record.evidenceId, 'cross-examine');
        const admitted = await custody(actors.judge, record.evidenceId, 'admit');
        expect(admitted.result.custody.map((entry) => entry.status)).to.deep.equal([
            'exchanged',
            'challenged',
            'presented',
            'cross-examined',
            'admitted',
        ]);
        expect(admitted.event).to.deep.equal({
            name: 'EvidenceCustody',
            payload: { type: 'EvidenceCustody', record: admitted.result },
        });
        expect(await ledger.evaluate(actors.party, 'evidence', 'get', [record.evidenceId])).to.deep.equal(
            admitted.result,
        );
        const bySha = await ledger.evaluate<EvidenceRecord[]>(actors.clerk, 'evidence', 'byDigest', ['sha256', SHA]);
        expect(bySha.map((found) => found.evidenceId)).to.include(record.evidenceId);
        expect(await ledger.evaluate(actors.clerk, 'evidence', 'byCase', [caseId])).to.deep.equal([admitted.result]);
    });

    it('refuses with each code the contract gives, committing nothing', async () => {
        const caseId = await freshCase();
        const id = (await submit(actors.party, caseId)).result.record.evidenceId;
        await expectRefusal(submit(actors.party, caseId, SHA, '999'), 'CONFLICT');
        await expectRefusal(submit(actors.judge, caseId), 'FORBIDDEN_ROLE');
        await expectRefusal(submit(actors.party, caseId, 'F'.repeat(64)), 'INVALID_DIGEST');
        await expectRefusal(submit(actors.party, 'bad case'), 'INVALID_ARGUMENT');
        await expectRefusal(custody(actors.otherParty, id, 'withdraw'), 'FORBIDDEN_ACTOR');
        await expectRefusal(custody(actors.clerk, UNKNOWN, 'exchange'), 'EVIDENCE_NOT_FOUND');
        await custody(actors.party, id, 'withdraw');
        await expectRefusal(custody(actors.clerk, id, 'exchange'), 'INVALID_TRANSITION');
        await expectRefusal(ledger.evaluate(actors.party, 'evidence', 'get', [UNKNOWN]), 'EVIDENCE_NOT_FOUND');
        const record = await ledger.evaluate<EvidenceRecord>(actors.party, 'evidence', 'get', [id]);
        expect(record.custody.map((entry) => entry.event)).to.deep.equal(['withdraw']);
    });

    it('refuses a principal the submitting organisation may not act for', async () => {
        await expectRefusal(submit({ ...actors.party, org: 'AgencyMSP' }, await freshCase()), 'FORBIDDEN_ROLE');
    });
});
