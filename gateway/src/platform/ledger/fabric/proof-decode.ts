/**
 * Decoding a Fabric `common.Block` and the endorser transaction a receipt names, for the offline proof verifier
 * (proof-verify.ts) and the proof builder (proof.ts). Browser-safe: the generated protobuf classes are imported
 * one file each (the package index pulls in gRPC), hashing is @noble/hashes, no Node built-ins or Buffer.
 */
import { concatBytes } from '@noble/hashes/utils';
import { sha256 } from '@noble/hashes/sha2';
import * as common from '@hyperledger/fabric-protos/lib/common/common_pb';
import * as rwset from '@hyperledger/fabric-protos/lib/ledger/rwset/rwset_pb';
import * as kvrwset from '@hyperledger/fabric-protos/lib/ledger/rwset/kvrwset/kv_rwset_pb';
import * as msp from '@hyperledger/fabric-protos/lib/msp/identities_pb';
import * as chaincodePb from '@hyperledger/fabric-protos/lib/peer/chaincode_pb';
import * as proposal from '@hyperledger/fabric-protos/lib/peer/proposal_pb';
import * as proposalResponse from '@hyperledger/fabric-protos/lib/peer/proposal_response_pb';
import * as transaction from '@hyperledger/fabric-protos/lib/peer/transaction_pb';

/** `common.BlockMetadataIndex`. */
export const SIGNATURES = 0;
export const TRANSACTIONS_FILTER = 2;
/** `common.HeaderType.ENDORSER_TRANSACTION`. */
export const ENDORSER_TRANSACTION = 3;

/** The anchoring invocation as decoded from the block (for readers; the verifier recomputes it). */
export interface FabricInvocation {
    /** Chaincode name, e.g. `court-ledger`. */
    readonly chaincode: string;
    readonly contract: string;
    readonly fn: string;
    /** The string arguments after `contract:function`. */
    readonly args: readonly string[];
    /** MSP id of the transaction's creator (the submitting client). */
    readonly creatorMspId: string;
    /** MSP ids of the endorsing peers, in envelope order. */
    readonly endorsers: readonly string[];
}

/** An `msp.SerializedIdentity`: MSP id and the X.509 certificate bytes (PEM as Fabric stores it). */
export interface SerializedIdentity {
    readonly mspId: string;
    /** Its own copy (a WebCrypto/x509 `BufferSource`, not a view of the block). */
    readonly certificate: Uint8Array<ArrayBuffer>;
}

const utf8 = new TextDecoder();

/** SHA-256 over the concatenation of `parts`. */
export function sha256Of(...parts: readonly Uint8Array[]): Uint8Array {
    const hash = sha256.create();
    for (const part of parts) {
        hash.update(part);
    }
    return hash.digest();
}

