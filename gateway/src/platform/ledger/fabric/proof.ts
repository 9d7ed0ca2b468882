/**
 * Offline-checkable proof of a transaction on a Hyperledger Fabric channel (architecture.md, "Receipts",
 * Fabric receipts). The proof carries the whole `common.Block` that holds the transaction, as the peer
 * returned it (protobuf, base64): Fabric's block data hash is SHA-256 over the concatenation of every
 * envelope of the block, so recomputing it needs all of them, and the block's metadata carries the
 * orderer's signature and the validation flags. Next to it: the CA certificates of the organisations
 * (what the orderer, the creator and the endorsers chain to) and a readable summary of the invocation,
 * which the verifier (proof-verify.ts, browser-safe) recomputes from the block and compares.
 */
import {
    channelHeaderTxId,
    decodeBlock,
    decodeTransaction,
    parseMetadata,
    parseSerializedIdentity,
    SIGNATURES,
    signatureHeaderCreator,
} from './proof-decode';
import type { FabricConsenter, FabricTransactionProof } from './proof-types';
import { verifyFabricTransactionProof } from './proof-verify';

export { blockHeaderBytes, blockDataHash, type FabricInvocation } from './proof-decode';
export type {
    FabricConsenter,
    FabricProofCheck,
    FabricProofOptions,
    FabricProofVerification,
    FabricTransactionProof,
} from './proof-types';
export { verifyFabricTransactionProof } from './proof-verify';

/** What {@link buildFabricTransactionProof} needs. */
export interface FabricProofInput {
    readonly channel: string;
    readonly txId: string;
    /** The common.Block protobuf bytes as the peer returned them (qscc `GetBlockByTxID`). */
    readonly block: Uint8Array;
    /**
     * MSP id → PEM root (and intermediate) CA certificates of every organisation of the channel, orderer
     * organisations included (e.g. CourtMSP, AgencyMSP, OrdererMSP): what endorsers and the orderer chain to.
     */
    readonly mspCaCertificates: Readonly<Record<string, readonly string[]>>;
    /**
     * MSP ids of the ordering organisations. Default: the MSP ids of the identities that signed the block
     * with a signature header (its SIGNATURES metadata) and of the `consenters`.
     */
    readonly ordererMspIds?: readonly string[];
    /**
     * The consenters of the channel (its configuration), needed only when an orderer signs blocks with an
     * `identifier_header` (BFT) instead of a signature header.
     */
    readonly consenters?: readonly FabricConsenter[];
}

function blockSigners(metadata: readonly Uint8Array[]): string[] {
    const bytes = metadata[SIGNATURES];
    if (bytes === undefined) {
        return [];
    }
    return parseMetadata(bytes).signatures.flatMap((entry) =>
        entry.signatureHeader.length === 0 ? [] : [signatureHeaderCreator(entry.signatureHeader).mspId],
    );
}

/**
 * Builds the proof of transaction `txId` from the block the peer returned; rejects when the block does not
 * hold it, or holds it as an invalid transaction, or the proof would not verify with `mspCaCertificates` (so
 * a proof that cannot verify is never handed out).
 */
export async function buildFabricTransactionProof(input: FabricProofInput): Promise<FabricTransactionProof> {
    const block = decodeBlock(input.block);
    const txIndex = block.data.findIndex((envelope) => channelHeaderTxId(envelope) === input.txId);
    const envelope = block.data[txIndex];
    if (envelope === undefined) {
        throw new Error(`block ${block.number} does not hold transaction ${input.txId}`);
    }
    const tx = decodeTransaction(envelope);
    const ordererMspIds = input.ordererMspIds ?? [
        ...new Set([...blockSigners(block.metadata), ...(input.consenters ?? []).map((c) => c.mspId)]),
    ];
    const proof: FabricTransactionProof = {
        mode: 'fabric',
        channel: input.channel,
        txId: input.txId,
        blockNumber: Number(block.number),
        timestamp: tx.timestamp,
        txIndex,
        block: Buffer.from(input.block).toString('base64'),
        caCertificates: Object.fromEntries(
            Object.entries(input.mspCaCertificates).map(([mspId, pems]) => [mspId, [...pems]]),
        ),
        ordererMspIds,
        ...(input.consenters === undefined ? {} : { consenters: input.consenters.map((c) => ({ ...c })) }),
        invocation: {
            ...tx.invocation,
            args: [...tx.invocation.args],
            creatorMspId: tx.creator.mspId,
            endorsers: tx.endorsements.map((e) => {
                try {
                    return parseSerializedIdentity(e.endorser).mspId;
                } catch {
                    return '?';
                }
            }),
        },
    };
    const outcome = await verifyFabricTransactionProof(proof);
    if (!outcome.valid) {
        throw new Error(`transaction ${input.txId} has no valid proof: ${outcome.problems.join('; ')}`);
    }
    return proof;
}
