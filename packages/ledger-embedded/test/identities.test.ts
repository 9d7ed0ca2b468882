import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ClientIdentity, type ChaincodeStub } from 'fabric-shim';
import { createEmbeddedLedger } from '../src';
import { ChaincodeStub as ShimStub } from '../src/fabric-internals';
import { TxSimulator } from '../src/handler';
import { loadOrCreateIdentities } from '../src/identities';
import { buildProposal } from '../src/proposal';
import type { Ledger } from '@court-ledger/ledger-api';
import { closeStates, counter, counterModule, openState, removeTempDirs, tempDir, text } from './helpers/fixtures';
import { createTestLedger, type TestLedger } from './helpers/testing';

interface WhoAmI {
    mspId: string;
    id: string;
    role: string | null;
    court: string | null;
    actor: string | null;
    txId: string;
    channel: string;
    timestamp: string;
}

describe('embedded ledger: identities', function () {
    after(async function () {
        await closeStates();
        removeTempDirs();
    });

    it('generates Fabric-CA-style certificates that fabric-shim ClientIdentity parses', async function () {
        const dataDir = tempDir();
        const ids = await loadOrCreateIdentities(dataDir, { court: 'beijing-internet-court' });
        const built = buildProposal({
            identity: ids.court,
            channel: 'court',
            chaincodeName: 'court-ledger',
            args: ['counter:whoami'],
            transient: new Map(),
            timestamp: new Date(),
        });
        const stub = new ShimStub(
            new TxSimulator({
                state: await openState(),
                channel: 'court',
                txId: built.txId,
                chaincodeName: 'court-ledger',
                collections: undefined,
            }),
            'court',
            built.txId,
            built.input,
            built.signedProposal,
        );
        const identity = new ClientIdentity(stub as unknown as ChaincodeStub);
        expect(identity.getMSPID()).to.equal('CourtMSP');
        expect(identity.getID()).to.equal(
            'x509::/CN=court-gateway/OU=client/O=CourtMSP::/CN=ca.courtmsp.court-ledger.local/O=CourtMSP',
        );
        expect(identity.getAttributeValue('role')).to.equal('gateway');
        expect(identity.getAttributeValue('court')).to.equal('beijing-internet-court');
        expect(identity.getAttributeValue('hf.EnrollmentID')).to.equal('court-gateway');

        // The client certificate chains to the org CA; keys are private to the owner.
        const cert = new X509Certificate(ids.court.certificate);
        const ca = new X509Certificate(ids.authorities[0]!.certificate);
        expect(cert.verify(ca.publicKey)).to.equal(true);
        expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).to.equal('prime256v1');
        expect(cert.publicKey.asymmetricKeyDetails).to.not.equal(undefined);
        expect(cert.checkIssued(ca)).to.equal(true);

        const agency = new X509Certificate(ids.agency.certificate);
        expect(agency.subject).to.contain('O=AgencyMSP');
        expect(agency.verify(new X509Certificate(ids.authorities[1]!.certificate).publicKey)).to.equal(true);

        // Generated once: a second load reads the same material.
        const again = await loadOrCreateIdentities(dataDir, { court: 'ignored' });
        expect(again.court.certificate).to.equal(ids.court.certificate);
        expect(again.node.publicKey).to.equal(ids.node.publicKey);
        expect(readFileSync(path.join(dataDir, 'msp', 'CourtMSP', 'gateway', 'cert.pem'), 'utf8')).to.equal(
            ids.court.certificate,
        );
    });

    describe('in transactions', function () {
        let ledger: Ledger;

        before(async function () {
            ledger = await createEmbeddedLedger({ dataDir: tempDir(), chaincodeModulePath: counterModule() });
        });

        after(async function () {
            await ledger.close();
        });

        it('submits as the CourtMSP gateway with the actor in the transient map', async function () {
            const actor = { sub: 'u-17', role: 'judge', org: 'CourtMSP' };
            const seen = JSON.parse(text(await ledger.evaluate(counter('whoami', [], { actor })))) as WhoAmI;
            expect(seen).to.include({ mspId: 'CourtMSP', role: 'gateway', court: 'court', channel: 'court' });
            expect(seen.actor).to.equal('{"org":"CourtMSP","role":"judge","sub":"u-17"}');
            expect(seen.txId).to.match(/^[0-9a-f]{64}$/);
            expect(Date.parse(seen.timestamp)).to.be.closeTo(Date.now(), 5000);
        });

        it('submits as the AgencyMSP identity (role=agency) for agency actors', async function () {
            const actor = { sub: 'agency-3', role: 'agency', org: 'AgencyMSP' };
            const committed = await ledger.submit(counter('whoami', [], { actor }));
            const seen = JSON.parse(text(committed.result)) as WhoAmI;
            expect(seen).to.include({ mspId: 'AgencyMSP', role: 'agency', court: null });
            expect(seen.id).to.contain('/CN=agency-gateway/');
            expect(seen.timestamp).to.equal(committed.timestamp);
            expect(seen.txId).to.equal(committed.txId);
        });
    });

    describe('acting as a certificate of its own CA (the test entry)', function () {
        let ledger: TestLedger;

        before(async function () {
            ledger = await createTestLedger({ dataDir: tempDir(), chaincodeModulePath: counterModule() });
        });

        after(async function () {
            await ledger.close();
        });

        it('signs with a certificate the CA of the organisation issues, with the given CN and attributes only', async function () {
            const subsystem = await ledger.callerFor('CourtMSP', {
                commonName: 'trial.subsystem',
                attrs: { role: 'subsystem', court: 'K0491' },
            });
            const committed = await subsystem.submit({ contract: 'counter', fn: 'whoami', args: [] });
            const seen = JSON.parse(text(committed.result)) as WhoAmI;
            expect(seen).to.include({ mspId: 'CourtMSP', role: 'subsystem', court: 'K0491', actor: null });
            expect(seen.id).to.equal(
                'x509::/CN=trial.subsystem/OU=client/O=CourtMSP::/CN=ca.courtmsp.court-ledger.local/O=CourtMSP',
            );
            expect(seen.txId).to.equal(committed.txId);

            const roleless = await ledger.callerFor('AgencyMSP', { commonName: 'nobody', attrs: {} });
            const transient = { actor: Buffer.from('{"sub":"a-1"}') };
            const bare = JSON.parse(
                text(await roleless.evaluate({ contract: 'counter', fn: 'whoami', args: [], transient })),
            ) as WhoAmI;
            expect(bare).to.include({ mspId: 'AgencyMSP', role: null, court: null, actor: '{"sub":"a-1"}' });
        });

        it('has no CA, and so no caller, for an organisation outside the channel', async function () {
            const refused = await ledger.callerFor('OtherMSP', { commonName: 'x', attrs: { role: 'clerk' } }).then(
                () => undefined,
                (error: unknown) => error,
            );
            expect(String(refused)).to.match(/no certificate authority for OtherMSP/);
        });
    });
});
