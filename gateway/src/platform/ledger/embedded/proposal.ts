/**
 * Builds a real Fabric `SignedProposal` and `ChaincodeInput`, as a Fabric client SDK would
 * (protoutil.CreateChaincodeProposalWithTxIDNonceAndTransient), so fabric-shim's `ChaincodeStub` decodes
 * the creator, timestamp, transient map and binding from genuine protobuf bytes.
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { randomBytes, sign } from 'node:crypto';
import { canonicalJson, sha256Hex } from './chain-hash';
import { protoTimestamp } from './fabric-internals';
import type { SigningIdentity } from './identities';

/** What to propose. */
export interface ProposalSpec {
    readonly identity: SigningIdentity;
    readonly channel: string;
    readonly chaincodeName: string;
    /** `contract:fn` followed by the string arguments. */
    readonly args: readonly string[];
    readonly transient: ReadonlyMap<string, Uint8Array>;
    readonly timestamp: Date;
}

/** A signed proposal ready for the stub. */
export interface BuiltProposal {
    /** Hex SHA-256(nonce ‖ creator), Fabric's transaction id. */
    readonly txId: string;
    readonly signedProposal: peer.SignedProposal;
    readonly input: peer.ChaincodeInput;
    /** See {@link transientHash}. */
    readonly transientHash: string;
}

interface ProtoMap {
    set(key: string, value: Uint8Array): void;
}

const serializedCreators = new WeakMap<SigningIdentity, Uint8Array>();

/** `msp.SerializedIdentity{mspid, id_bytes = PEM}` bytes, cached per identity. */
function serializedCreator(identity: SigningIdentity): Uint8Array {
    let bytes = serializedCreators.get(identity);
    if (bytes === undefined) {
        const creator = new msp.SerializedIdentity();
        creator.setMspid(identity.mspId);
        creator.setIdBytes(Buffer.from(identity.certificate, 'utf8'));
        bytes = creator.serializeBinary();
        serializedCreators.set(identity, bytes);
    }
    return bytes;
}

/**
 * Hex SHA-256 of the canonical JSON `{name: hex SHA-256(value)}` of a transient map: commits to the private
 * inputs without putting them (or anything they could be guessed from cheaply) on the ledger.
 */
export function transientHash(transient: ReadonlyMap<string, Uint8Array>): string {
    const digests: Record<string, string> = {};
    for (const [name, value] of transient) {
        digests[name] = sha256Hex(value);
    }
    return sha256Hex(canonicalJson(digests));
}

/** Builds and signs (ECDSA with the identity's key) a chaincode proposal. */
export function buildProposal(spec: ProposalSpec): BuiltProposal {
    const creator = serializedCreator(spec.identity);
    const nonce = randomBytes(24);
    const txId = sha256Hex(Buffer.concat([nonce, creator]));

    const chaincodeId = new peer.ChaincodeID();
    chaincodeId.setName(spec.chaincodeName);
    const input = new peer.ChaincodeInput();
    input.setArgsList(spec.args.map((arg) => Buffer.from(arg, 'utf8')));
    const chaincodeSpec = new peer.ChaincodeSpec();
    chaincodeSpec.setType(peer.ChaincodeSpec.Type.NODE);
    chaincodeSpec.setChaincodeId(chaincodeId);
    chaincodeSpec.setInput(input);
    const invocation = new peer.ChaincodeInvocationSpec();
    invocation.setChaincodeSpec(chaincodeSpec);

    const payload = new peer.ChaincodeProposalPayload();
    payload.setInput(invocation.serializeBinary());
    const transientMap = payload.getTransientmapMap() as unknown as ProtoMap;
    for (const [name, value] of spec.transient) {
        transientMap.set(name, value);
    }

    const extension = new peer.ChaincodeHeaderExtension();
    extension.setChaincodeId(chaincodeId);
    const channelHeader = new common.ChannelHeader();
    channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
    channelHeader.setVersion(0);
    channelHeader.setTimestamp(protoTimestamp(spec.timestamp));
    channelHeader.setChannelId(spec.channel);
    channelHeader.setTxId(txId);
    channelHeader.setEpoch(0);
    channelHeader.setExtension$(extension.serializeBinary());
    const signatureHeader = new common.SignatureHeader();
    signatureHeader.setCreator(creator);
    signatureHeader.setNonce(nonce);
    const header = new common.Header();
    header.setChannelHeader(channelHeader.serializeBinary());
    header.setSignatureHeader(signatureHeader.serializeBinary());

    const proposal = new peer.Proposal();
    proposal.setHeader(header.serializeBinary());
    proposal.setPayload(payload.serializeBinary());
    const proposalBytes = proposal.serializeBinary();
    const signedProposal = new peer.SignedProposal();
    signedProposal.setProposalBytes(proposalBytes);
    signedProposal.setSignature(sign('sha256', proposalBytes, spec.identity.privateKey));

    return { txId, signedProposal, input, transientHash: transientHash(spec.transient) };
}
