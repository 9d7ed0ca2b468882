/**
 * Reading a Fabric `common.Block`: each transaction's position, id, timestamp, validation code and chaincode
 * event, as the committing peer recorded them.
 */
import { common, gateway, peer } from '@hyperledger/fabric-protos';
// The domain module directly: the chaincode's index would also load its contracts (decorator metadata).
import { isoTimestamp } from '@court-ledger/chaincode/domain';
import type { ProtoTimestamp } from '../embedded/fabric-internals';

/** One transaction of a block. */
export interface BlockTransaction {
    readonly txIndex: number;
    readonly txId: string;
    readonly timestamp: string;
    /** `peer.TxValidationCode` (0 = VALID) from the block's TRANSACTIONS_FILTER metadata. */
    readonly validationCode: number;
    /** The chaincode event of an endorser transaction, if it set one. */
    readonly event: { readonly chaincodeId: string; readonly name: string; readonly payload: Uint8Array } | undefined;
}

/** ISO time of a protobuf timestamp, with the chaincode's precision (milliseconds, truncated). */
export function protoTimeIso(timestamp: ProtoTimestamp | undefined): string {
    return timestamp === undefined
        ? new Date(0).toISOString()
        : isoTimestamp(timestamp.getSeconds(), timestamp.getNanos());
}

/** A channel header's timestamp (the proposal's: what the chaincode saw), chaincode precision. */
function channelHeaderTime(channelHeader: common.ChannelHeader): string {
    // google-protobuf's Timestamp type does not resolve under the strict lint; the shape is the same.
    const timestamp = channelHeader.getTimestamp() as unknown as ProtoTimestamp | undefined;
    return protoTimeIso(timestamp);
}

/**
 * The timestamp (chaincode precision) of a fabric-gateway proposal, from its serialized
 * `gateway.ProposedTransaction` (what `Proposal.getBytes()` returns): the time the chaincode sees.
 */
export function proposalTimestamp(proposedTransactionBytes: Uint8Array): string {
    const proposed = gateway.ProposedTransaction.deserializeBinary(proposedTransactionBytes);
    const proposal = peer.Proposal.deserializeBinary(
        proposed.getProposal()?.getProposalBytes_asU8() ?? new Uint8Array(),
    );
    const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
    return channelHeaderTime(common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()));
}

/** The chaincode event of an endorser transaction's first action (Fabric keeps one per transaction). */
function chaincodeEvent(payloadData: Uint8Array): BlockTransaction['event'] {
    const transaction = peer.Transaction.deserializeBinary(payloadData);
    const action = transaction.getActionsList()[0];
    if (action === undefined) {
        return undefined;
    }
    const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
    const responsePayload = actionPayload.getAction()?.getProposalResponsePayload_asU8();
    if (responsePayload === undefined || responsePayload.length === 0) {
        return undefined;
    }
    const extension = peer.ProposalResponsePayload.deserializeBinary(responsePayload).getExtension_asU8();
    const eventBytes = peer.ChaincodeAction.deserializeBinary(extension).getEvents_asU8();
    if (eventBytes.length === 0) {
        return undefined;
    }
    const event = peer.ChaincodeEvent.deserializeBinary(eventBytes);
    if (event.getEventName() === '') {
        return undefined;
    }
    return { chaincodeId: event.getChaincodeId(), name: event.getEventName(), payload: event.getPayload_asU8() };
}

/** The transactions of `block`, in block order. */
export function blockTransactions(block: common.Block): BlockTransaction[] {
    const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
    return (block.getData()?.getDataList_asU8() ?? []).map((envelopeBytes, txIndex) => {
        const envelope = common.Envelope.deserializeBinary(envelopeBytes);
        const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
        const header = payload.getHeader();
        const channelHeader = common.ChannelHeader.deserializeBinary(
            header?.getChannelHeader_asU8() ?? new Uint8Array(),
        );
        const isEndorser = channelHeader.getType() === common.HeaderType.ENDORSER_TRANSACTION;
        return {
            txIndex,
            txId: channelHeader.getTxId(),
            timestamp: channelHeaderTime(channelHeader),
            validationCode: filter?.[txIndex] ?? peer.TxValidationCode.NOT_VALIDATED,
            event: isEndorser ? chaincodeEvent(payload.getData_asU8()) : undefined,
        };
    });
}

/** The block number as a JavaScript number (channels stay far below 2^53 blocks). */
export function blockNumberOf(block: common.Block): number {
    return block.getHeader()?.getNumber() ?? -1;
}
