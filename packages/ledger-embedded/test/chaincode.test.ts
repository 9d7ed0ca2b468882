import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { createEmbeddedLedger, verifyEmbeddedTransactionProof } from '../src';
import type { EmbeddedTransactionProof } from '../src';
import { LedgerFailure, type Actor, type Ledger, type Proposal } from '@court-ledger/ledger-api';
import { removeTempDirs, takeEvents, tempDir, text } from './helpers/fixtures';

const PARTY: Actor = { sub: 'party-1', role: 'party', org: 'CourtMSP' };
const CLERK: Actor = { sub: 'clerk-1', role: 'clerk', org: 'CourtMSP' };
const SUBSYSTEM: Actor = { sub: 'anchoring', role: 'subsystem', org: 'CourtMSP' };
const CASE = '(2024)京0491民初123号';

function call(contract: string, fn: string, args: string[], actor: Actor): Proposal {
    return { contract, fn, args, actor };
}

function json(bytes: Uint8Array): unknown {
    return JSON.parse(text(bytes));
}

interface EvidenceRecord {
    evidenceId: string;
    caseId: string;
    status: string;
    txId: string;
    submittedAt: string;
    submitter: { sub: string; role: string };
}

describe('embedded ledger: the court-ledger chaincode (default module path)', function () {
    let ledger: Ledger;

    before(async function () {
        ledger = await createEmbeddedLedger({ dataDir: tempDir() });
    });

    after(async function () {
        await ledger.close();
        removeTempDirs();
    });

    it('submits evidence and reads it back through the evidence contract', async function () {
        const sha256 = createHash('sha256').update('exhibit A').digest('hex');
        // A party submits only in a case the court registered and recorded it in (case participation).
        await ledger.submit(call('case', 'register', [CASE, 'civil'], CLERK));
        await ledger.submit(call('case', 'addParticipant', [CASE, PARTY.sub, 'plaintiff', ''], CLERK));
        const committed = await ledger.submit(call('evidence', 'submit', [CASE, sha256, '', '9', 'text/plain'], PARTY));
        const { created, record } = json(committed.result) as { created: boolean; record: EvidenceRecord };
        expect(created).to.equal(true);
        expect(record).to.include({ caseId: CASE, status: 'submitted', txId: committed.txId });
        expect(record.submittedAt).to.equal(committed.timestamp);
        expect(record.submitter).to.deep.equal({ sub: 'party-1', role: 'party' });

        const got = json(await ledger.evaluate(call('evidence', 'get', [record.evidenceId], CLERK))) as EvidenceRecord;
        expect(got).to.deep.equal(record);
        const byCase = json(await ledger.evaluate(call('evidence', 'byCase', [CASE], CLERK))) as EvidenceRecord[];
        expect(byCase.map((r) => r.evidenceId)).to.deep.equal([record.evidenceId]);
        const byDigest = json(
            await ledger.evaluate(call('evidence', 'byDigest', ['sha256', sha256], CLERK)),
        ) as EvidenceRecord[];
        expect(byDigest).to.have.length(1);

        // Idempotent resubmission: committed, not created, no event.
        const again = await ledger.submit(call('evidence', 'submit', [CASE, sha256, '', '9', 'text/plain'], PARTY));
        expect((json(again.result) as { created: boolean }).created).to.equal(false);

        const exchanged = await ledger.submit(call('evidence', 'custody', [record.evidenceId, 'exchange', ''], CLERK));
        expect((json(exchanged.result) as EvidenceRecord).status).to.equal('exchanged');

        const events = (await takeEvents(ledger, undefined, 4)).slice(2);
        expect(events.map((e) => e.name)).to.deep.equal(['EvidenceSubmitted', 'EvidenceCustody']);
        expect(json(events[0]!.payload)).to.deep.equal({
            type: 'EvidenceSubmitted',
            record,
        });
    });

    it('maps chaincode errors to LedgerFailure("chaincode") keeping the CODE: prefix', async function () {
        for (const [proposal, code] of [
            [call('evidence', 'get', ['ev_' + '0'.repeat(32)], CLERK), 'EVIDENCE_NOT_FOUND: '],
            [call('evidence', 'submit', [CASE, 'not-a-digest', '', '', ''], PARTY), 'INVALID_DIGEST: '],
            [call('anchor', 'record', ['b1', '0'.repeat(64), '1', '[]', '[]'], CLERK), 'FORBIDDEN_ROLE: '],
        ] as const) {
            try {
                await ledger.submit(proposal);
                expect.fail('expected a rejection');
            } catch (error) {
                expect(error).to.be.instanceOf(LedgerFailure);
                expect((error as LedgerFailure).kind).to.equal('chaincode');
                expect((error as LedgerFailure).message.startsWith(code), (error as Error).message).to.equal(true);
            }
        }
    });

    it('anchors a batch whose proof carries batchId, rootHash and treeSize', async function () {
        const rootHash = createHash('sha256').update('root').digest('hex');
        const args = ['batch-1', rootHash, '3', '["evidence"]', '["party-1"]'];
        const committed = await ledger.submit(call('anchor', 'record', args, SUBSYSTEM));
        const proof = (await ledger.transactionProof(committed.txId)) as EmbeddedTransactionProof;
        expect(proof.transaction).to.include({ contract: 'anchor', fn: 'record', chaincode: 'court-ledger' });
        expect(proof.transaction.args).to.deep.equal(args);
        expect((await verifyEmbeddedTransactionProof(proof)).valid).to.equal(true);
        const record = json(await ledger.evaluate(call('anchor', 'get', ['batch-1'], CLERK))) as {
            batchId: string;
            recordedAt: string;
        };
        expect(record).to.include({ batchId: 'batch-1', recordedAt: committed.timestamp });
    });
});
