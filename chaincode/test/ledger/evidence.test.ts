import { expect } from 'chai';
import type { Actor } from '@court-ledger/ledger-api';
import type { CaseRecord } from '../../src/domain/case/model';
import { deriveEvidenceId } from '../../src/domain/evidence/evidence-validation';
import type { EvidenceRecord, SubmitResult } from '../../src/domain/evidence/model';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import type { ErrorCode } from '../../src/domain/shared/errors';
import { actors } from '../helpers/actors';
import { ContractLedger, expectRefusal, type Caller, type Certificate } from '../helpers/embedded-ledger';

const CASE = '(2024)京0491民初123号';
const SHA = '1f'.repeat(32);
const SM3 = '2e'.repeat(32);
const UNKNOWN = `ev_${'0'.repeat(32)}`;
const agent: Actor = { sub: 'a-1', role: 'agent', org: 'CourtMSP' };

describe('evidence contract on the embedded ledger', () => {
    let ledger: ContractLedger;
    /** Certificates acting for themselves: the clerk clerk-1 and the enforcement officer enf-1. */
    let clerk: Certificate;
    let officer: Certificate;
    let registered: Set<string>;

    beforeEach(async () => {
        ledger = await ContractLedger.open();
        clerk = await ledger.certificate('CourtMSP', 'clerk-1', { role: 'clerk' });
        officer = await ledger.certificate('CourtMSP', 'enf-1', { role: 'enforcement' });
        registered = new Set();
    });

    afterEach(async () => {
        await ledger.close();
    });

    /** Registers `caseId` on first use, with p-1 as plaintiff, p-2 as defendant and a-1 as agent of p-1. */
    async function kase(caseId: string): Promise<string> {
        if (!registered.has(caseId)) {
            registered.add(caseId);
            await ledger.registerCase(actors.clerk, caseId, [actors.party, actors.otherParty]);
            await ledger.submit(actors.clerk, 'case', 'addParticipant', [caseId, agent.sub, 'agent-of', 'p-1']);
        }
        return caseId;
    }

    async function submit(
        caller: Caller,
        sha256 = SHA,
        caseId = CASE,
        sm3 = SM3,
        size = '2048',
        mediaType = 'application/pdf',
    ) {
        await kase(caseId);
        ledger.advance(1000); // one second apart, as the index orders by submission time
        return ledger.submit<SubmitResult>(caller, 'evidence', 'submit', [caseId, sha256, sm3, size, mediaType]);
    }

    function custody(caller: Caller, evidenceId: string, event: string, noteSha256 = '') {
        return ledger.submit<EvidenceRecord>(caller, 'evidence', 'custody', [evidenceId, event, noteSha256]);
    }

    const keyTypes = (writes: readonly { key: string }[]) => writes.map(({ key }) => key.split('\u0000')[1]).sort();

    describe('submit', () => {
        it('creates the record at the transaction time, its indexes and one EvidenceSubmitted event', async () => {
            const { result, event, txId, timestamp } = await submit(actors.party);
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
                submittedAt: timestamp,
                txId,
                custody: [],
            });
            expect(timestamp).to.equal(ledger.time());
            expect(event).to.deep.equal({
                name: 'EvidenceSubmitted',
                payload: { type: 'EvidenceSubmitted', record: result.record },
            });
            const writes = await ledger.writes(txId);
            expect(keyTypes(writes.public)).to.deep.equal([
                'evidence',
                'evidence~case',
                'evidence~sha256',
                'evidence~sm3',
            ]);
            const stored = writes.public.find(({ key }) => key === `\u0000evidence\u0000${id}\u0000`);
            expect(stored?.value).to.equal(canonicalJson(result.record));
        });

        it('is idempotent: the same (case, digest, submitter) writes nothing and emits nothing', async () => {
            const first = await submit(actors.party);
            const again = await submit(actors.party);
            expect(again.result).to.deep.equal({ created: false, record: first.result.record });
            expect(again.event).to.equal(undefined);
            expect((await ledger.writes(again.txId)).public).to.deep.equal([]);
        });

        it('refuses a re-submission with different attributes (CONFLICT)', async () => {
            await submit(actors.party);
            await expectRefusal(submit(actors.party, SHA, CASE, SM3, '999'), 'CONFLICT');
        });

        it('keeps one record per submitter and per case for the same digest', async () => {
            const a = await submit(actors.party);
            const b = await submit(actors.otherParty);
            const c = await submit(actors.party, SHA, 'C-2');
            const ids = new Set([a, b, c].map(({ result }) => result.record.evidenceId));
            expect(ids.size).to.equal(3);
        });

        it('omits absent optional fields and the sm3 index', async () => {
            const { result, txId } = await submit(actors.party, SHA, CASE, '', '', '');
            expect(Object.keys(result.record)).to.not.include.members(['size', 'mediaType']);
            expect(result.record.digests).to.deep.equal({ sha256: SHA });
            expect(keyTypes((await ledger.writes(txId)).public)).to.not.include('evidence~sm3');
        });

        it('lets parties, agents and clerks submit, and no one else', async () => {
            await submit(agent);
            await submit(clerk);
            await expectRefusal(submit(actors.judge), 'FORBIDDEN_ROLE');
            await expectRefusal(submit({ sub: 'trial', role: 'subsystem', org: 'CourtMSP' }), 'FORBIDDEN_ROLE');
            await expectRefusal(submit(officer), 'FORBIDDEN_ROLE');
            await expectRefusal(submit({ ...actors.party, org: 'AgencyMSP' }), 'FORBIDDEN_ROLE');
        });

        it('refuses unauthenticated callers and bad arguments, committing nothing', async () => {
            await kase(CASE);
            const gateway = await ledger.certificate('CourtMSP', 'gw', { role: 'gateway' });
            const height = await ledger.height();
            await expectRefusal(submit(gateway), 'UNAUTHENTICATED');
            await expectRefusal(
                ledger.submit(gateway, 'evidence', 'submit', [CASE, SHA, SM3, '', ''], {
                    transient: { actor: '{not json' },
                }),
                'INVALID_ARGUMENT',
            );
            await expectRefusal(submit(actors.party, 'F'.repeat(64)), 'INVALID_DIGEST');
            await expectRefusal(
                ledger.submit(actors.party, 'evidence', 'submit', ['bad case', SHA, SM3, '', '']),
                'INVALID_ARGUMENT',
            );
            expect(await ledger.height()).to.equal(height);
        });
    });

    describe('custody', () => {
        it('walks the lifecycle, emitting one EvidenceCustody event per step', async () => {
            const id = (await submit(actors.party)).result.record.evidenceId;
            await custody(clerk, id, 'exchange');
            const challenged = await custody(actors.otherParty, id, 'challenge', 'ab'.repeat(32));
            expect(challenged.result.status).to.equal('challenged');
            await custody(actors.judge, id, 'present');
            await custody(actors.judge, id, 'cross-examine');
            const admitted = await custody(actors.judge, id, 'admit');
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
                payload: { type: 'EvidenceCustody', record: admitted.result },
            });
            expect(await ledger.evaluate(actors.party, 'evidence', 'get', [id])).to.deep.equal(admitted.result);
        });

        it('lets only the submitter withdraw, and only before presentation', async () => {
            const id = (await submit(actors.party)).result.record.evidenceId;
            await expectRefusal(custody(actors.otherParty, id, 'withdraw'), 'FORBIDDEN_ACTOR');
            const withdrawn = await custody(actors.party, id, 'withdraw');
            expect(withdrawn.result.status).to.equal('withdrawn');
            await expectRefusal(custody(clerk, id, 'exchange'), 'INVALID_TRANSITION');

            const other = (await submit(actors.party, 'aa'.repeat(32))).result.record.evidenceId;
            await custody(clerk, other, 'exchange');
            await custody(clerk, other, 'present');
            await expectRefusal(custody(actors.party, other, 'withdraw'), 'INVALID_TRANSITION');
        });

        it('refuses bad arguments and unknown evidence, committing nothing', async () => {
            const id = (await submit(actors.party)).result.record.evidenceId;
            const height = await ledger.height();
            await expectRefusal(custody(clerk, id, 'approve'), 'INVALID_ARGUMENT');
            await expectRefusal(custody(clerk, id, 'exchange', 'xyz'), 'INVALID_DIGEST');
            await expectRefusal(custody(clerk, 'ev_nope', 'exchange'), 'INVALID_ARGUMENT');
            await expectRefusal(custody(clerk, UNKNOWN, 'exchange'), 'EVIDENCE_NOT_FOUND');
            await expectRefusal(custody(actors.party, id, 'exchange'), 'FORBIDDEN_ROLE');
            expect(await ledger.height()).to.equal(height);
        });
    });

    describe('queries', () => {
        it('get refuses unknown ids and unauthenticated callers', async () => {
            await expectRefusal(ledger.evaluate(actors.party, 'evidence', 'get', [UNKNOWN]), 'EVIDENCE_NOT_FOUND');
            const roleless = await ledger.certificate('CourtMSP', 'x', {});
            await expectRefusal(ledger.evaluate(roleless, 'evidence', 'get', [UNKNOWN]), 'UNAUTHENTICATED');
        });

        it('byDigest finds every record with the digest across cases, by either algorithm', async () => {
            const first = await submit(actors.party, SHA, 'C-1');
            const second = await submit(actors.otherParty, SHA, 'C-2');
            await submit(actors.party, 'cc'.repeat(32), 'C-1', '');
            const byDigest = (algorithm: string, digest: string) =>
                ledger.evaluate<EvidenceRecord[]>(clerk, 'evidence', 'byDigest', [algorithm, digest]);
            expect(await byDigest('sha256', SHA)).to.deep.equal([first.result.record, second.result.record]);
            expect((await byDigest('sm3', SM3)).map((record) => record.caseId)).to.deep.equal(['C-1', 'C-2']);
            expect(await byDigest('sha256', 'dd'.repeat(32))).to.deep.equal([]);
            await expectRefusal(byDigest('md5', SHA), 'INVALID_ARGUMENT');
            await expectRefusal(byDigest('sha256', 'x'), 'INVALID_DIGEST');
        });

        it('byCase lists a case in submission order, and not a case whose id it prefixes', async () => {
            const made = [];
            for (const byte of ['03', '01', '02']) {
                made.push((await submit(actors.party, byte.repeat(32), 'C-1')).result.record);
            }
            await submit(actors.party, SHA, 'C-10');
            expect(await ledger.evaluate(actors.judge, 'evidence', 'byCase', ['C-1'])).to.deep.equal(made);
            await expectRefusal(ledger.evaluate(actors.judge, 'evidence', 'byCase', ['']), 'INVALID_ARGUMENT');
        });

        it('queries commit nothing', async () => {
            const id = (await submit(actors.party)).result.record.evidenceId;
            const height = await ledger.height();
            await ledger.evaluate(actors.party, 'evidence', 'get', [id]);
            await ledger.evaluate(actors.party, 'evidence', 'byCase', [CASE]);
            expect(await ledger.height()).to.equal(height);
        });
    });
});