/** Bytes of standard base64 (throws on anything else). */
export function base64Bytes(text: string): Uint8Array {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
    return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Decodes an `msp.SerializedIdentity` (throws when it is not one). */
export function parseSerializedIdentity(bytes: Uint8Array): SerializedIdentity {
    const identity = msp.SerializedIdentity.deserializeBinary(bytes);
    return { mspId: identity.getMspid(), certificate: Uint8Array.from(identity.getIdBytes_asU8()) };
}

/** A minimal protobuf wire reader: the length-delimited and varint fields of a message, in order. */
function protoFields(bytes: Uint8Array): { field: number; bytes?: Uint8Array; varint?: bigint }[] {
    const out: { field: number; bytes?: Uint8Array; varint?: bigint }[] = [];
    let at = 0;
    const varint = (): bigint => {
        let result = 0n;
        let shift = 0n;
        for (;;) {
            const byte = bytes[at++];
            if (byte === undefined || shift > 63n) {
                throw new Error('truncated varint');
            }
            result |= BigInt(byte & 0x7f) << shift;
            shift += 7n;
            if ((byte & 0x80) === 0) {
                return result;
            }
        }
    };
    while (at < bytes.length) {
        const key = varint();
        const field = Number(key >> 3n);
        const wire = Number(key & 7n);
        if (wire === 0) {
            out.push({ field, varint: varint() });
        } else if (wire === 2) {
            const length = Number(varint());
            if (at + length > bytes.length) {
                throw new Error('truncated field');
            }
            out.push({ field, bytes: bytes.subarray(at, at + length) });
            at += length;
        } else if (wire === 1 || wire === 5) {
            at += wire === 1 ? 8 : 4;
        } else {
            throw new Error(`unsupported wire type ${wire}`);
        }
    }
    if (at !== bytes.length) {
        throw new Error('truncated message');
    }
    return out;
}

/**
 * `common.Metadata` with Fabric 3's `MetadataSignature.identifier_header` (field 3), which
 * @hyperledger/fabric-protos 0.2.2 does not know (it would drop it), read from the wire directly.
 */
export interface MetadataSignatures {
    readonly value: Uint8Array;
    readonly signatures: readonly {
        readonly signatureHeader: Uint8Array;
        readonly signature: Uint8Array;
        readonly identifierHeader: Uint8Array;
    }[];
}

const EMPTY: Uint8Array = new Uint8Array(0);

/** Decodes the SIGNATURES metadata of a block (throws on malformed bytes). */
export function parseMetadata(bytes: Uint8Array): MetadataSignatures {
    let value = EMPTY;
    const signatures: MetadataSignatures['signatures'][number][] = [];
    for (const entry of protoFields(bytes)) {
        if (entry.field === 1 && entry.bytes !== undefined) {
            value = entry.bytes;
        } else if (entry.field === 2 && entry.bytes !== undefined) {
            let signatureHeader = EMPTY;
            let signature = EMPTY;
            let identifierHeader = EMPTY;
            for (const part of protoFields(entry.bytes)) {
                if (part.bytes === undefined) {
                    continue;
                }
                if (part.field === 1) {
                    signatureHeader = part.bytes;
                } else if (part.field === 2) {
                    signature = part.bytes;
                } else if (part.field === 3) {
                    identifierHeader = part.bytes;
                }
            }
            signatures.push({ signatureHeader, signature, identifierHeader });
        }
    }
    return { value, signatures };
}

/** `common.IdentifierHeader.identifier` (field 1, uint32). */
export function identifierOf(identifierHeader: Uint8Array): number | undefined {
    const field = protoFields(identifierHeader).find((entry) => entry.field === 1 && entry.varint !== undefined);
    return field?.varint === undefined ? undefined : Number(field.varint);
}

/** The creator of a `common.SignatureHeader`. */
export function signatureHeaderCreator(signatureHeader: Uint8Array): SerializedIdentity {
    return parseSerializedIdentity(common.SignatureHeader.deserializeBinary(signatureHeader).getCreator_asU8());
}

function derLength(length: number): Uint8Array {
    if (length < 0x80) {
        return Uint8Array.of(length);
    }
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
        bytes.unshift(rest % 256);
    }
    return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function der(tag: number, content: Uint8Array): Uint8Array {
    return concatBytes(Uint8Array.of(tag), derLength(content.length), content);
}

/** Fabric's `protoutil.BlockHeaderBytes`: ASN.1 DER SEQUENCE { INTEGER number, OCTET STRING previous_hash,
 * OCTET STRING data_hash } (Go `asn1.Marshal` of a struct holding a *big.Int and two []byte). */
export function blockHeaderBytes(number: bigint, previousHash: Uint8Array, dataHash: Uint8Array): Uint8Array {
    const hex = number.toString(16);
    const digits = hex.length % 2 === 1 ? `0${hex}` : hex;
    const magnitude = Uint8Array.from(digits.match(/../g) ?? [], (pair) => parseInt(pair, 16));
    const integer = (magnitude[0] ?? 0) & 0x80 ? concatBytes(Uint8Array.of(0), magnitude) : magnitude;
    return der(0x30, concatBytes(der(0x02, integer), der(0x04, previousHash), der(0x04, dataHash)));
}

/** Fabric's `protoutil.ComputeBlockDataHash`: SHA-256 over the concatenated envelopes. */
export function blockDataHash(envelopes: readonly Uint8Array[]): Uint8Array {
    return sha256Of(...envelopes);
}

/** ISO 8601 UTC of a protobuf timestamp, with its nanoseconds (trailing zeros dropped). */
function isoTimestamp(seconds: number, nanos: number): string {
    const base = new Date(seconds * 1000).toISOString().slice(0, 19);
    const fraction = nanos > 0 ? `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}` : '';
    return `${base}${fraction}Z`;
}

/** google-protobuf's Timestamp (its type is not resolvable from fabric-protos' typings; its shape is known). */
interface ProtoTimestamp {
    getSeconds(): number;
    getNanos(): number;
}

/** The parts of an endorser transaction the verifier checks. */
export interface DecodedTransaction {
    readonly channelId: string;
    readonly txId: string;
    readonly type: number;
    readonly timestamp: string;
    readonly nonce: Uint8Array;
    readonly creator: SerializedIdentity;
    readonly creatorBytes: Uint8Array;
    readonly payload: Uint8Array;
    readonly signature: Uint8Array;
    readonly proposalHash: Uint8Array;
    readonly proposalResponsePayload: Uint8Array;
    readonly endorsedProposalHash: Uint8Array;
    readonly endorsements: readonly { readonly endorser: Uint8Array; readonly signature: Uint8Array }[];
    readonly responseStatus: number;
    readonly invocation: Omit<FabricInvocation, 'endorsers' | 'creatorMspId'>;
    readonly writes: ReadonlyMap<string, string | undefined>;
}

function invocationOf(proposalPayloadBytes: Uint8Array): DecodedTransaction['invocation'] {
    const spec = chaincodePb.ChaincodeInvocationSpec.deserializeBinary(
        proposal.ChaincodeProposalPayload.deserializeBinary(proposalPayloadBytes).getInput_asU8(),
    ).getChaincodeSpec();
    const [name = '', ...args] = (spec?.getInput()?.getArgsList_asU8() ?? []).map((arg) => utf8.decode(arg));
    const separator = name.indexOf(':');
    return {
        chaincode: spec?.getChaincodeId()?.getName() ?? '',
        contract: separator < 0 ? '' : name.slice(0, separator),
        fn: separator < 0 ? name : name.slice(separator + 1),
        args,
    };
}

/** The values the transaction writes in `chaincode`'s namespace, by key (undefined = deleted). */
function writesOf(results: Uint8Array, chaincode: string): Map<string, string | undefined> {
    const writes = new Map<string, string | undefined>();
    for (const ns of rwset.TxReadWriteSet.deserializeBinary(results).getNsRwsetList()) {
        if (ns.getNamespace() !== chaincode) {
            continue;
        }
        for (const write of kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()).getWritesList()) {
            writes.set(write.getKey(), write.getIsDelete() ? undefined : utf8.decode(write.getValue_asU8()));
        }
    }
    return writes;
}

