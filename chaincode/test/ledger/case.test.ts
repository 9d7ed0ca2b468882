import { expect } from 'chai';
import type { CaseRecord, CaseTypePolicy } from '../../src/domain/case/model';
import { actors } from '../helpers/actors';
import { ContractLedger, expectRefusal, type Caller, type Certificate } from '../helpers/embedded-ledger';

const CASE = '(2024)京0491民初123号';
const lawyer = { sub: 'l-1', role: 'agent', org: 'CourtMSP' };
const outsider = { sub: 'p-9', role: 'party', org: 'CourtMSP' };

describe('case contract on the embedded ledger', () => {
    let ledger: ContractLedger;
    /** A CourtMSP clerk certificate acting for itself (clerk-1). */
    let clerk: Certificate;
    /** A clerk of court K0001, through that court's gateway. */
    let foreignClerk: Certificate;

    beforeEach(async () => {
        ledger = await ContractLedger.open();
        clerk = await ledger.certificate('CourtMSP', 'clerk-1', { role: 'clerk' });
        foreignClerk = await ledger.gatewayOf('K0001', 'clerk-9', 'clerk');
    });

    afterEach(async () => {
        await ledger.close();
    });

    const register = (caller: Caller = clerk, type = 'civil') =>
        ledger.submit<CaseRecord>(caller, 'case', 'register', [CASE, type]);
    const add = (caller: Caller, participant: string, side: string, agentOf = '') =>
        ledger.submit<CaseRecord>(caller, 'case', 'addParticipant', [CASE, participant, side, agentOf]);
    const get = (caller: Caller, caseId = CASE) => ledger.evaluate<CaseRecord>(caller, 'case', 'get', [caseId]);

    it('registers a case for the caller’s court with one CaseRegistered event; again is a no-op', async () => {
        const { result, event, txId } = await register();
        expect(result).to.deep.include({ caseId: CASE, court: 'K0491', caseType: 'civil', participants: [], txId });
        expect(event?.name).to.equal('CaseRegistered');
        const again = await register(actors.judge);
        expect(again.event).to.equal(undefined);
        expect(again.result).to.deep.equal(result);
        await expectRefusal(register(actors.judge, 'criminal'), 'CONFLICT');
        await expectRefusal(register(foreignClerk), 'CONFLICT');
        await expectRefusal(register(actors.party), 'FORBIDDEN_ROLE');
    });

    it('records participants and agents, emits CaseParticipantsChanged with the whole case, removes them', async () => {
        await register();
        await add(actors.judge, 'p-1', 'plaintiff');
        await add(clerk, 'p-2', 'defendant');
        const withAgent = await add(clerk, 'l-1', 'agent-of', 'p-1');
        expect(withAgent.event).to.deep.equal({
            name: 'CaseParticipantsChanged',
            payload: { type: 'CaseParticipantsChanged', record: withAgent.result },
        });
        expect(withAgent.result.participants.map((p) => [p.id, p.side, p.agentOf ?? null])).to.deep.equal([
            ['p-1', 'plaintiff', null],
            ['p-2', 'defendant', null],
            ['l-1', 'agent-of', 'p-1'],
        ]);
        const removed = await ledger.submit<CaseRecord>(clerk, 'case', 'removeParticipant', [CASE, 'p-2']);
        expect(removed.result.participants.map((p) => p.id)).to.deep.equal(['p-1', 'l-1']);
        await expectRefusal(ledger.submit(clerk, 'case', 'removeParticipant', [CASE, 'p-2']), 'NOT_FOUND');
    });

    it('only the registering court’s clerk or judge manages participants; an unregistered case is CASE_NOT_FOUND', async () => {
        await expectRefusal(add(clerk, 'p-1', 'plaintiff'), 'CASE_NOT_FOUND');
        await expectRefusal(add(actors.party, 'p-1', 'plaintiff'), 'FORBIDDEN_ROLE');
        await register();
        await expectRefusal(add(actors.officer, 'p-1', 'plaintiff'), 'FORBIDDEN_ROLE');
        await expectRefusal(add(actors.party, 'p-9', 'plaintiff'), 'FORBIDDEN_ROLE');
        await expectRefusal(add(foreignClerk, 'p-1', 'plaintiff'), 'NOT_A_PARTICIPANT');
        await expectRefusal(add(clerk, 'l-1', 'agent-of', 'p-1'), 'INVALID_ARGUMENT');
    });

    it('lists participants to the court’s roles and the participants, not to outsiders', async () => {
        await register();
        await add(clerk, 'p-1', 'plaintiff');
        await add(clerk, 'l-1', 'agent-of', 'p-1');
        for (const caller of [clerk, actors.judge, actors.officer, actors.party, lawyer]) {
            expect((await get(caller)).participants).to.have.length(2);
        }
        await expectRefusal(get(outsider), 'NOT_A_PARTICIPANT');
        await expectRefusal(get(foreignClerk), 'NOT_A_PARTICIPANT');
        await expectRefusal(get(actors.party, 'C-UNKNOWN'), 'NOT_A_PARTICIPANT');
        await expectRefusal(get(clerk, 'C-UNKNOWN'), 'CASE_NOT_FOUND');
    });

    it('sets a case-type policy of the caller’s court (CasePolicySet)', async () => {
        const { result, event } = await ledger.submit<CaseTypePolicy>(actors.judge, 'case', 'setPolicy', [
            'civil',
            'true',
        ]);
        expect(result).to.deep.include({ court: 'K0491', caseType: 'civil', selfRegistration: true });
        expect(event?.name).to.equal('CasePolicySet');
        await expectRefusal(ledger.submit(actors.party, 'case', 'setPolicy', ['civil', 'true']), 'FORBIDDEN_ROLE');
        await expectRefusal(ledger.submit(clerk, 'case', 'setPolicy', ['civil', 'yes']), 'INVALID_ARGUMENT');
    });
});
