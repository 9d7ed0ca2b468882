import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { createAgreement, signer } from '../support/enforcement';
import { startGateway, type Harness } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';

interface Agreement {
    agreementId: string;
    status: string;
    amountDue: number;
    paidTotal: number;
    trigger?: { caseId: string; instalmentNo: number; outstanding: number };
    blockNumber: number;
}

interface Case {
    caseId: string;
    status: string;
    amountDue: number;
    outstanding: number;
    debtorPseudonym: string;
    trigger?: { agreementId: string; instalmentNo: number; outstanding: number };
}

const DIGEST = 'e4'.repeat(32);

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

forEachMode('enforcement performance agreements (Art. 31, agreed smart contract)', (mode) => {
    let gw: Harness;

    before(async () => {
        gw = await startGateway({ database: mode.database, ledger: mode.ledger });
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    it('a missed instalment opens the enforcement case once, by the scheduler', async () => {
        const creditor = await signer(gw, 'creditor');
        const debtor = await signer(gw, 'debtor');
        const agreementId = `(2026)京0491民调${randomBytes(4).readUInt32BE()}号`;
        const terms = {
            agreementId,
            basis: { documentType: 'mediation-document', sha256: DIGEST },
            instalments: [
                { dueAt: new Date(Date.now() + 1_500).toISOString(), amount: 300_000 },
                { dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), amount: 700_000 },
            ],
            graceDays: 0,
        };
        const created = await createAgreement(gw, terms, creditor, debtor);
        expect(created.record).to.include({ status: 'agreed', amountDue: 1_000_000 });

        const paid = await gw.app.inject({
            method: 'POST',
            url: `/v1/enforcement/agreements/${encodeURIComponent(agreementId)}/payments`,
            headers: gw.auth('enforcement', 'enf-1'),
            payload: { amount: 100_000 },
        });
        expect(paid.statusCode, paid.body).to.equal(200);
        expect(paid.json<Agreement>()).to.include({ status: 'agreed', paidTotal: 100_000 });

        // Before the first instalment is due nothing is in default; a manual check writes nothing.
        expect(await gw.app.enforcementScheduler.tick()).to.deep.equal([]);
        await sleep(1_700);
        // A late retry of the recording (the first instalment is now past due) is the same agreement: 200.
        const retried = await createAgreement(gw, terms, creditor, debtor, 200);
        expect(retried.created).to.equal(false);
        expect(retried.record).to.include({
            agreementId,
            txId: created.record.txId,
            blockNumber: created.record.blockNumber,
            paidTotal: 100_000,
        });

        expect(await gw.app.enforcementScheduler.tick()).to.deep.equal([agreementId]);
        const caseId = `${agreementId}-enf`;
        const opened = await gw.app.inject({
            url: `/v1/enforcement/cases/${encodeURIComponent(caseId)}`,
            headers: gw.auth('party', debtor.sub),
        });
        expect(opened.statusCode, opened.body).to.equal(200);
        const record = opened.json<Case>();
        expect(record).to.include({ status: 'open', amountDue: 900_000, debtorPseudonym: debtor.pseudonym });
        expect(record.trigger).to.include({ agreementId, instalmentNo: 1, outstanding: 900_000 });

        // Checking again opens nothing: the agreement is defaulted.
        const again = await gw.app.inject({
            method: 'POST',
            url: `/v1/enforcement/agreements/${encodeURIComponent(agreementId)}/check-due`,
            headers: gw.auth('subsystem', 'enforcement-scheduler'),
        });
        expect(again.statusCode, again.body).to.equal(200);
        const outcome = again.json<{ agreement: Agreement; opened?: Case }>();
        expect(outcome.opened).to.equal(undefined);
        expect(outcome.agreement.status).to.equal('defaulted');
        expect(outcome.agreement.trigger).to.include({ caseId, instalmentNo: 1 });
        expect(await gw.app.enforcementScheduler.tick()).to.deep.equal([]);
    });
});
