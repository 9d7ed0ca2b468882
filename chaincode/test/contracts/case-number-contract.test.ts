import { expect } from 'chai';
import { CaseContract } from '../../src/contracts/case';
import { CaseNumberContract } from '../../src/contracts/case-number';
import { CASE_NUMBER_KEY, COURT_PRIVATE_COLLECTION } from '../../src/contracts/court-context';
import { EvidenceContract } from '../../src/contracts/evidence';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import { parseCaseNumberEntry, type CaseNumberView } from '../../src/domain/shared/case-number';
import { seedCase } from '../helpers/cases';
import { expectCode, expectThrowsCode, FakeLedger, viaGateway } from '../helpers/fake-ledger';

/** What the gateway passes where a case id goes: the case key (an HMAC under the court pepper it alone holds). */
const CASE_KEY = 'ck_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2Fy';
const CLEAR = '(2026)京0491民初123号';
const SALT = '0f'.repeat(16);
const SHA = '1f'.repeat(32);

const party = viaGateway('ab'.repeat(32), 'party');
const clerk = viaGateway('cd'.repeat(32), 'clerk');

describe('case numbers: keyed on chain, clear only in courtPrivate', () => {
    let ledger: FakeLedger;
    const evidence = new EvidenceContract();
    const numbers = new CaseNumberContract();

    beforeEach(() => {
        ledger = new FakeLedger();
        // The party takes part in the case (evidence needs it, README "Case participation").
        seedCase(ledger, CASE_KEY, [{ id: 'ab'.repeat(32) }]);
    });

    function submit(transient: Record<string, string>) {
        return ledger.run(party, (ctx) => evidence.submit(ctx, CASE_KEY, SHA, '', '', ''), transient);
    }

    function get(caller = clerk, caseId = CASE_KEY) {
        return ledger.run<CaseNumberView>(caller, (ctx) => numbers.get(ctx, caseId));
    }

    it('keeps the clear number and its salt in courtPrivate, never in public state or the event', async () => {
        const entry = canonicalJson({ caseNumber: CLEAR, salt: SALT });
        const { event } = await submit({ caseNumber: entry });
        const privateKey = ledger.stub.createCompositeKey(CASE_NUMBER_KEY, [CASE_KEY]);
        expect(ledger.stub.privateState.get(COURT_PRIVATE_COLLECTION)?.get(privateKey)?.toString()).to.equal(entry);
        const publicText = [
            ...ledger.stub.publicWriteLog.map(({ key, value }) => `${key} ${value.toString('utf8')}`),
            `${event?.name ?? ''} ${event?.payload ?? ''}`,
        ].join('\n');
        expect(publicText).to.include(CASE_KEY);
        expect(publicText).to.not.include(CLEAR);
        expect(publicText).to.not.include('京0491');
        expect((await get()).result).to.deep.equal({ caseId: CASE_KEY, caseNumber: CLEAR });
    });

    it('treats the case id as opaque: without the transient field nothing private is kept', async () => {
        await submit({});
        expect(ledger.stub.privateState.size).to.equal(0);
        await expectCode(get(), 'NOT_FOUND');
    });

    it('lets court roles and subsystems read a clear number, nobody else', async () => {
        await submit({ caseNumber: canonicalJson({ caseNumber: CLEAR, salt: SALT }) });
        for (const role of ['clerk', 'judge', 'enforcement', 'subsystem']) {
            expect((await get(viaGateway('ef'.repeat(32), role))).result.caseNumber).to.equal(CLEAR);
        }
        await expectCode(get(party), 'FORBIDDEN_ROLE');
        await expectCode(get(viaGateway('ef'.repeat(32), 'agent')), 'FORBIDDEN_ROLE');
        await expectCode(get(clerk, 'not a case id'), 'INVALID_ARGUMENT');
    });

    it('refuses a malformed caseNumber field without writing', async () => {
        await expectCode(submit({ caseNumber: '{"caseNumber":' }), 'INVALID_ARGUMENT');
        await expectCode(submit({ caseNumber: canonicalJson({ caseNumber: CLEAR }) }), 'INVALID_ARGUMENT');
        expect(ledger.stub.state.size, 'only the seeded case').to.equal(1);
        expect(ledger.stub.privateState.size).to.equal(0);
    });

    it('is kept by case:register too, the case record naming the key only', async () => {
        const key = 'ck_cmVnaXN0ZXJlZGNhc2VrZXlvZnRoZWNvdXJ0c3BlcHBlcg';
        const entry = canonicalJson({ caseNumber: CLEAR, salt: SALT });
        const { event } = await ledger.run(clerk, (ctx) => new CaseContract().register(ctx, key, 'civil'), {
            caseNumber: entry,
        });
        expect(event?.name).to.equal('CaseRegistered');
        expect(event?.payload).to.include(key).and.not.include('京0491');
        expect((await get(clerk, key)).result).to.deep.equal({ caseId: key, caseNumber: CLEAR });
    });

    describe('parseCaseNumberEntry', () => {
        const table: [string, unknown, string | undefined][] = [
            ['a clear number and salt', { caseNumber: CLEAR, salt: SALT }, undefined],
            ['no salt', { caseNumber: CLEAR }, 'caseNumber'],
            ['an extra field', { caseNumber: CLEAR, salt: SALT, sub: 'x' }, 'caseNumber'],
            ['a number with a space', { caseNumber: 'C 1', salt: SALT }, 'caseNumber.caseNumber'],
            ['a number of 65 characters', { caseNumber: 'C'.repeat(65), salt: SALT }, 'caseNumber.caseNumber'],
            ['an upper-case salt', { caseNumber: CLEAR, salt: SALT.toUpperCase() }, 'caseNumber.salt'],
            ['an array', [CLEAR, SALT], 'caseNumber'],
        ];
        for (const [name, value, field] of table) {
            it(`${field === undefined ? 'accepts' : 'refuses'} ${name}`, () => {
                if (field === undefined) {
                    expect(parseCaseNumberEntry(value)).to.deep.equal(value);
                    return;
                }
                expectThrowsCode(() => parseCaseNumberEntry(value), 'INVALID_ARGUMENT');
                expect(() => parseCaseNumberEntry(value)).to.throw(`field=${field};`);
            });
        }
    });
});
