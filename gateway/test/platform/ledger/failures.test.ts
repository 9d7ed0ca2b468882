import type { ServiceError } from '@grpc/grpc-js';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
    CommitError,
    CommitStatusError,
    EndorseError,
    GatewayError,
    type ErrorDetail,
} from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { toHttpError } from '../../../src/platform/http/error-plugin';
import { chaincodeRefusal, LedgerFailure, type Ledger } from '@court-ledger/ledger-api';
import { createEmbeddedLedger } from '@court-ledger/ledger-embedded';
import { counter, counterModule, rejection, removeTempDirs, tempDir } from '@court-ledger/ledger-embedded/testing';
import { invalidTransactionFailure, toLedgerFailure } from '../../../src/platform/ledger/fabric/errors';

const TX = 'c56f4c2f3bd81dd73959da4bf8cec1610b77a444a0065e0eb8f626007703fb72';
const COURT_PEER = { address: '127.0.0.1:17051', mspId: 'CourtMSP' };

/** The gRPC error underneath a fabric-gateway error (only its code and message matter here). */
function grpcCause(code: number, message: string): ServiceError {
    return Object.assign(new Error(message), { code, details: message, metadata: undefined }) as never;
}

/** fabric-gateway's EndorseError as a live network threw it (shapes captured from Fabric 3.1.5). */
function endorseError(code: number, message: string, details: ErrorDetail[]): EndorseError {
    return new EndorseError({ code, message, details, transactionId: TX, cause: grpcCause(code, message) });
}

function gatewayError(code: number, message: string, details: ErrorDetail[]): GatewayError {
    return new GatewayError({ code, message, details, cause: grpcCause(code, message) });
}

