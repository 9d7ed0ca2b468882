import { expect } from 'chai';
import { CaseContract } from '../../src/contracts/case';
import type { CaseRecord, CaseTypePolicy } from '../../src/domain/case/model';
import { canonicalJson } from '../../src/domain/shared/canonical-json';
import { courtIdentity, expectCode, FakeLedger, viaGateway, type Caller } from '../helpers/fake-ledger';

const CASE = '(2024)京0491民初123号';
const clerk = courtIdentity('clerk', 'clerk-1');
const judge = viaGateway('judge-1', 'judge');
const enforcement = viaGateway('enf-1', 'enforcement');
const foreignClerk: Caller = { ...viaGateway('clerk-9', 'clerk'), court: 'K0001' };
const plaintiff = viaGateway('p-1', 'party');
const lawyer = viaGateway('l-1', 'agent');
const outsider = viaGateway('p-9', 'party');

describe('CaseContract', () => {
    const contract = new CaseContract();
    let ledger: FakeLedger;

    beforeEach(() => {
        ledger = new FakeLedger();
    });

    const register = (caller: Caller = clerk, type = 'civil') =>
        ledger.run<CaseRecord>(caller, (ctx) => contract.register(ctx, CASE, type));
    const add = (caller: Caller, participant: string, side: string, agentOf = '') =>
        ledger.run<CaseRecord>(caller, (ctx) => contract.addParticipant(ctx, CASE, participant, side, agentOf));
    const get = (caller: Caller) => ledger.run<CaseRecord>(caller, (ctx) => contract.get(ctx, CASE));

    it('registers a case for the caller’s court with one CaseRegistered event; again is a no-op', async () => {
        const { result, event, txId } = await register();
        expect(result).to.deep.include({ caseId: CASE, court: 'K0491', caseType: 'civil', participants: [], txId });
        expect(event?.name).to.equal('CaseRegistered');
        const again = await register(judge);
        expect(again.event).to.equal(undefined);
        expect(again.result).to.deep.equal(result);
        await expectCode(register(judge, 'criminal'), 'CONFLICT');
        await expectCode(register(foreignClerk), 'CONFLICT');
        await expectCode(register(plaintiff), 'FORBIDDEN_ROLE');
    });

    it('records participants and agents, emits CaseParticipantsChanged with the whole case, removes them', async () => {
        await register();
        await add(judge, 'p-1', 'plaintiff');
        await add(clerk, 'p-2', 'defendant');
        const withAgent = await add(clerk, 'l-1', 'agent-of', 'p-1');
        expect(withAgent.event).to.deep.equal({
            name: 'CaseParticipantsChanged',
            payload: canonicalJson({ type: 'CaseParticipantsChanged', record: withAgent.result }),
        });
        expect(withAgent.result.participants.map((p) => [p.id, p.side, p.agentOf ?? null])).to.deep.equal([
            ['p-1', 'plaintiff', null],
            ['p-2', 'defendant', null],
            ['l-1', 'agent-of', 'p-1'],
        ]);
        const removed = await ledger.run<CaseRecord>(clerk, (ctx) => contract.removeParticipant(ctx, CASE, 'p-2'));
        expect(removed.result.participants.map((p) => p.id)).to.deep.equal(['p-1', 'l-1']);
        await expectCode(
            ledger.run(clerk, (ctx) => contract.removeParticipant(ctx, CASE, 'p-2')),
            'NOT_FOUND',
        );
    });

    it('only the registering court’s clerk or judge manages participants; an unregistered case is CASE_NOT_FOUND', async () => {
        await expectCode(add(clerk, 'p-1', 'plaintiff'), 'CASE_NOT_FOUND');
        await expectCode(add(plaintiff, 'p-1', 'plaintiff'), 'FORBIDDEN_ROLE');
        await register();
        await expectCode(add(enforcement, 'p-1', 'plaintiff'), 'FORBIDDEN_ROLE');
        await expectCode(add(plaintiff, 'p-9', 'plaintiff'), 'FORBIDDEN_ROLE');
        await expectCode(add(foreignClerk, 'p-1', 'plaintiff'), 'NOT_A_PARTICIPANT');
        await expectCode(add(clerk, 'l-1', 'agent-of', 'p-1'), 'INVALID_ARGUMENT');
    });

    it('lists participants to the court’s roles and the participants, not to outsiders', async () => {
        await register();
        await add(clerk, 'p-1', 'plaintiff');
        await add(clerk, 'l-1', 'agent-of', 'p-1');
        for (const caller of [clerk, judge, enforcement, plaintiff, lawyer]) {
            expect((await get(caller)).result.participants).to.have.length(2);
        }
        await expectCode(get(outsider), 'NOT_A_PARTICIPANT');
        await expectCode(get(foreignClerk), 'NOT_A_PARTICIPANT');
        await expectCode(
            ledger.run(plaintiff, (ctx) => contract.get(ctx, 'C-UNKNOWN')),
            'NOT_A_PARTICIPANT',
        );
        await expectCode(
            ledger.run(clerk, (ctx) => contract.get(ctx, 'C-UNKNOWN')),
            'CASE_NOT_FOUND',
        );
    });

    it('sets a case-type policy of the caller’s court (CasePolicySet)', async () => {
        const { result, event } = await ledger.run<CaseTypePolicy>(judge, (ctx) =>
            contract.setPolicy(ctx, 'civil', 'true'),
        );
        expect(result).to.deep.include({ court: 'K0491', caseType: 'civil', selfRegistration: true });
        expect(event?.name).to.equal('CasePolicySet');
        await expectCode(
            ledger.run(plaintiff, (ctx) => contract.setPolicy(ctx, 'civil', 'true')),
            'FORBIDDEN_ROLE',
        );
        await expectCode(
            ledger.run(clerk, (ctx) => contract.setPolicy(ctx, 'civil', 'yes')),
            'INVALID_ARGUMENT',
        );
    });
});
