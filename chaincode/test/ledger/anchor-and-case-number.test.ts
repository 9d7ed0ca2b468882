import { expect } from 'chai';
import type { Actor } from '@court-ledger/ledger-api';
import type { AnchorRecord } from '../../src/domain/anchor/model';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import type { CaseNumberView } from '../../src/domain/shared/case-number';
import { actors } from '../helpers/actors';
import { ContractLedger, expectRefusal, type Caller } from '../helpers/embedded-ledger';

const ROOT = '9a'.repeat(32);
/** What the gateway passes where a case id goes: the case key (an HMAC under the court pepper it alone holds). */
const CASE_KEY = 'ck_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2Fy';
const CLEAR = '(2026)京0491民初123号';
const SALT = '0f'.repeat(16);
const ENTRY = canonicalJson({ caseNumber: CLEAR, salt: SALT });

describe('anchor and casenumber contracts on the embedded ledger', () => {
    let ledger: ContractLedger;

    before(async () => {
        ledger = await ContractLedger.open();
    });

    after(async () => {
        await ledger.close();
    });

    const record = (
        batchId: string,
        rootHash = ROOT,
        treeSize = '3',
        caller: Caller = actors.platform,
        kinds = '["case-file"]',
        sources = '["trial"]',
    ) => ledger.submit<AnchorRecord>(caller, 'anchor', 'record', [batchId, rootHash, treeSize, kinds, sources]);

    it('anchor: records a batch at the transaction time and reads it back', async () => {
        const { result, event, timestamp, txId } = await record(
            'b-1',
            ROOT,
            '3',
            actors.platform,
            '["case-file","audio"]',
            '["trial","hearing-recorder"]',
        );
        expect(result).to.deep.equal({
            batchId: 'b-1',
            rootHash: ROOT,
            treeSize: 3,
            kinds: ['case-file', 'audio'],
            sources: ['trial', 'hearing-recorder'],
            recordedBy: { sub: actors.platform.sub, role: 'subsystem' },
            recordedAt: timestamp,
            txId,
        });
        expect(event).to.deep.equal({ name: 'AnchorRecorded', payload: { type: 'AnchorRecorded', record: result } });
        expect(await ledger.evaluate(actors.party, 'anchor', 'get', ['b-1'])).to.deep.equal(result);
    });

    it('anchor: refuses with each code the contract gives, committing nothing', async () => {
        await record('b-2');
        const height = await ledger.height();
        await expectRefusal(record('b-2', 'ff'.repeat(32)), 'BATCH_EXISTS');
        await expectRefusal(record('b-3', ROOT, '3', actors.clerk), 'FORBIDDEN_ROLE');
        await expectRefusal(record('b-3', ROOT, '3', actors.party), 'FORBIDDEN_ROLE');
        await expectRefusal(record(''), 'INVALID_ARGUMENT');
        await expectRefusal(record('b-3', ROOT.toUpperCase()), 'INVALID_DIGEST');
        await expectRefusal(record('b-3', ROOT, '0'), 'INVALID_ARGUMENT');
        await expectRefusal(record('b-3', ROOT, '3', actors.platform, 'case-file'), 'INVALID_ARGUMENT');
        await expectRefusal(record('b-3', ROOT, '3', actors.platform, '[]', '["a/b"]'), 'INVALID_ARGUMENT');
        await expectRefusal(ledger.evaluate(actors.party, 'anchor', 'get', ['b-3']), 'BATCH_NOT_FOUND');
        await expectRefusal(ledger.evaluate(actors.party, 'anchor', 'get', ['bad id']), 'INVALID_ARGUMENT');
        expect(await ledger.height()).to.equal(height);
    });

    describe('case numbers: keyed on chain, clear only in courtPrivate', () => {
        /** The party takes part in the case (evidence needs it, README "Case participation"). */
        const party: Actor = { sub: 'ab'.repeat(32), role: 'party', org: 'CourtMSP' };
        const court = (role: string): Actor => ({ sub: 'ef'.repeat(32), role, org: 'CourtMSP' });
        let registered = false;
        let sha = 0;

        async function submit(transient: Record<string, string>) {
            if (!registered) {
                await ledger.registerCase(actors.clerk, CASE_KEY, [party]);
                registered = true;
            }
            sha += 1;
            const digest = sha.toString(16).padStart(2, '0').repeat(32);
            return ledger.submit(party, 'evidence', 'submit', [CASE_KEY, digest, '', '', ''], { transient });
        }

        const get = (caller: Caller, caseId = CASE_KEY) =>
            ledger.evaluate<CaseNumberView>(caller, 'casenumber', 'get', [caseId]);

        it('treats the case id as opaque: without the transient field nothing private is kept', async () => {
            const { txId } = await submit({});
            expect((await ledger.writes(txId)).private).to.deep.equal([]);
            await expectRefusal(get(actors.clerk), 'NOT_FOUND');
        });

        it('keeps the clear number and its salt in courtPrivate, never in a block in clear', async () => {
            const { txId } = await submit({ caseNumber: ENTRY });
            expect((await ledger.writes(txId)).private).to.deep.equal(['courtPrivate']);
            const publicText = (await ledger.publicText()).join('\n');
            expect(publicText).to.include(CASE_KEY);
            expect(publicText).to.not.include(CLEAR);
            expect(publicText).to.not.include('京0491');
            expect(publicText).to.not.include(SALT);
            expect(await get(actors.clerk)).to.deep.equal({ caseId: CASE_KEY, caseNumber: CLEAR });
        });

        it('lets court roles and subsystems read a clear number, nobody else', async () => {
            for (const role of ['clerk', 'judge', 'enforcement', 'subsystem']) {
                expect((await get(court(role))).caseNumber).to.equal(CLEAR);
            }
            await expectRefusal(get(party), 'FORBIDDEN_ROLE');
            await expectRefusal(get(court('agent')), 'FORBIDDEN_ROLE');
            await expectRefusal(get(actors.clerk, 'not a case id'), 'INVALID_ARGUMENT');
            await expectRefusal(get(actors.clerk, `ck_${'A'.repeat(40)}`), 'NOT_FOUND');
        });

        it('refuses a malformed caseNumber field, committing nothing', async () => {
            await submit({});
            const height = await ledger.height();
            await expectRefusal(submit({ caseNumber: '{"caseNumber":' }), 'INVALID_ARGUMENT');
            await expectRefusal(submit({ caseNumber: canonicalJson({ caseNumber: CLEAR }) }), 'INVALID_ARGUMENT');
            expect(await ledger.height()).to.equal(height);
        });

        it('is kept by case:register too, the case record naming the key only', async () => {
            const key = 'ck_cmVnaXN0ZXJlZGNhc2VrZXlvZnRoZWNvdXJ0c3BlcHBlcg';
            const { event, txId } = await ledger.submit(actors.clerk, 'case', 'register', [key, 'civil'], {
                transient: { caseNumber: ENTRY },
            });
            expect(event?.name).to.equal('CaseRegistered');
            expect(JSON.stringify(event?.payload)).to.include(key).and.not.include('京0491');
            expect((await ledger.writes(txId)).private).to.deep.equal(['courtPrivate']);
            expect(await get(actors.clerk, key)).to.deep.equal({ caseId: key, caseNumber: CLEAR });
        });
    });
});
