import { expect } from 'chai';
import { AnchorContract } from '../../src/contracts/anchor';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import type { AnchorRecord } from '../../src/domain/anchor/model';
import { courtIdentity, expectCode, FakeLedger, viaGateway, type Caller } from '../helpers/fake-ledger';

const ROOT = '9a'.repeat(32);
const subsystem = courtIdentity('subsystem', 'trial.subsystem');

describe('AnchorContract', () => {
    let ledger: FakeLedger;
    const contract = new AnchorContract();

    beforeEach(() => {
        ledger = new FakeLedger();
    });

    function record(
        caller: Caller,
        batchId = 'b-1',
        rootHash = ROOT,
        treeSize = '3',
        kinds = '["case-file"]',
        sources = '["trial"]',
    ) {
        return ledger.run<AnchorRecord>(caller, (ctx) =>
            contract.record(ctx, batchId, rootHash, treeSize, kinds, sources),
        );
    }

    it('records a batch and emits one AnchorRecorded event', async () => {
        const { result, event, txId } = await record(
            subsystem,
            'b-1',
            ROOT,
            '3',
            '["case-file","audio"]',
            '["trial","hearing-recorder"]',
        );
        expect(result).to.deep.equal({
            batchId: 'b-1',
            rootHash: ROOT,
            treeSize: 3,
            kinds: ['case-file', 'audio'],
            sources: ['trial', 'hearing-recorder'],
            recordedBy: { sub: 'trial.subsystem', role: 'subsystem' },
            recordedAt: '2023-11-14T22:13:21.250Z',
            txId,
        });
        expect(event).to.deep.equal({
            name: 'AnchorRecorded',
            payload: canonicalJson({ type: 'AnchorRecorded', record: result }),
        });
        const got = await ledger.run<AnchorRecord>(viaGateway('p-1', 'party'), (ctx) => contract.get(ctx, 'b-1'));
        expect(got.result).to.deep.equal(result);
    });

    it('accepts a subsystem acting through the gateway', async () => {
        const { result } = await record(viaGateway('e-archive', 'subsystem'));
        expect(result.recordedBy).to.deep.equal({ sub: 'e-archive', role: 'subsystem' });
    });

    it('refuses a second batch with the same id (BATCH_EXISTS)', async () => {
        await record(subsystem);
        await expectCode(record(subsystem, 'b-1', 'ff'.repeat(32)), 'BATCH_EXISTS');
    });

    it('is for subsystems only', async () => {
        await expectCode(record(courtIdentity('clerk', 'clerk-1')), 'FORBIDDEN_ROLE');
        await expectCode(record(viaGateway('p-1', 'party')), 'FORBIDDEN_ROLE');
    });

    it('validates its arguments', async () => {
        await expectCode(record(subsystem, ''), 'INVALID_ARGUMENT');
        await expectCode(record(subsystem, 'b-2', ROOT.toUpperCase()), 'INVALID_DIGEST');
        await expectCode(record(subsystem, 'b-2', ROOT, '0'), 'INVALID_ARGUMENT');
        await expectCode(record(subsystem, 'b-2', ROOT, '3', 'case-file'), 'INVALID_ARGUMENT');
        await expectCode(record(subsystem, 'b-2', ROOT, '3', '[]', '["a/b"]'), 'INVALID_ARGUMENT');
        expect(ledger.stub.state.size).to.equal(0);
    });

    it('get answers BATCH_NOT_FOUND for unknown batches', async () => {
        await expectCode(
            ledger.run(subsystem, (ctx) => contract.get(ctx, 'nope')),
            'BATCH_NOT_FOUND',
        );
        await expectCode(
            ledger.run(subsystem, (ctx) => contract.get(ctx, 'bad id')),
            'INVALID_ARGUMENT',
        );
    });
});
