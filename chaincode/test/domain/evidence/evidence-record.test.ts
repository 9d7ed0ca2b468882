import { expect } from 'chai';
import fc from 'fast-check';
import { TERMINAL_STATUSES } from '../../../src/domain/evidence/evidence-lifecycle';
import { assertSameSubmission, newEvidenceRecord, recordCustody } from '../../../src/domain/evidence/evidence-record';
import { deriveEvidenceId, parseSubmission, type SubmitArgs } from '../../../src/domain/evidence/evidence-validation';
import { CUSTODY_EVENTS, type EvidenceRecord } from '../../../src/domain/evidence/model';
import type { Actor } from '../../../src/domain/shared/actor';
import { LedgerError } from '../../../src/domain/shared/errors';
import { expectThrowsCode } from '../../helpers/codes';

const SHA = 'ab'.repeat(32);
const SM3 = 'cd'.repeat(32);
const args: SubmitArgs = { caseId: 'C-1', sha256: SHA, sm3: SM3, size: '10', mediaType: 'Application/PDF' };
const party: Actor = { sub: 'p-1', role: 'party', org: 'CourtMSP' };

describe('evidence records', () => {
    it('parses a submission, omitting absent optional fields', () => {
        expect(parseSubmission(args)).to.deep.equal({
            caseId: 'C-1',
            digests: { sha256: SHA, sm3: SM3 },
            size: 10,
            mediaType: 'application/pdf',
        });
        const minimal = parseSubmission({ ...args, sm3: '', size: '', mediaType: '' });
        expect(minimal).to.deep.equal({ caseId: 'C-1', digests: { sha256: SHA } });
        expect(Object.keys(minimal)).to.deep.equal(['caseId', 'digests']);
    });

    it('names the offending field', () => {
        const cases: [Partial<SubmitArgs>, string, string][] = [
            [{ caseId: '' }, 'INVALID_ARGUMENT', 'caseId'],
            [{ sha256: 'x' }, 'INVALID_DIGEST', 'sha256'],
            [{ sm3: SHA.toUpperCase() }, 'INVALID_DIGEST', 'sm3'],
            [{ size: '-1' }, 'INVALID_ARGUMENT', 'size'],
            [{ mediaType: 'pdf' }, 'INVALID_ARGUMENT', 'mediaType'],
        ];
        for (const [patch, code, field] of cases) {
            expect(() => parseSubmission({ ...args, ...patch }))
                .to.throw(LedgerError)
                .that.includes({ code, field });
        }
    });

    it('builds a submitted record keyed by (case, sha256, submitter)', () => {
        const record = newEvidenceRecord(parseSubmission(args), party, '2024-01-01T00:00:00.000Z', 'tx1');
        expect(record).to.deep.equal({
            evidenceId: deriveEvidenceId('C-1', SHA, 'p-1'),
            caseId: 'C-1',
            digests: { sha256: SHA, sm3: SM3 },
            size: 10,
            mediaType: 'application/pdf',
            submitter: { sub: 'p-1', role: 'party' },
            status: 'submitted',
            submittedAt: '2024-01-01T00:00:00.000Z',
            txId: 'tx1',
            custody: [],
        });
    });

    it('detects a re-submission with different attributes', () => {
        const record = newEvidenceRecord(parseSubmission(args), party, 't', 'tx1');
        assertSameSubmission(record, parseSubmission(args));
        for (const patch of [{ sm3: '' }, { sm3: SHA }, { size: '11' }, { size: '' }, { mediaType: 'image/png' }]) {
            expectThrowsCode(() => {
                assertSameSubmission(record, parseSubmission({ ...args, ...patch }));
            }, 'CONFLICT');
        }
    });

    it('appends custody entries without modifying the input', () => {
        const record = newEvidenceRecord(parseSubmission(args), party, 't0', 'tx1');
        const clerk: Actor = { sub: 'clerk-1', role: 'clerk', org: 'CourtMSP' };
        const exchanged = recordCustody(record, 'exchange', clerk, undefined, 't1', 'tx2');
        const challenged = recordCustody(exchanged, 'challenge', { ...party, sub: 'p-2' }, SHA, 't2', 'tx3');
        expect(record.custody).to.have.length(0);
        expect(challenged.status).to.equal('challenged');
        expect(challenged.custody).to.deep.equal([
            { event: 'exchange', status: 'exchanged', actor: { sub: 'clerk-1', role: 'clerk' }, at: 't1', txId: 'tx2' },
            {
                event: 'challenge',
                status: 'challenged',
                actor: { sub: 'p-2', role: 'party' },
                noteSha256: SHA,
                at: 't2',
                txId: 'tx3',
            },
        ]);
        // After a challenge at the exchange stage the court continues with presentation.
        expect(recordCustody(challenged, 'present', clerk, undefined, 't3', 'tx4').status).to.equal('presented');
    });

    it('keeps its invariants under any sequence of attempted events', () => {
        const actors: Actor[] = [
            party,
            { sub: 'p-2', role: 'party', org: 'CourtMSP' },
            { sub: 'a-2', role: 'agent', org: 'CourtMSP' },
            { sub: 'clerk-1', role: 'clerk', org: 'CourtMSP' },
            { sub: 'judge-1', role: 'judge', org: 'CourtMSP' },
            { sub: 'enf-1', role: 'enforcement', org: 'CourtMSP' },
        ];
        const attempt = fc.record({ event: fc.constantFrom(...CUSTODY_EVENTS), actor: fc.constantFrom(...actors) });
        fc.assert(
            fc.property(fc.array(attempt, { maxLength: 20 }), (attempts) => {
                let record: EvidenceRecord = newEvidenceRecord(parseSubmission(args), party, 't', 'tx0');
                for (const [i, { event, actor }] of attempts.entries()) {
                    const before = record;
                    try {
                        record = recordCustody(record, event, actor, undefined, `t${i}`, `tx${i + 1}`);
                    } catch (error) {
                        expect(error).to.be.instanceOf(LedgerError);
                        continue;
                    }
                    expect(TERMINAL_STATUSES).to.not.include(before.status);
                    expect(record.custody).to.have.length(before.custody.length + 1);
                }
                const statuses = record.custody.map((entry) => entry.status);
                if (record.status === 'admitted') {
                    expect(statuses).to.include('cross-examined');
                }
                if (record.status === 'withdrawn') {
                    expect(record.custody.at(-1)?.actor.sub).to.equal(party.sub);
                    expect(statuses).to.not.include('presented');
                }
                for (const entry of record.custody) {
                    if (entry.event === 'challenge') {
                        expect(entry.actor.sub).to.not.equal(party.sub);
                    }
                    if (!['challenge', 'withdraw'].includes(entry.event)) {
                        expect(['clerk', 'judge']).to.include(entry.actor.role);
                    }
                }
            }),
        );
    });
});
