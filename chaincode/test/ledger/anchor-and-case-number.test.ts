import { expect } from 'chai';
import type { Actor } from '@court-ledger/ledger-api';
import type { AnchorRecord } from '../../src/domain/anchor/model';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import type { CaseNumberView } from '../../src/domain/shared/case-number';
import { actors } from '../helpers/actors';
import { ContractLedger, expectRefusal } from '../helpers/embedded-ledger';

const ROOT = '9a'.repeat(32);
/** What the gateway passes where a case id goes: the case key (an HMAC under the court pepper). */
const CASE_KEY = 'ck_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2Fy';
const CLEAR = '(2026)京0491民初123号';
const SALT = '0f'.repeat(16);

describe('anchor and casenumber contracts on the embedded ledger', () => {
    let ledger: ContractLedger;

    before(async () => {
        ledger = await ContractLedger.open();
    });

    after(async () => {
        await ledger.close();
    });

    const record = (batchId: string, rootHash = ROOT, treeSize = '3', actor: Actor = actors.platform) =>
        ledger.submit<AnchorRecord>(actor, 'anchor', 'record', [
            batchId,
            rootHash,
            treeSize,
            '["case-file"]',
            '["trial"]',
        ]);

    it('anchor: records a batch at the transaction time and reads it back', async () => {
        const { result, event, timestamp } = await record('b-1');
        expect(result).to.deep.include({ batchId: 'b-1', rootHash: ROOT, treeSize: 3, recordedAt: timestamp });
        expect(result.recordedBy).to.deep.equal({ sub: actors.platform.sub, role: 'subsystem' });
        expect(event).to.deep.equal({ name: 'AnchorRecorded', payload: { type: 'AnchorRecorded', record: result } });
        expect(await ledger.evaluate(actors.party, 'anchor', 'get', ['b-1'])).to.deep.equal(result);
    });

    it('anchor: refuses with each code the contract gives', async () => {
        await record('b-2');
        await expectRefusal(record('b-2', 'ff'.repeat(32)), 'BATCH_EXISTS');
        await expectRefusal(record('b-3', ROOT, '3', actors.clerk), 'FORBIDDEN_ROLE');
        await expectRefusal(record('b-3', ROOT.toUpperCase()), 'INVALID_DIGEST');
        await expectRefusal(record('b-3', ROOT, '0'), 'INVALID_ARGUMENT');
        await expectRefusal(ledger.evaluate(actors.party, 'anchor', 'get', ['b-3']), 'BATCH_NOT_FOUND');
    });

    it('casenumber: keeps the clear number of a write in courtPrivate, for court roles to read', async () => {
        const entry = canonicalJson({ caseNumber: CLEAR, salt: SALT });
        const submitted = await ledger.submit(
            actors.clerk,
            'evidence',
            'submit',
            [CASE_KEY, '1f'.repeat(32), '', '', ''],
            { transient: { caseNumber: entry } },
        );
        expect(JSON.stringify(submitted.event)).to.include(CASE_KEY).and.not.include(CLEAR);
        const view = await ledger.evaluate<CaseNumberView>(actors.clerk, 'casenumber', 'get', [CASE_KEY]);
        expect(view).to.deep.equal({ caseId: CASE_KEY, caseNumber: CLEAR });
    });

    it('casenumber: refuses with each code the contract gives', async () => {
        await expectRefusal(ledger.evaluate(actors.party, 'casenumber', 'get', [CASE_KEY]), 'FORBIDDEN_ROLE');
        await expectRefusal(ledger.evaluate(actors.clerk, 'casenumber', 'get', ['not a case id']), 'INVALID_ARGUMENT');
        await expectRefusal(ledger.evaluate(actors.clerk, 'casenumber', 'get', [`ck_${'A'.repeat(40)}`]), 'NOT_FOUND');
    });
});
