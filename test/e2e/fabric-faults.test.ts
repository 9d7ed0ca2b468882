import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { postgresServer, requireOrSkip } from '../support/environment';
import { fabricBinaries, runNetworkScript, type NetworkInstance } from '../support/fabric-network';
import { enrol } from '../support/cases';
import { startGateway, type Harness } from '../support/gateway-harness';
import { eventually } from '../support/eventually';

/**
 * Faults on a live Fabric network (Art. 40): the court peer, the orderer and the chaincode server stopped or
 * crashed while the gateway works. A network of its own (port base 47050), so that stopping its processes
 * disturbs no other suite.
 */
interface Status {
    openOutages: { component: string; message: string }[];
    outages: { component: string; startedAt: string; endedAt?: string }[];
}

interface Receipt {
    digest: string;
    batchId: string;
    treeSize: number;
}

function item(): { digest: string; kind: string } {
    return { digest: randomBytes(32).toString('hex'), kind: 'transcript' };
}

requireOrSkip('faults on Fabric (Art. 40)', fabricBinaries(), 'COURT_LEDGER_REQUIRE_FABRIC', () => {
    describe('faults on Fabric (Art. 40) [Fabric ledger, own network]', function () {
        this.timeout(300_000);
        let net: NetworkInstance;
        let gw: Harness;
        const posted: string[] = [];

        function node(action: 'stop' | 'kill' | 'start', name: string): void {
            const result = runNetworkScript('network-node.sh', net, [action, name]);
            expect(result.status, result.stderr).to.equal(0);
        }

        async function postItems(count: number): Promise<void> {
            const items = Array.from({ length: count }, item);
            const res = await gw.app.inject({
                method: 'POST',
                url: '/v1/anchors',
                headers: gw.auth('subsystem', 'trial-system'),
                payload: { items },
            });
            expect(res.statusCode, res.body).to.equal(202);
            posted.push(...items.map((i) => i.digest));
        }

        async function submitEvidence(): Promise<{
            statusCode: number;
            headers: Record<string, unknown>;
            body: string;
        }> {
            const res = await gw.app.inject({
                method: 'POST',
                url: '/v1/evidence',
                headers: gw.auth('party', 'party-faults'),
                payload: { caseId: 'FAULT-1', digests: { sha256: randomBytes(32).toString('hex') } },
            });
            return { statusCode: res.statusCode, headers: res.headers, body: res.body };
        }

        /** Waits until evidence is accepted again (201) after a fault was repaired. */
        async function acceptedAgain(): Promise<void> {
            const ok = await eventually(
                async () => {
                    const res = await submitEvidence();
                    return res.statusCode === 201 ? res : undefined;
                },
                'evidence to be accepted again',
                90_000,
            );
            expect(ok.statusCode).to.equal(201);
        }

        async function status(): Promise<Status> {
            return (await gw.app.inject({ url: '/v1/status' })).json<Status>();
        }

        async function expectOutageThenRecovery(component: string, restart: () => void): Promise<void> {
            const refused = await submitEvidence();
            expect(refused.statusCode, refused.body).to.equal(503);
            expect(String(refused.headers['retry-after'])).to.match(/^\d+$/);
            expect(JSON.parse(refused.body)).to.include({ code: 'UNAVAILABLE', component: 'ledger' });
            await postItems(20); // accepted while the ledger is down: queued, anchored later
            await eventually(
                async () => ((await status()).openOutages.some((o) => o.component === component) ? true : undefined),
                `an open ${component} outage`,
                90_000,
            );
            restart();
            await eventually(
                async () => ((await status()).openOutages.length === 0 ? true : undefined),
                'the outage to end',
                90_000,
            );
            const recorded = (await status()).outages.filter((o) => o.component === component);
            expect(recorded.at(-1)?.endedAt, 'the outage is recorded with its end').to.be.a('string');
            await acceptedAgain();
        }

        before(async function () {
            net = { runDir: await mkdtemp(path.join(os.tmpdir(), 'court-net-faults-')), portBase: 47050 };
            const up = runNetworkScript('network-up.sh', net);
            expect(up.status, up.stderr).to.equal(0);
            gw = await startGateway({
                database: postgresServer().available ? 'server' : 'pglite',
                ledger: 'fabric',
                env: { FABRIC_CONNECTION: path.join(net.runDir, 'connection.json'), FABRIC_SUBMIT_TIMEOUT_MS: '5000' },
            });
            await enrol(gw, 'FAULT-1', [{ sub: 'party-faults' }]);
        });
        after(async () => {
            await gw.close({ destroy: true });
            runNetworkScript('network-down.sh', net, ['--clean']);
            await rm(net.runDir, { recursive: true, force: true });
        });

        it('anchors normally before any fault', async () => {
            await postItems(30);
            expect((await submitEvidence()).statusCode).to.equal(201);
        });

        it('court peer stopped: 503 with Retry-After, outage recorded, pending items anchored once it is back', async () => {
            node('stop', 'peer0.court');
            await expectOutageThenRecovery('ledger', () => {
                node('start', 'peer0.court');
            });
        });

        it('orderer stopped: 503 with Retry-After, outage recorded, pending items anchored once it is back', async () => {
            node('stop', 'orderer');
            await expectOutageThenRecovery('ledger', () => {
                node('start', 'orderer');
            });
        });

        it('chaincode server killed (SIGKILL): transactions fail with 503 and succeed once it is restarted', async () => {
            node('kill', 'chaincode');
            const refused = await submitEvidence();
            expect(refused.statusCode, refused.body).to.equal(503);
            expect(refused.body).to.match(/chaincode/i);
            expect(JSON.parse(refused.body)).to.include({ component: 'ledger' });
            node('start', 'chaincode');
            await acceptedAgain();
        });

        it('every accepted item has exactly one receipt, and no leaf is anchored twice', async () => {
            const receipts = new Map<string, Receipt>();
            for (const digest of posted) {
                const receipt = await eventually(
                    async () => {
                        const res = await gw.app.inject({
                            url: `/v1/anchors/${digest}/receipt`,
                            headers: gw.auth('subsystem', 'trial-system'),
                        });
                        return res.statusCode === 200 ? res.json<Receipt>() : undefined;
                    },
                    `the receipt of ${digest}`,
                    90_000,
                );
                receipts.set(digest, receipt);
            }
            const batches = new Map<string, number>();
            for (const receipt of receipts.values()) {
                batches.set(receipt.batchId, receipt.treeSize);
            }
            const leaves = [...batches.values()].reduce((sum, size) => sum + size, 0);
            expect(leaves, 'leaves over all batches = items posted').to.equal(posted.length);
        });
    });
});
