import { createPrivateKey, randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { Pepper } from '@court-ledger/gateway/dist/src/platform/pseudonyms/pepper';
import { EvidenceClient } from '@court-ledger/gateway/dist/src/features/evidence/client';
import { httpErrorFromLedger } from '@court-ledger/gateway/dist/src/platform/http/errors';
import { FabricLedger } from '@court-ledger/gateway/dist/src/platform/ledger/fabric';
import { invalidTransactionFailure } from '@court-ledger/gateway/dist/src/platform/ledger/fabric/errors';
import type { FabricTransactionProof } from '@court-ledger/gateway/dist/src/platform/ledger/fabric/proof';
import { LedgerFailure, proposalTransient, type Committed, type LedgerEvent } from '@court-ledger/ledger-api';
import { expectBlockStream, readBlocks } from '@court-ledger/ledger-api/testing';
import { fabricNetwork, postgresServer, requireOrSkip } from '../support/environment';
import { fabricTestSettings } from '../support/fabric-settings';
import { startGateway } from '../support/gateway-harness';

/** A clerk: a court role submits in a case the court has not registered (no case to set up first). */
const SUBMITTER = { sub: 'clerk-fabric', role: 'clerk', org: 'CourtMSP' };

function digest(): string {
    return randomBytes(32).toString('hex');
}

/** Events from `after` until every transaction in `txIds` has been seen; everything seen, in order. */
async function eventsUntil(
    ledger: FabricLedger,
    after: { blockNumber: number; txIndex: number },
    txIds: readonly string[],
): Promise<LedgerEvent[]> {
    const abort = new AbortController();
    const wanted = new Set(txIds);
    const seen: LedgerEvent[] = [];
    for await (const block of ledger.events(after, abort.signal)) {
        for (const event of block.events) {
            seen.push(event);
            wanted.delete(event.txId);
        }
        if (wanted.size === 0) {
            abort.abort();
        }
    }
    return seen;
}

async function failureOf(promise: Promise<unknown>): Promise<LedgerFailure> {
    try {
        await promise;
    } catch (error) {
        expect(error).to.be.instanceOf(LedgerFailure);
        return error as LedgerFailure;
    }
    throw new Error('expected a LedgerFailure');
}

const title = 'Fabric ledger [live network]';
requireOrSkip(title, fabricNetwork(), 'COURT_LEDGER_REQUIRE_FABRIC', () => {
    describe(title, function () {
        this.timeout(120_000);
        let ledger: FabricLedger;
        let client: EvidenceClient;

        before(async () => {
            ledger = new FabricLedger(await fabricTestSettings());
            client = new EvidenceClient(ledger, new Pepper('fabric-ledger-suite-pepper'));
        });
        after(async () => {
            await ledger.close();
        });

        it('ends a stream at untilHeight (the start-up catch-up) instead of waiting for live blocks', async () => {
            await client.submitEvidence(SUBMITTER, { caseId: 'F-1', sha256: digest() });
            const height = (await ledger.health()).height ?? 0;
            expect(height).to.be.greaterThan(1);
            const seen = (await readBlocks(ledger, undefined, height)).flatMap((block) => block.events);
            expect(seen.length).to.be.greaterThan(0);
            expect(Math.max(...seen.map((e) => e.blockNumber))).to.be.lessThan(height);
            const after = { blockNumber: height - 1, txIndex: 1_000_000 };
            const last = await readBlocks(ledger, after, height);
            expect(last).to.deep.equal([{ blockNumber: height - 1, events: [] }]);
        });

        it('delivers whole blocks: one item per block, consecutive, each with all its events (block boundaries)', async () => {
            const committed: Committed[] = (
                await Promise.all(
                    Array.from({ length: 8 }, () =>
                        client.submitEvidence(SUBMITTER, { caseId: 'F-5', sha256: digest() }),
                    ),
                )
            ).map((result) => result.committed);
            const height = (await ledger.health()).height ?? 0;
            const after = { blockNumber: Math.min(...committed.map((c) => c.blockNumber)) - 1, txIndex: -1 };
            const blocks = await readBlocks(ledger, after, height);
            expectBlockStream(blocks, after, height, committed);
            expect(blocks[0]?.blockNumber).to.equal(after.blockNumber);
        });

        it('lets a gateway on Fabric become ready (/readyz 200) once its index caught up', async () => {
            const gw = await startGateway({
                database: postgresServer().available ? 'server' : 'pglite',
                ledger: 'fabric',
            });
            try {
                await gw.app.projector.whenCaughtUp();
                const ready = await gw.app.inject({ url: '/readyz' });
                expect(ready.statusCode, ready.body).to.equal(200);
            } finally {
                await gw.close({ destroy: true });
            }
        });

        it('delivers each committed event once, at its (block, txIndex, timestamp), and resumes strictly after a checkpoint', async () => {
            const committed: Committed[] = (
                await Promise.all(
                    Array.from({ length: 5 }, () =>
                        client.submitEvidence(SUBMITTER, { caseId: 'F-1', sha256: digest() }),
                    ),
                )
            ).map((result) => result.committed);
            const txIds = committed.map((c) => c.txId);
            const first = Math.min(...committed.map((c) => c.blockNumber));
            const all = await eventsUntil(ledger, { blockNumber: first, txIndex: -1 }, txIds);

            const positions = all.map((e) => e.blockNumber * 1_000_000 + e.txIndex);
            expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
            expect(new Set(positions).size).to.equal(positions.length);
            for (const tx of committed) {
                const events = all.filter((e) => e.txId === tx.txId);
                expect(events).to.have.length(1);
                const [event] = events;
                expect(event).to.include({
                    blockNumber: tx.blockNumber,
                    timestamp: tx.timestamp,
                    name: 'EvidenceSubmitted',
                });
                const proof = (await ledger.transactionProof(tx.txId)) as FabricTransactionProof;
                expect(proof).to.include({ mode: 'fabric', blockNumber: tx.blockNumber, txIndex: event?.txIndex });
            }

            // Resume after the second of ours: exactly what followed it in the first stream, nothing before.
            const ours = all.filter((e) => txIds.includes(e.txId));
            const checkpoint = ours[1]!;
            const expected = all.slice(all.indexOf(checkpoint) + 1);
            const resumed = await eventsUntil(
                ledger,
                { blockNumber: checkpoint.blockNumber, txIndex: checkpoint.txIndex },
                ours.slice(2).map((e) => e.txId),
            );
            const key = (e: LedgerEvent) => `${e.blockNumber}/${e.txIndex}/${e.txId}`;
            expect(resumed.slice(0, expected.length).map(key)).to.deep.equal(expected.map(key));
        });

        it('maps a chaincode refusal to its code, an unknown transaction to not-found (404)', async () => {
            const { record } = await client.submitEvidence(SUBMITTER, { caseId: 'F-1', sha256: digest() });
            const refused = await failureOf(
                client.custody(
                    { sub: 'judge-1', role: 'judge', org: 'CourtMSP' },
                    record.evidenceId,
                    'admit',
                    undefined,
                ),
            );
            expect(refused).to.include({ kind: 'chaincode', code: 'INVALID_TRANSITION' });
            expect(refused.message).to.match(/^INVALID_TRANSITION: /);
            expect(refused.txId).to.match(/^[0-9a-f]{64}$/);
            expect(refused.details.map((d) => d.mspId)).to.include('CourtMSP');
            expect(httpErrorFromLedger(refused)).to.include({ statusCode: 409, code: 'INVALID_TRANSITION' });

            const unknown = await failureOf(ledger.transactionProof(digest()));
            expect(unknown.kind).to.equal('not-found');
            expect(httpErrorFromLedger(unknown).statusCode).to.equal(404);
        });

        it('two transactions endorsed on the same state: the later one is an MVCC conflict at commit (409)', async () => {
            const { record } = await client.submitEvidence(SUBMITTER, { caseId: 'F-2', sha256: digest() });
            const settings = await fabricTestSettings();
            const court = settings.court;
            const grpcClient = new grpc.Client(
                court.peerEndpoint,
                grpc.credentials.createSsl(court.tlsCa),
                court.hostAlias === undefined ? {} : { 'grpc.ssl_target_name_override': court.hostAlias },
            );
            const gateway = connect({
                client: grpcClient,
                identity: { mspId: court.mspId, credentials: court.certificate },
                signer: signers.newPrivateKeySigner(createPrivateKey(court.privateKeyPem)),
                hash: hash.sha256,
            });
            try {
                const contract = gateway.getNetwork(settings.channel).getContract(settings.chaincode);
                const custody = (event: string) =>
                    contract.newProposal('evidence:custody', {
                        arguments: [record.evidenceId, event, ''],
                        transientData: Object.fromEntries(
                            proposalTransient({
                                contract: 'evidence',
                                fn: 'custody',
                                args: [],
                                actor: { sub: 'clerk-1', role: 'clerk', org: 'CourtMSP' },
                            }),
                        ),
                    });
                // Both endorsed before either is ordered: both read the record at the same version.
                const endorsed = [await custody('exchange').endorse(), await custody('exclude').endorse()];
                const statuses = [];
                for (const transaction of endorsed) {
                    statuses.push(await (await transaction.submit()).getStatus());
                }
                expect(statuses[0]?.successful).to.equal(true);
                const second = statuses[1]!;
                expect(second.successful).to.equal(false);
                const failure = invalidTransactionFailure(second.code, second.transactionId);
                expect(failure).to.include({ kind: 'mvcc-conflict', validationCode: 'MVCC_READ_CONFLICT' });
                expect(httpErrorFromLedger(failure)).to.include({ statusCode: 409, code: 'MVCC_READ_CONFLICT' });
            } finally {
                gateway.close();
                grpcClient.close();
            }
        });

        it('reports its height, and block hashes that chain (block n + 1 holds the hash of block n)', async () => {
            const a = (await client.submitEvidence(SUBMITTER, { caseId: 'F-3', sha256: digest() })).committed;
            const b = (await client.submitEvidence(SUBMITTER, { caseId: 'F-3', sha256: digest() })).committed;
            expect(b.blockNumber).to.be.greaterThan(a.blockNumber);
            const health = await ledger.health();
            expect(health).to.include({ ok: true, mode: 'fabric' });
            expect(health.height).to.be.greaterThan(b.blockNumber);

            const proof = (await ledger.transactionProof(b.txId)) as FabricTransactionProof;
            const header = common.Block.deserializeBinary(Buffer.from(proof.block, 'base64')).getHeader();
            const previousHash = Buffer.from(header?.getPreviousHash_asU8() ?? []).toString('hex');
            expect(await ledger.blockHash(b.blockNumber - 1)).to.equal(previousHash);
            expect(await ledger.blockHash(health.height ?? 0)).to.equal(undefined);
        });

        it('answers 503 with Retry-After when the court peer cannot be reached', async () => {
            const gw = await startGateway({
                database: postgresServer().available ? 'server' : 'pglite',
                ledger: 'fabric',
                env: { FABRIC_COURT_PEER_ENDPOINT: '127.0.0.1:1', FABRIC_SUBMIT_TIMEOUT_MS: '5000' },
            });
            try {
                const res = await gw.app.inject({
                    method: 'POST',
                    url: '/v1/evidence',
                    headers: gw.auth('party', 'party-1'),
                    payload: { caseId: 'F-4', digests: { sha256: digest() } },
                });
                expect(res.statusCode, res.body).to.equal(503);
                expect(res.headers['retry-after']).to.match(/^\d+$/);
                expect(res.json()).to.include({ code: 'UNAVAILABLE', component: 'ledger' });
                expect((await gw.app.ledger.health()).ok).to.equal(false);
            } finally {
                await gw.close({ destroy: true });
            }
        });
    });
});
