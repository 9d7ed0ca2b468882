/**
 * fabric-gateway's errors → {@link LedgerFailure} kinds, so everything above the Ledger interface sees the same
 * failures in both modes: chaincode refusals keep their stable `CODE: …` message, validation codes at commit
 * become `mvcc-conflict` / `endorsement-policy`, unreachable peers and deadlines `unavailable`.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, GatewayError } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
// The domain module directly: the chaincode's index would also load its contracts (decorator metadata).
import { parseErrorCode } from '@court-ledger/chaincode/domain';
import { LedgerFailure } from '../ledger';

/** gRPC statuses that mean "could not reach the ledger in time": retry later. */
const UNREACHABLE = new Set<number>([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.CANCELLED]);

/** Name of a transaction validation code, e.g. `MVCC_READ_CONFLICT`. */
export function validationCodeName(code: number): string {
    const entry = Object.entries(peer.TxValidationCode).find(([, value]) => value === code);
    return entry?.[0] ?? `code ${String(code)}`;
}

/** The failure of a transaction that the committing peer marked invalid with `code`. */
export function invalidTransactionFailure(code: number, txId: string): LedgerFailure {
    const name = validationCodeName(code);
    switch (code) {
        case peer.TxValidationCode.MVCC_READ_CONFLICT:
        case peer.TxValidationCode.PHANTOM_READ_CONFLICT:
            return new LedgerFailure(
                'mvcc-conflict',
                `transaction ${txId} invalidated at commit (${name}); retry it`,
                txId,
            );
        case peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE:
            return new LedgerFailure('endorsement-policy', `ENDORSEMENT_POLICY_FAILURE: transaction ${txId}`, txId);
        default:
            return new LedgerFailure('chaincode', `transaction ${txId} invalidated at commit (${name})`, txId);
    }
}

/**
 * The chaincode's own `CODE: detail` from a peer's message (e.g. `chaincode response 500, INVALID_TRANSITION:
 * …`), starting at the code, or undefined when the message carries no known code.
 */
function chaincodeMessage(message: string): string | undefined {
    const parsed = parseErrorCode(message);
    if (parsed === undefined) {
        return undefined;
    }
    const start = message.lastIndexOf(`${parsed.code}: `, message.length - parsed.detail.length);
    return start < 0 ? undefined : message.slice(start);
}

/**
 * Whether a peer could not reach the chaincode server (CCaaS process down or restarting): the peer reports it
 * as an endorsement failure with gRPC ABORTED and no structured code, only its stable message "could not launch
 * chaincode" (core/chaincode in Fabric), so that phrase is the one thing matched here. The ledger is then
 * unavailable for a while (503, retry), not refusing the transaction.
 */
function chaincodeUnreachable(message: string): boolean {
    return message.includes('could not launch chaincode');
}

/** fabric-gateway exports SubmitError as a type only; its instances are named. */
function isSubmitError(error: GatewayError): boolean {
    return error.name === 'SubmitError';
}

function transactionIdOf(error: unknown): string | undefined {
    const txId = (error as { transactionId?: unknown } | undefined)?.transactionId;
    return (error instanceof GatewayError || error instanceof CommitError) && typeof txId === 'string'
        ? txId
        : undefined;
}

/** Maps anything a fabric-gateway call threw to a {@link LedgerFailure} (a LedgerFailure passes through). */
export function toLedgerFailure(error: unknown, what: string): LedgerFailure {
    if (error instanceof LedgerFailure) {
        return error;
    }
    const txId = transactionIdOf(error);
    if (error instanceof CommitError) {
        return invalidTransactionFailure(error.code, error.transactionId);
    }
    if (error instanceof GatewayError) {
        for (const message of [...error.details.map((detail) => detail.message), error.message]) {
            const refusal = chaincodeMessage(message);
            if (refusal !== undefined) {
                return new LedgerFailure('chaincode', refusal, txId, { cause: error });
            }
        }
        const details = error.details.map((d) => `${d.mspId}@${d.address}: ${d.message}`).join('; ');
        const message = `${what}: ${error.message}${details === '' ? '' : ` (${details})`}`;
        if (
            UNREACHABLE.has(error.code) ||
            isSubmitError(error) ||
            error instanceof CommitStatusError ||
            error.details.some((detail) => chaincodeUnreachable(detail.message))
        ) {
            return new LedgerFailure('unavailable', message, txId, { cause: error });
        }
        return new LedgerFailure('chaincode', message, txId, { cause: error });
    }
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'number' && UNREACHABLE.has(code)) {
        return new LedgerFailure('unavailable', `${what}: ${(error as Error).message}`, txId, { cause: error });
    }
    // Not a gateway error: a fault of this process, not of the network (500, not 503).
    return new LedgerFailure('chaincode', `${what}: ${(error as Error).message}`, txId, { cause: error });
}
