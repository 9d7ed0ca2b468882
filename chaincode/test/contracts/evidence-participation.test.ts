import { expect } from 'chai';
import { EvidenceContract } from '../../src/contracts/evidence';
import type { CaseRecord } from '../../src/domain/case/model';
import type { EvidenceRecord, SubmitResult } from '../../src/domain/evidence/model';
import type { ErrorCode } from '../../src/domain/shared/errors';
import { seedCase, seedPolicy } from '../helpers/cases';
import { courtIdentity, expectCode, FakeLedger, viaGateway, type Caller } from '../helpers/fake-ledger';

const OWN = 'C-OWN';
const OTHER = 'C-OTHER';
const SHA = '1f'.repeat(32);

const plaintiff = viaGateway('p-1', 'party');
const lawyer = viaGateway('l-1', 'agent');
const outsider = viaGateway('p-9', 'party');
const outsideLawyer = viaGateway('l-9', 'agent');
const clerk = courtIdentity('clerk', 'clerk-1');
const foreignJudge: Caller = { ...viaGateway('judge-9', 'judge'), court: 'K0001' };
const subsystem = courtIdentity('subsystem', 'trial.subsystem');
const agency: Caller = { mspId: 'AgencyMSP', role: 'agency', cn: 'agency-a' };

/** Evidence reads and party actions need the case (case-access.ts); submission may self-register. */
describe('EvidenceContract: case participation', () => {
    const contract = new EvidenceContract();
    let ledger: FakeLedger;
    let evidenceId: string;

    beforeEach(async () => {
        ledger = new FakeLedger();
        seedCase(ledger, OWN, [
            { id: 'p-1', side: 'plaintiff' },
            { id: 'p-2', side: 'defendant' },
            { id: 'l-1', side: 'agent-of', agentOf: 'p-2' },
        ]);
        seedCase(ledger, OTHER, [
            { id: 'p-9', side: 'plaintiff' },
            { id: 'l-9', side: 'agent-of', agentOf: 'p-9' },
        ]);
        const submitted = await ledger.run<SubmitResult>(plaintiff, (ctx) =>
            contract.submit(ctx, OWN, SHA, '', '', ''),
        );
        evidenceId = submitted.result.record.evidenceId;
    });

    const readers: readonly { who: string; caller: Caller; outcome: 'ok' | ErrorCode }[] = [
        { who: 'the submitter', caller: plaintiff, outcome: 'ok' },
        { who: 'the other side’s agent', caller: lawyer, outcome: 'ok' },
        { who: 'the court’s clerk', caller: clerk, outcome: 'ok' },
        { who: 'a party of another case', caller: outsider, outcome: 'NOT_A_PARTICIPANT' },
        { who: 'an agent of another case', caller: outsideLawyer, outcome: 'NOT_A_PARTICIPANT' },
        { who: 'a judge of another court', caller: foreignJudge, outcome: 'NOT_A_PARTICIPANT' },
        { who: 'a subsystem', caller: subsystem, outcome: 'FORBIDDEN_ROLE' },
        { who: 'an agency', caller: agency, outcome: 'FORBIDDEN_ROLE' },
    ];
    for (const { who, caller, outcome } of readers) {
        it(`get and byCase: ${who} → ${outcome}`, async () => {
            const get = ledger.run<EvidenceRecord>(caller, (ctx) => contract.get(ctx, evidenceId));
            const list = ledger.run<EvidenceRecord[]>(caller, (ctx) => contract.byCase(ctx, OWN));
            if (outcome === 'ok') {
                expect((await get).result.evidenceId).to.equal(evidenceId);
                expect((await list).result.map((r) => r.evidenceId)).to.deep.equal([evidenceId]);
            } else {
                await expectCode(get, outcome);
                await expectCode(list, outcome);
            }
        });
    }

    it('byDigest lists only the cases the caller may access', async () => {
        await ledger.run(outsider, (ctx) => contract.submit(ctx, OTHER, SHA, '', '', ''));
        const cases = async (caller: Caller) =>
            (await ledger.run<EvidenceRecord[]>(caller, (ctx) => contract.byDigest(ctx, 'sha256', SHA))).result.map(
                (r) => r.caseId,
            );
        expect(await cases(plaintiff)).to.deep.equal([OWN]);
        expect(await cases(outsider)).to.deep.equal([OTHER]);
        expect(await cases(clerk)).to.deep.equal([OWN, OTHER]);
        expect(await cases(foreignJudge)).to.deep.equal([]);
    });

    it('a challenge by a party of another case is NOT_A_PARTICIPANT; by the other side it is recorded', async () => {
        await ledger.run(clerk, (ctx) => contract.custody(ctx, evidenceId, 'exchange', ''));
        await expectCode(
            ledger.run(outsider, (ctx) => contract.custody(ctx, evidenceId, 'challenge', '')),
            'NOT_A_PARTICIPANT',
        );
        await expectCode(
            ledger.run(foreignJudge, (ctx) => contract.custody(ctx, evidenceId, 'present', '')),
            'NOT_A_PARTICIPANT',
        );
        const challenged = await ledger.run<EvidenceRecord>(lawyer, (ctx) =>
            contract.custody(ctx, evidenceId, 'challenge', ''),
        );
        expect(challenged.result.status).to.equal('challenged');
    });

    it('submission: an outsider is refused unless the case type allows self-registration', async () => {
        const submitAs = (caller: Caller, caseId = OWN) =>
            ledger.run<SubmitResult>(caller, (ctx) => contract.submit(ctx, caseId, '2e'.repeat(32), '', '', ''));
        await expectCode(submitAs(outsider), 'NOT_A_PARTICIPANT');
        await expectCode(submitAs(outsider, 'C-UNREGISTERED'), 'NOT_A_PARTICIPANT');
        seedPolicy(ledger, 'civil', false);
        await expectCode(submitAs(outsider), 'NOT_A_PARTICIPANT');
        seedPolicy(ledger, 'civil', true);
        const joined = await submitAs(outsider);
        expect(joined.result.record.selfRegistered).to.equal(true);
        expect(joined.event?.payload).to.include('"selfRegistered":true');
        const stored = ledger.stub.state.get(`\u0000case\u0000${OWN}\u0000`)?.toString('utf8') ?? '{}';
        const kase = JSON.parse(stored) as CaseRecord;
        expect(kase.participants.at(-1)).to.deep.equal({
            id: 'p-9',
            via: 'self',
            since: joined.result.record.submittedAt,
            txId: joined.txId,
        });
        const read = await ledger.run<EvidenceRecord>(outsider, (ctx) => contract.get(ctx, evidenceId));
        expect(read.result.evidenceId).to.equal(evidenceId);
        const participantAgain = await submitAs(plaintiff);
        expect(participantAgain.result.record.selfRegistered).to.equal(undefined);
    });
});