/** Decodes an endorser transaction envelope (throws on anything malformed). */
export function decodeTransaction(envelopeBytes: Uint8Array): DecodedTransaction {
    const envelope = common.Envelope.deserializeBinary(envelopeBytes);
    const payloadBytes = envelope.getPayload_asU8();
    const payload = common.Payload.deserializeBinary(payloadBytes);
    const header = payload.getHeader();
    if (header === undefined) {
        throw new Error('payload has no header');
    }
    const channelHeaderBytes = header.getChannelHeader_asU8();
    const signatureHeaderBytes = header.getSignatureHeader_asU8();
    const channelHeader = common.ChannelHeader.deserializeBinary(channelHeaderBytes);
    const signatureHeader = common.SignatureHeader.deserializeBinary(signatureHeaderBytes);
    const creatorBytes = signatureHeader.getCreator_asU8();
    const timestamp = channelHeader.getTimestamp() as ProtoTimestamp | undefined;
    const actions = transaction.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList();
    const action = actions[0];
    if (actions.length !== 1 || action === undefined) {
        throw new Error(`transaction has ${actions.length} actions, expected 1`);
    }
    const actionPayload = transaction.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
    const proposalPayloadBytes = actionPayload.getChaincodeProposalPayload_asU8();
    const endorsed = actionPayload.getAction();
    if (endorsed === undefined) {
        throw new Error('transaction has no endorsed action');
    }
    const prpBytes = endorsed.getProposalResponsePayload_asU8();
    const prp = proposalResponse.ProposalResponsePayload.deserializeBinary(prpBytes);
    const chaincodeAction = proposal.ChaincodeAction.deserializeBinary(prp.getExtension_asU8());
    const invocation = invocationOf(proposalPayloadBytes);
    return {
        channelId: channelHeader.getChannelId(),
        txId: channelHeader.getTxId(),
        type: channelHeader.getType(),
        timestamp: isoTimestamp(timestamp?.getSeconds() ?? 0, timestamp?.getNanos() ?? 0),
        nonce: signatureHeader.getNonce_asU8(),
        creator: parseSerializedIdentity(creatorBytes),
        creatorBytes,
        payload: payloadBytes,
        signature: envelope.getSignature_asU8(),
        proposalHash: sha256Of(channelHeaderBytes, signatureHeaderBytes, proposalPayloadBytes),
        proposalResponsePayload: prpBytes,
        endorsedProposalHash: prp.getProposalHash_asU8(),
        endorsements: endorsed.getEndorsementsList().map((endorsement) => ({
            endorser: endorsement.getEndorser_asU8(),
            signature: endorsement.getSignature_asU8(),
        })),
        responseStatus: chaincodeAction.getResponse()?.getStatus() ?? 0,
        invocation,
        writes: writesOf(chaincodeAction.getResults_asU8(), invocation.chaincode),
    };
}

/** The header, envelopes and metadata of a `common.Block`. */
export interface DecodedBlock {
    readonly number: bigint;
    readonly previousHash: Uint8Array;
    readonly dataHash: Uint8Array;
    readonly data: readonly Uint8Array[];
    readonly metadata: readonly Uint8Array[];
}

/** Decodes a `common.Block` (throws when it has no header). */
export function decodeBlock(bytes: Uint8Array): DecodedBlock {
    const block = common.Block.deserializeBinary(bytes);
    const header = block.getHeader();
    if (header === undefined) {
        throw new Error('block has no header');
    }
    return {
        number: BigInt(header.getNumber()),
        previousHash: header.getPreviousHash_asU8(),
        dataHash: header.getDataHash_asU8(),
        data: block.getData()?.getDataList_asU8() ?? [],
        metadata: block.getMetadata()?.getMetadataList_asU8() ?? [],
    };
}

/** The tx id in an envelope's channel header; undefined when it cannot be decoded. */
export function channelHeaderTxId(envelope: Uint8Array): string | undefined {
    try {
        const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelope).getPayload_asU8());
        const header = payload.getHeader();
        return header === undefined
            ? undefined
            : common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()).getTxId();
    } catch {
        return undefined;
    }
}
