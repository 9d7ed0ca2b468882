import { expect } from 'chai';
import { EvidenceContract } from '../../src/contracts/evidence';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import { deriveEvidenceId } from '../../src/domain/evidence/evidence-validation';
import type { EvidenceRecord, SubmitResult } from '../../src/domain/evidence/model';
import { seedCase } from '../helpers/cases';
import { courtIdentity, expectCode, FakeLedger, viaGateway, type Caller } from '../helpers/fake-ledger';

const CASE = '(2024)京0491民初123号';
const SHA = '1f'.repeat(32);
const SM3 = '2e'.repeat(32);

const plaintiff = viaGateway('p-1', 'party');
const defendant = viaGateway('p-2', 'party');
const clerk = courtIdentity('clerk', 'clerk-1');
const judge = viaGateway('judge-1', 'judge');

describe('EvidenceContract', () => {
    let ledger: FakeLedger;
    const contract = new EvidenceContract();

    beforeEach(() => {
        ledger = new FakeLedger();
        for (const caseId of [CASE, 'C-1', 'C-2', 'C-10']) {
            seedCase(ledger, caseId, [
                { id: 'p-1', side: 'plaintiff' },
                { id: 'p-2', side: 'defendant' },
                { id: 'a-1', side: 'agent-of', agentOf: 'p-1' },
            ]);
        }
    });

    function submit(
        caller: Caller,
        sha256 = SHA,
        caseId = CASE,
        sm3 = SM3,
        size = '2048',
        mediaType = 'application/pdf',
    ) {
        return ledger.run<SubmitResult>(caller, (ctx) => contract.submit(ctx, caseId, sha256, sm3, size, mediaType));
    }

    function custody(caller: Caller, evidenceId: string, event: string, note = '') {
        return ledger.run<EvidenceRecord>(caller, (ctx) => contract.custody(ctx, evidenceId, event, note));
    }

    describe('submit', () => {
        it('creates the record, its indexes and one EvidenceSubmitted event', async () => {
            const { result, event, txId } = await submit(plaintiff);
            const id = deriveEvidenceId(CASE, SHA, 'p-1');
            expect(result.created).to.equal(true);
            expect(result.record).to.deep.equal({
                evidenceId: id,
                caseId: CASE,
                digests: { sha256: SHA, sm3: SM3 },
                size: 2048,
                mediaType: 'application/pdf',
                submitter: { sub: 'p-1', role: 'party' },
                status: 'submitted',
                submittedAt: '2023-11-14T22:13:21.250Z',
                txId,
                custody: [],
            });
            expect(event).to.deep.equal({
                name: 'EvidenceSubmitted',
                payload: canonicalJson({ type: 'EvidenceSubmitted', record: result.record }),
            });
            const keys = [...ledger.stub.state.keys()]
                .map((key) => key.split('\u0000')[1])
                .filter((type) => type !== 'case');
            expect(keys.sort()).to.deep.equal(['evidence', 'evidence~case', 'evidence~sha256', 'evidence~sm3']);
            const stored = ledger.stub.state.get(`\u0000evidence\u0000${id}\u0000`);
            expect(stored?.toString('utf8')).to.equal(canonicalJson(result.record));
        });

        it('is idempotent: the same (case, digest, submitter) writes nothing and emits nothing', async () => {
            const first = await submit(plaintiff);
            const before = new Map(ledger.stub.state);
            const again = await submit(plaintiff);
            expect(again.result).to.deep.equal({ created: false, record: first.result.record });
            expect(again.event).to.equal(undefined);
            expect(ledger.stub.state).to.deep.equal(before);
        });

        it('refuses a re-submission with different attributes (CONFLICT)', async () => {
            await submit(plaintiff);
            await expectCode(submit(plaintiff, SHA, CASE, SM3, '999'), 'CONFLICT');
        });

        it('keeps one record per submitter and per case for the same digest', async () => {
            const a = await submit(plaintiff);
            const b = await submit(defendant);
            const c = await submit(plaintiff, SHA, 'C-2');
            const ids = new Set([a, b, c].map(({ result }) => result.record.evidenceId));
            expect(ids.size).to.equal(3);
        });

        it('omits absent optional fields and the sm3 index', async () => {
            const { result } = await submit(plaintiff, SHA, CASE, '', '', '');
            expect(Object.keys(result.record)).to.not.include.members(['size', 'mediaType']);
            expect(result.record.digests).to.deep.equal({ sha256: SHA });
            const types = [...ledger.stub.state.keys()].map((key) => key.split('\u0000')[1]);
            expect(types).to.not.include('evidence~sm3');
        });

        it('lets parties, agents and clerks submit, and no one else', async () => {
            await submit(viaGateway('a-1', 'agent'));
            await submit(clerk);
            await expectCode(submit(judge), 'FORBIDDEN_ROLE');
            await expectCode(submit(viaGateway('trial', 'subsystem')), 'FORBIDDEN_ROLE');
            await expectCode(submit(courtIdentity('enforcement', 'enf-1')), 'FORBIDDEN_ROLE');
        });

        it('refuses unauthenticated callers and bad arguments before writing', async () => {
            const seeded = ledger.stub.state.size;
            await expectCode(submit({ mspId: 'CourtMSP', role: 'gateway', cn: 'gw' }), 'UNAUTHENTICATED');
            await expectCode(submit({ ...plaintiff, actor: '{not json' }), 'INVALID_ARGUMENT');
            await expectCode(submit(plaintiff, 'F'.repeat(64)), 'INVALID_DIGEST');
            await expectCode(submit(plaintiff, SHA, 'bad case'), 'INVALID_ARGUMENT');
            expect(ledger.stub.state.size).to.equal(seeded);
        });
    });

    describe('custody', () => {
        it('walks the lifecycle, emitting one EvidenceCustody event per step', async () => {
            const id = (await submit(plaintiff)).result.record.evidenceId;
            await custody(clerk, id, 'exchange');
            const challenged = await custody(defendant, id, 'challenge', 'ab'.repeat(32));
            expect(challenged.result.status).to.equal('challenged');
            await custody(judge, id, 'present');
            await custody(judge, id, 'cross-examine');
            const admitted = await custody(judge, id, 'admit');
            expect(admitted.result.status).to.equal('admitted');
            expect(admitted.result.custody.map((entry) => [entry.event, entry.status, entry.actor.sub])).to.deep.equal([
                ['exchange', 'exchanged', 'clerk-1'],
                ['challenge', 'challenged', 'p-2'],
                ['present', 'presented', 'judge-1'],
                ['cross-examine', 'cross-examined', 'judge-1'],
                ['admit', 'admitted', 'judge-1'],
            ]);
            expect(admitted.result.custody[1]?.noteSha256).to.equal('ab'.repeat(32));
            expect(admitted.event).to.deep.equal({
                name: 'EvidenceCustody',
                payload: canonicalJson({ type: 'EvidenceCustody', record: admitted.result }),
            });
            const got = await ledger.run<EvidenceRecord>(plaintiff, (ctx) => contract.get(ctx, id));
            expect(got.result).to.deep.equal(admitted.result);
        });

        it('lets only the submitter withdraw, and only before presentation', async () => {
            const id = (await submit(plaintiff)).result.record.evidenceId;
            await expectCode(custody(defendant, id, 'withdraw'), 'FORBIDDEN_ACTOR');
            const withdrawn = await custody(plaintiff, id, 'withdraw');
            expect(withdrawn.result.status).to.equal('withdrawn');
            await expectCode(custody(clerk, id, 'exchange'), 'INVALID_TRANSITION');

            const other = (await submit(plaintiff, 'aa'.repeat(32))).result.record.evidenceId;
            await custody(clerk, other, 'exchange');
            await custody(clerk, other, 'present');
            await expectCode(custody(plaintiff, other, 'withdraw'), 'INVALID_TRANSITION');
        });

        it('refuses bad arguments and unknown evidence without writing', async () => {
            const id = (await submit(plaintiff)).result.record.evidenceId;
            const before = new Map(ledger.stub.state);
            await expectCode(custody(clerk, id, 'approve'), 'INVALID_ARGUMENT');
            await expectCode(custody(clerk, id, 'exchange', 'xyz'), 'INVALID_DIGEST');
            await expectCode(custody(clerk, 'ev_nope', 'exchange'), 'INVALID_ARGUMENT');
            await expectCode(custody(clerk, `ev_${'0'.repeat(32)}`, 'exchange'), 'EVIDENCE_NOT_FOUND');
            await expectCode(custody(plaintiff, id, 'exchange'), 'FORBIDDEN_ROLE');
            expect(ledger.stub.state).to.deep.equal(before);
        });
    });

    describe('queries', () => {
        it('get refuses unknown ids and unauthenticated callers', async () => {
            await expectCode(
                ledger.run(plaintiff, (ctx) => contract.get(ctx, `ev_${'0'.repeat(32)}`)),
                'EVIDENCE_NOT_FOUND',
            );
            await expectCode(
                ledger.run({ mspId: 'OtherMSP', role: 'clerk', cn: 'x' }, (ctx) =>
                    contract.get(ctx, `ev_${'0'.repeat(32)}`),
                ),
                'UNAUTHENTICATED',
            );
        });

        it('byDigest finds every record with the digest across cases, by either algorithm', async () => {
            const first = await submit(plaintiff, SHA, 'C-1');
            const second = await submit(defendant, SHA, 'C-2');
            await submit(plaintiff, 'cc'.repeat(32), 'C-1', '');
            const bySha = await ledger.run<EvidenceRecord[]>(clerk, (ctx) => contract.byDigest(ctx, 'sha256', SHA));
            expect(bySha.result).to.deep.equal([first.result.record, second.result.record]);
            const bySm3 = await ledger.run<EvidenceRecord[]>(clerk, (ctx) => contract.byDigest(ctx, 'sm3', SM3));
            expect(bySm3.result.map((record) => record.caseId)).to.deep.equal(['C-1', 'C-2']);
            const none = await ledger.run<EvidenceRecord[]>(clerk, (ctx) =>
                contract.byDigest(ctx, 'sha256', 'dd'.repeat(32)),
            );
            expect(none.result).to.deep.equal([]);
            await expectCode(
                ledger.run(clerk, (ctx) => contract.byDigest(ctx, 'md5', SHA)),
                'INVALID_ARGUMENT',
            );
            await expectCode(
                ledger.run(clerk, (ctx) => contract.byDigest(ctx, 'sha256', 'x')),
                'INVALID_DIGEST',
            );
        });

        it('byCase lists a case in submission order, and not a case whose id it prefixes', async () => {
            const shas = ['03', '01', '02'].map((byte) => byte.repeat(32));
            const made = [];
            for (const sha of shas) {
                made.push((await submit(plaintiff, sha, 'C-1')).result.record);
            }
            await submit(plaintiff, SHA, 'C-10');
            const listed = await ledger.run<EvidenceRecord[]>(judge, (ctx) => contract.byCase(ctx, 'C-1'));
            expect(listed.result).to.deep.equal(made);
            await expectCode(
                ledger.run(judge, (ctx) => contract.byCase(ctx, '')),
                'INVALID_ARGUMENT',
            );
        });

        it('queries emit no event and write nothing', async () => {
            const id = (await submit(plaintiff)).result.record.evidenceId;
            const before = new Map(ledger.stub.state);
            const got = await ledger.run(plaintiff, (ctx) => contract.get(ctx, id));
            expect(got.event).to.equal(undefined);
            expect(ledger.stub.state).to.deep.equal(before);
        });
    });
});
