import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, unlinkSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { requireOrSkip } from '../support/environment';
import { submitRandomEvidence, withChaincode } from '../support/fabric-client';
import { fabricBinaries, recordedPids, runNetworkScript, type NetworkInstance } from '../support/fabric-network';

/**
 * The network scripts as a user meets them: up twice, down twice, up after a crash (stale PID files, a
 * leftover holding a port), a foreign process on a port, and the 4-orderer SmartBFT profile. Each instance
 * runs on its own port base and run folder, beside the network the end-to-end suites use.
 */
const PROCESSES = ['orderer', 'peer0.court', 'peer0.agency', 'chaincode'];
/** Port offset of the chaincode server (scripts/network-env.sh: 9999 - 7050). */
const CHAINCODE_PORT_OFFSET = 2949;

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

requireOrSkip('Fabric network scripts', fabricBinaries(), 'COURT_LEDGER_REQUIRE_FABRIC', () => {
    describe('Fabric network scripts', function () {
        this.timeout(300_000);

        describe('Raft profile: up, up again, down, down again, recovery', () => {
            let net: NetworkInstance;

            before(async () => {
                net = { runDir: await mkdtemp(path.join(os.tmpdir(), 'court-net-')), portBase: 27050 };
            });
            after(() => {
                runNetworkScript('network-down.sh', net, ['--clean']);
            });

            it('comes up healthy, commits a transaction, and a second up only says so', async () => {
                const up = runNetworkScript('network-up.sh', net);
                expect(up.status, up.stderr).to.equal(0);
                expect(up.stderr).to.match(/network up in \d+s/);
                const status = runNetworkScript('network-status.sh', net);
                expect(status.status, status.stdout).to.equal(0);
                expect(status.stdout).to.include('network: healthy').and.include('127.0.0.1:27051');

                const committed = await withChaincode(
                    path.join(net.runDir, 'connection.json'),
                    'CourtMSP',
                    'clerk1',
                    submitRandomEvidence,
                );
                expect(committed.code).to.equal(0); // VALID

                const again = runNetworkScript('network-up.sh', net);
                expect(again.status, again.stderr).to.equal(0);
                expect(again.stderr).to.include('already up and healthy');
                expect(again.stderr).not.to.include('started');
            });

            it('down stops every process, and a second down says nothing is running', () => {
                const pids = [...recordedPids(net, PROCESSES).values()];
                const down = runNetworkScript('network-down.sh', net);
                expect(down.status, down.stderr).to.equal(0);
                for (const name of PROCESSES) {
                    expect(down.stderr).to.include(`stopped ${name}`);
                }
                expect(pids.filter(alive)).to.deep.equal([]);
                expect(existsSync(path.join(net.runDir, 'connection.json'))).to.equal(false);

                const again = runNetworkScript('network-down.sh', net);
                expect(again.status, again.stderr).to.equal(0);
                expect(again.stderr).to.include('network not running');
                expect(runNetworkScript('network-status.sh', net).status).to.equal(1);
            });

            it('comes back up after every process was killed with SIGKILL (stale PID files)', () => {
                expect(runNetworkScript('network-up.sh', net).status).to.equal(0);
                for (const pid of recordedPids(net, PROCESSES).values()) {
                    process.kill(pid, 'SIGKILL');
                }
                const up = runNetworkScript('network-up.sh', net);
                expect(up.status, up.stderr).to.equal(0);
                expect(up.stderr).to.include("a previous network's processes or PID files are left");
                expect(runNetworkScript('network-status.sh', net).status).to.equal(0);
            });

            it('stops a leftover of its own whose PID file is lost, and names it', () => {
                const chaincodePid = recordedPids(net, ['chaincode']).get('chaincode') ?? 0;
                unlinkSync(path.join(net.runDir, 'pids', 'chaincode.pid'));
                const up = runNetworkScript('network-up.sh', net);
                expect(up.status, up.stderr).to.equal(0);
                expect(up.stderr).to.include(`held by a leftover of this network (pid ${String(chaincodePid)}`);
                expect(alive(chaincodePid)).to.equal(false);
                expect(runNetworkScript('network-status.sh', net).status).to.equal(0);
            });

            it('restarts one crashed process with network-node.sh, keeping the ledger', async () => {
                const connection = path.join(net.runDir, 'connection.json');
                const before = await withChaincode(connection, 'CourtMSP', 'clerk1', submitRandomEvidence);
                const kill = runNetworkScript('network-node.sh', net, ['kill', 'chaincode']);
                expect(kill.status, kill.stderr).to.equal(0);
                expect(kill.stderr).to.include('stopped chaincode');
                expect(runNetworkScript('network-status.sh', net).status).to.equal(1);
                const start = runNetworkScript('network-node.sh', net, ['start', 'chaincode']);
                expect(start.status, start.stderr).to.equal(0);
                expect(start.stderr).to.include('chaincode ready');
                const after = await withChaincode(connection, 'CourtMSP', 'clerk1', submitRandomEvidence);
                expect(after.code).to.equal(0);
                expect(after.blockNumber > before.blockNumber).to.equal(true);
            });

            it('refuses to start over a port held by another program, naming it', async () => {
                runNetworkScript('network-down.sh', net);
                const port = net.portBase + CHAINCODE_PORT_OFFSET;
                const stranger: ChildProcess = spawn(
                    process.execPath,
                    ['-e', `require('net').createServer().listen(${String(port)}, '127.0.0.1')`],
                    { stdio: 'ignore' },
                );
                try {
                    await waitForListener(port);
                    const up = runNetworkScript('network-up.sh', net);
                    expect(up.status).to.equal(1);
                    expect(up.stderr).to.include(
                        `port 127.0.0.1:${String(port)} is in use by pid ${String(stranger.pid)}`,
                    );
                    expect(up.stderr).to.include('not part of this network');
                } finally {
                    stranger.kill('SIGKILL');
                }
            });
        });

        describe('SmartBFT profile (4 orderers)', () => {
            let net: NetworkInstance;

            before(async () => {
                net = { runDir: await mkdtemp(path.join(os.tmpdir(), 'court-net-bft-')), portBase: 37050 };
            });
            after(() => {
                runNetworkScript('network-down.sh', net, ['--clean']);
                rmSync(net.runDir, { recursive: true, force: true });
            });

            it('orders transactions with four orderers, and still with one of them stopped (f = 1)', async () => {
                const up = runNetworkScript('network-up.sh', net, ['--bft']);
                expect(up.status, up.stderr).to.equal(0);
                expect(up.stderr).to.include('4 orderer(s) joined channel court (active, CourtChannelBFT)');
                const connection = path.join(net.runDir, 'connection.json');
                const first = await withChaincode(connection, 'CourtMSP', 'clerk1', submitRandomEvidence);
                expect(first.code).to.equal(0);

                const orderer4 = recordedPids(net, ['orderer4']).get('orderer4') ?? 0;
                process.kill(orderer4, 'SIGKILL');
                const second = await withChaincode(connection, 'CourtMSP', 'clerk1', submitRandomEvidence);
                expect(second.code).to.equal(0);
                expect(second.blockNumber > first.blockNumber).to.equal(true);
            });
        });
    });
});

async function waitForListener(port: number): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
        const free = await new Promise<boolean>((resolve) => {
            const probe: Server = createServer();
            probe.once('error', () => {
                resolve(false);
            });
            probe.listen(port, '127.0.0.1', () => {
                probe.close(() => {
                    resolve(true);
                });
            });
        });
        if (!free) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`nothing listens on ${String(port)}`);
}