describe('ledger failures: typed once at the ledger boundary', () => {
    describe('chaincodeRefusal (the one parser of a chaincode message)', () => {
        it('reads code, field and reason, also inside a transport wording', () => {
            const bare = chaincodeRefusal('INVALID_DIGEST: field=sha256; sha256 must be 64 lowercase hex characters', {
                txId: TX,
            });
            expect(bare).to.include({
                kind: 'chaincode',
                code: 'INVALID_DIGEST',
                field: 'sha256',
                reason: 'sha256 must be 64 lowercase hex characters',
                txId: TX,
                message: 'INVALID_DIGEST: field=sha256; sha256 must be 64 lowercase hex characters',
            });
            const wrapped = chaincodeRefusal('chaincode response 500, INVALID_TRANSITION: cannot admit from submitted');
            expect(wrapped).to.include({
                code: 'INVALID_TRANSITION',
                field: undefined,
                reason: 'cannot admit from submitted',
                message: 'INVALID_TRANSITION: cannot admit from submitted',
            });
        });

        it('gives nothing for a message without a known code', () => {
            expect(chaincodeRefusal("You've asked to invoke a function that does not exist: evidence:nope")).to.equal(
                undefined,
            );
            expect(chaincodeRefusal('NOT_A_CODE: x')).to.equal(undefined);
        });
    });

    describe('embedded ledger', function () {
        let ledger: Ledger;

        before(async function () {
            ledger = await createEmbeddedLedger({ dataDir: tempDir(), chaincodeModulePath: counterModule() });
        });
        after(async function () {
            await ledger.close();
            removeTempDirs();
        });

        it('a chaincode error with code and field: typed, with the transaction id', async () => {
            const failure = await rejection(
                ledger.submit(counter('fail', ['BATCH_EXISTS: field=batchId; b-1 exists'])),
            );
            expect(failure).to.include({
                kind: 'chaincode',
                code: 'BATCH_EXISTS',
                field: 'batchId',
                reason: 'b-1 exists',
            });
            expect(failure.txId).to.match(/^[0-9a-f]{64}$/);
            expect(toHttpError(failure)).to.include({ statusCode: 409, code: 'BATCH_EXISTS', field: 'batchId' });
            const uncoded = await rejection(ledger.evaluate(counter('rich')));
            expect(uncoded).to.include({ kind: 'chaincode', code: undefined });
            expect(toHttpError(uncoded)).to.include({ statusCode: 500, code: 'INTERNAL' });
        });

        it('an MVCC conflict: kind, validation code, transaction id', async () => {
            const results = await Promise.allSettled([
                ledger.submit(counter('increment', ['shared'])),
                ledger.submit(counter('increment', ['shared'])),
            ]);
            const conflict: unknown = results.find((r) => r.status === 'rejected')?.reason;
            expect(conflict).to.be.instanceOf(LedgerFailure);
            expect(conflict).to.include({ kind: 'mvcc-conflict', validationCode: 'MVCC_READ_CONFLICT' });
            expect((conflict as LedgerFailure).txId).to.match(/^[0-9a-f]{64}$/);
            expect(toHttpError(conflict)).to.include({ statusCode: 409, code: 'MVCC_READ_CONFLICT' });
            const proof = await rejection(ledger.transactionProof((conflict as LedgerFailure).txId ?? ''));
            expect(proof).to.include({ kind: 'not-found', validationCode: 'MVCC_READ_CONFLICT' });
        });

        it('an endorsement policy failure at commit: kind and validation code', async () => {
            await ledger.submit(counter('put', ['guarded', 'v']));
            await ledger.submit(counter('setPolicy', ['guarded', 'policy-bytes']));
            const failure = await rejection(ledger.submit(counter('put', ['guarded', 'v2'])));
            expect(failure).to.include({ kind: 'endorsement-policy', validationCode: 'ENDORSEMENT_POLICY_FAILURE' });
            expect(toHttpError(failure)).to.include({ statusCode: 403, code: 'ENDORSEMENT_POLICY' });
        });

        it('an unknown transaction: not-found (404); a closed ledger: unavailable (503, component ledger)', async () => {
            const unknown = await rejection(ledger.transactionProof('0'.repeat(64)));
            expect(unknown).to.include({ kind: 'not-found', txId: '0'.repeat(64) });
            expect(toHttpError(unknown)).to.include({ statusCode: 404, code: 'NOT_FOUND' });
            const closed = await createEmbeddedLedger({ dataDir: tempDir(), chaincodeModulePath: counterModule() });
            await closed.close();
            const down = await rejection(closed.submit(counter('increment', ['x'])));
            expect(down.kind).to.equal('unavailable');
            expect(toHttpError(down)).to.include({ statusCode: 503, code: 'UNAVAILABLE', component: 'ledger' });
        });
    });

    describe('Fabric ledger (fabric-gateway errors as a live network threw them)', () => {
        it('a chaincode error with code and field, at endorsement and at evaluation', () => {
            const endorse = toLedgerFailure(
                endorseError(
                    GrpcStatus.ABORTED,
                    '10 ABORTED: failed to collect enough transaction endorsements, see attached details for more info',
                    [
                        {
                            ...COURT_PEER,
                            message:
                                'chaincode response 500, INVALID_DIGEST: field=sha256; sha256 must be 64 lowercase hex characters',
                        },
                    ],
                ),
                'submit evidence:submit',
            );
            expect(endorse).to.include({
                kind: 'chaincode',
                code: 'INVALID_DIGEST',
                field: 'sha256',
                reason: 'sha256 must be 64 lowercase hex characters',
                txId: TX,
            });
            expect(endorse.details).to.have.length(1);
            expect(endorse.details[0]).to.include({ mspId: 'CourtMSP', address: '127.0.0.1:17051' });
            expect(toHttpError(endorse)).to.include({ statusCode: 400, code: 'INVALID_DIGEST', field: 'sha256' });

            const evaluate = toLedgerFailure(
                gatewayError(
                    GrpcStatus.UNKNOWN,
                    '2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, EVIDENCE_NOT_FOUND: field=evidenceId; no evidence ev_0',
                    [
                        {
                            ...COURT_PEER,
                            message: 'chaincode response 500, EVIDENCE_NOT_FOUND: field=evidenceId; no evidence ev_0',
                        },
                    ],
                ),
                'evaluate evidence:get',
            );
            expect(evaluate).to.include({
                kind: 'chaincode',
                code: 'EVIDENCE_NOT_FOUND',
                field: 'evidenceId',
                txId: undefined,
            });
            expect(toHttpError(evaluate)).to.include({ statusCode: 404, code: 'EVIDENCE_NOT_FOUND' });

            const uncoded = toLedgerFailure(
                endorseError(GrpcStatus.ABORTED, '10 ABORTED: failed to collect enough transaction endorsements', [
                    {
                        ...COURT_PEER,
                        message:
                            "chaincode response 500, You've asked to invoke a function that does not exist: evidence:nope",
                    },
                ]),
                'submit evidence:nope',
            );
            expect(uncoded).to.include({ kind: 'chaincode', code: undefined, txId: TX });
            expect(toHttpError(uncoded)).to.include({ statusCode: 500, code: 'INTERNAL' });
        });

        it('an MVCC conflict and an endorsement policy failure at commit: kind and validation code', () => {
            const mvcc = new CommitError({ code: peer.TxValidationCode.MVCC_READ_CONFLICT, transactionId: TX });
            expect(toLedgerFailure(mvcc, 'submit')).to.include({
                kind: 'mvcc-conflict',
                validationCode: 'MVCC_READ_CONFLICT',
                txId: TX,
            });
            expect(invalidTransactionFailure(peer.TxValidationCode.PHANTOM_READ_CONFLICT, TX)).to.include({
                kind: 'mvcc-conflict',
                validationCode: 'PHANTOM_READ_CONFLICT',
            });
            const policy = invalidTransactionFailure(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE, TX);
            expect(policy).to.include({
                kind: 'endorsement-policy',
                validationCode: 'ENDORSEMENT_POLICY_FAILURE',
                txId: TX,
            });
            expect(toHttpError(policy)).to.include({ statusCode: 403, code: 'ENDORSEMENT_POLICY' });
        });

        it('an unreachable peer, orderer or chaincode server: unavailable (503, component ledger)', () => {
            const peerDown = endorseError(
                GrpcStatus.UNAVAILABLE,
                '14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ',
                [],
            );
            const ordererDown = Object.assign(
                gatewayError(
                    GrpcStatus.UNAVAILABLE,
                    '14 UNAVAILABLE: no orderers could successfully process transaction',
                    [
                        {
                            address: '127.0.0.1:17050',
                            mspId: 'OrdererMSP',
                            message: 'rpc error: code = Unavailable desc = connection error',
                        },
                    ],
                ),
                { name: 'SubmitError', transactionId: TX },
            );
            const chaincodeDown = endorseError(
                GrpcStatus.ABORTED,
                '10 ABORTED: failed to collect enough transaction endorsements, see attached details for more info',
                [
                    {
                        ...COURT_PEER,
                        message: `error in simulation: failed to execute transaction ${TX}: could not launch chaincode court-ledger_1.0:9d3b: connection refused`,
                    },
                ],
            );
            const statusLost = new CommitStatusError({
                code: GrpcStatus.DEADLINE_EXCEEDED,
                message: '4 DEADLINE_EXCEEDED: deadline exceeded',
                details: [],
                transactionId: TX,
                cause: grpcCause(GrpcStatus.DEADLINE_EXCEEDED, 'deadline exceeded'),
            });
            for (const error of [peerDown, ordererDown, chaincodeDown, statusLost]) {
                const failure = toLedgerFailure(error, 'submit evidence:submit');
                expect(failure.kind, error.message).to.equal('unavailable');
                expect(failure.txId).to.equal(TX);
                expect(toHttpError(failure)).to.include({ statusCode: 503, code: 'UNAVAILABLE', component: 'ledger' });
            }
            expect(toLedgerFailure(chaincodeDown, 'submit').details[0]?.message).to.contain(
                'could not launch chaincode',
            );
        });

        it('a typed failure passes through; a fault of this process is a 500, not a 503', () => {
            const typed = new LedgerFailure('not-found', 'no such transaction', { txId: TX });
            expect(toLedgerFailure(typed, 'x')).to.equal(typed);
            const local = toLedgerFailure(new TypeError('x is undefined'), 'submit evidence:submit');
            expect(local).to.include({ kind: 'chaincode', code: undefined });
            expect(toHttpError(local)).to.include({ statusCode: 500 });
        });
    });
});