/** Evidence reads and party actions need the case (case-access.ts); submission may self-register. */
describe('evidence contract on the embedded ledger: case participation', () => {
    const OWN = 'C-OWN';
    const OTHER = 'C-OTHER';
    const lawyer: Actor = { sub: 'l-1', role: 'agent', org: 'CourtMSP' };
    const outsider: Actor = { sub: 'p-9', role: 'party', org: 'CourtMSP' };
    const outsideLawyer: Actor = { sub: 'l-9', role: 'agent', org: 'CourtMSP' };
    let ledger: ContractLedger;
    let evidenceId: string;
    const callers: Record<string, Caller> = {};

    before(async () => {
        ledger = await ContractLedger.open();
        callers['clerk'] = await ledger.certificate('CourtMSP', 'clerk-1', { role: 'clerk' });
        callers['foreignJudge'] = await ledger.gatewayOf('K0001', 'judge-9', 'judge');
        callers['subsystem'] = await ledger.certificate('CourtMSP', 'trial.subsystem', { role: 'subsystem' });
        callers['agency'] = await ledger.certificate('AgencyMSP', 'agency-a', { role: 'agency' });
        await ledger.registerCase(actors.clerk, OWN, [actors.party, actors.otherParty]);
        await ledger.submit(actors.clerk, 'case', 'addParticipant', [OWN, 'l-1', 'agent-of', 'p-2']);
        await ledger.registerCase(actors.clerk, OTHER, [outsider]);
        await ledger.submit(actors.clerk, 'case', 'addParticipant', [OTHER, 'l-9', 'agent-of', 'p-9']);
        const submitted = await ledger.submit<SubmitResult>(actors.party, 'evidence', 'submit', [OWN, SHA, '', '', '']);
        evidenceId = submitted.result.record.evidenceId;
    });

    after(async () => {
        await ledger.close();
    });

    const caller = (name: string): Caller => {
        const found = callers[name];
        if (found === undefined) {
            throw new Error(`no caller ${name}`);
        }
        return found;
    };

    const readers: readonly { who: string; caller: () => Caller; outcome: 'ok' | ErrorCode }[] = [
        { who: 'the submitter', caller: () => actors.party, outcome: 'ok' },
        { who: 'the other side’s agent', caller: () => lawyer, outcome: 'ok' },
        { who: 'the court’s clerk', caller: () => caller('clerk'), outcome: 'ok' },
        { who: 'a party of another case', caller: () => outsider, outcome: 'NOT_A_PARTICIPANT' },
        { who: 'an agent of another case', caller: () => outsideLawyer, outcome: 'NOT_A_PARTICIPANT' },
        { who: 'a judge of another court', caller: () => caller('foreignJudge'), outcome: 'NOT_A_PARTICIPANT' },
        { who: 'a subsystem', caller: () => caller('subsystem'), outcome: 'FORBIDDEN_ROLE' },
        { who: 'an agency', caller: () => caller('agency'), outcome: 'FORBIDDEN_ROLE' },
    ];
    for (const reader of readers) {
        it(`get and byCase: ${reader.who} → ${reader.outcome}`, async () => {
            const get = ledger.evaluate<EvidenceRecord>(reader.caller(), 'evidence', 'get', [evidenceId]);
            const list = ledger.evaluate<EvidenceRecord[]>(reader.caller(), 'evidence', 'byCase', [OWN]);
            if (reader.outcome === 'ok') {
                expect((await get).evidenceId).to.equal(evidenceId);
                expect((await list).map((r) => r.evidenceId)).to.deep.equal([evidenceId]);
            } else {
                await expectRefusal(get, reader.outcome);
                await expectRefusal(list, reader.outcome);
            }
        });
    }

    it('byDigest lists only the cases the caller may access', async () => {
        ledger.advance(1000);
        await ledger.submit(outsider, 'evidence', 'submit', [OTHER, SHA, '', '', '']);
        const cases = async (who: Caller) =>
            (await ledger.evaluate<EvidenceRecord[]>(who, 'evidence', 'byDigest', ['sha256', SHA])).map(
                (r) => r.caseId,
            );
        expect(await cases(actors.party)).to.deep.equal([OWN]);
        expect(await cases(outsider)).to.deep.equal([OTHER]);
        expect(await cases(caller('clerk'))).to.deep.equal([OWN, OTHER]);
        expect(await cases(caller('foreignJudge'))).to.deep.equal([]);
    });

    it('a challenge by a party of another case is NOT_A_PARTICIPANT; by the other side it is recorded', async () => {
        const custody = (who: Caller, event: string) =>
            ledger.submit<EvidenceRecord>(who, 'evidence', 'custody', [evidenceId, event, '']);
        await custody(caller('clerk'), 'exchange');
        await expectRefusal(custody(outsider, 'challenge'), 'NOT_A_PARTICIPANT');
        await expectRefusal(custody(caller('foreignJudge'), 'present'), 'NOT_A_PARTICIPANT');
        const challenged = await custody(lawyer, 'challenge');
        expect(challenged.result.status).to.equal('challenged');
    });

    it('submission: an outsider is refused unless the case type allows self-registration', async () => {
        const submitAs = (who: Caller, caseId = OWN) =>
            ledger.submit<SubmitResult>(who, 'evidence', 'submit', [caseId, '2e'.repeat(32), '', '', '']);
        const policy = (selfRegistration: boolean) =>
            ledger.submit(actors.clerk, 'case', 'setPolicy', ['civil', String(selfRegistration)]);
        await expectRefusal(submitAs(outsider), 'NOT_A_PARTICIPANT');
        await expectRefusal(submitAs(outsider, 'C-UNREGISTERED'), 'NOT_A_PARTICIPANT');
        await policy(false);
        await expectRefusal(submitAs(outsider), 'NOT_A_PARTICIPANT');
        await policy(true);
        const joined = await submitAs(outsider);
        expect(joined.result.record.selfRegistered).to.equal(true);
        expect(joined.event?.payload).to.deep.nested.include({ 'record.selfRegistered': true });
        const kase = await ledger.evaluate<CaseRecord>(caller('clerk'), 'case', 'get', [OWN]);
        expect(kase.participants.at(-1)).to.deep.equal({
            id: 'p-9',
            via: 'self',
            since: joined.result.record.submittedAt,
            txId: joined.txId,
        });
        const read = await ledger.evaluate<EvidenceRecord>(outsider, 'evidence', 'get', [evidenceId]);
        expect(read.evidenceId).to.equal(evidenceId);
        const participantAgain = await submitAs(actors.party);
        expect(participantAgain.result.record.selfRegistered).to.equal(undefined);
    });
});
