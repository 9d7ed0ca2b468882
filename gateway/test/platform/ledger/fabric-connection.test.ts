import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../../src/config';
import { loadFabricSettings } from '../../../src/platform/ledger/fabric/connection';

describe('Fabric connection settings', () => {
    let dir: string;
    const file = (name: string) => path.join(dir, name);

    before(async () => {
        dir = await mkdtemp(path.join(os.tmpdir(), 'fabric-settings-'));
        for (const name of ['tls.pem', 'cert.pem', 'key.pem', 'ca.pem', 'other-cert.pem', 'orderer-ca.pem']) {
            await writeFile(file(name), `contents of ${name}`);
        }
        await writeFile(
            file('connection.json'),
            JSON.stringify({
                channel: 'court',
                chaincode: 'court-ledger',
                orderer: { mspId: 'OrdererMSP', caCertPath: file('orderer-ca.pem') },
                orgs: {
                    CourtMSP: {
                        mspId: 'CourtMSP',
                        peerEndpoint: '127.0.0.1:7051',
                        tlsCaPath: file('tls.pem'),
                        hostAlias: 'peer0.court.example.com',
                        caCertPath: file('ca.pem'),
                        defaultIdentity: 'gateway',
                        identities: { gateway: { certPath: file('cert.pem'), keyPath: file('key.pem') } },
                    },
                },
            }),
        );
    });
    after(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it('reads connection.json; explicit variables override it; no agency identity leaves agency undefined', async () => {
        const settings = await loadFabricSettings(
            loadConfig({
                FABRIC_CONNECTION: file('connection.json'),
                FABRIC_COURT_PEER_ENDPOINT: 'peer.court.example:443',
                FABRIC_COURT_CERT: file('other-cert.pem'),
                FABRIC_CHANNEL: 'court2',
            }).fabric,
        );
        expect(settings).to.include({ channel: 'court2', chaincode: 'court-ledger' });
        expect(settings.court).to.include({
            mspId: 'CourtMSP',
            peerEndpoint: 'peer.court.example:443',
            hostAlias: 'peer0.court.example.com',
            privateKeyPem: 'contents of key.pem',
        });
        expect(settings.court.certificate.toString()).to.equal('contents of other-cert.pem');
        expect(settings.agency).to.equal(undefined);
        expect(settings.mspCaCertificates).to.deep.equal({
            CourtMSP: ['contents of ca.pem'],
            OrdererMSP: ['contents of orderer-ca.pem'],
        });
        expect(settings).to.include({ evaluateTimeoutMs: 10_000, submitTimeoutMs: 30_000 });
    });

    it('works from explicit variables alone, and names what is missing', async () => {
        const explicit = {
            FABRIC_CONNECTION: file('absent.json'),
            FABRIC_COURT_PEER_ENDPOINT: '10.0.0.1:7051',
            FABRIC_COURT_TLS_CA: file('tls.pem'),
            FABRIC_COURT_CERT: file('cert.pem'),
            FABRIC_COURT_KEY: file('key.pem'),
            FABRIC_AGENCY_MSP_ID: 'InsurerMSP',
            FABRIC_AGENCY_PEER_ENDPOINT: '10.0.0.2:7051',
            FABRIC_AGENCY_TLS_CA: file('tls.pem'),
            FABRIC_AGENCY_CERT: file('other-cert.pem'),
            FABRIC_AGENCY_KEY: file('key.pem'),
            FABRIC_EVALUATE_TIMEOUT_MS: '2500',
        };
        const settings = await loadFabricSettings(loadConfig(explicit).fabric);
        expect(settings).to.include({ channel: 'court', chaincode: 'court-ledger', evaluateTimeoutMs: 2500 });
        expect(settings.court).to.include({ mspId: 'CourtMSP', peerEndpoint: '10.0.0.1:7051', hostAlias: undefined });
        expect(settings.agency).to.include({ mspId: 'InsurerMSP', peerEndpoint: '10.0.0.2:7051' });

        let failure: unknown;
        try {
            await loadFabricSettings(loadConfig({ ...explicit, FABRIC_COURT_KEY: '' }).fabric);
        } catch (error) {
            failure = error;
        }
        expect((failure as Error).message).to.equal(
            `Fabric court organisation: keyPath not configured (${file('absent.json')} does not exist: ` +
                'run `npm run network:up` or set FABRIC_CONNECTION)',
        );
        expect(() => loadConfig({ FABRIC_SUBMIT_TIMEOUT_MS: 'soon' })).to.throw(/FABRIC_SUBMIT_TIMEOUT_MS/);
    });
});
