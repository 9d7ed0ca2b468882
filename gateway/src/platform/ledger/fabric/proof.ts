/**
 * Offline-checkable proof of a transaction on a Hyperledger Fabric channel (architecture.md, "Receipts",
 * Fabric receipts). The proof carries the whole `common.Block` that holds the transaction, as the peer
 * returned it (protobuf, base64): Fabric's block data hash is SHA-256 over the concatenation of every
 * envelope of the block, so recomputing it needs all of them, and the block's metadata carries the
 * orderer's signature and the validation flags. Next to it: the CA certificates of the organisations
 * (what the orderer, the creator and the endorsers chain to) and a readable summary of the invocation,
 * which the verifier recomputes from the block and compares.
 *
 * Verification (pure, needs no network), following Fabric 3.1 (protoutil/blockutils.go, txutils.go,
 * core/common/validation/msgvalidation.go):
 * - block data hash: SHA-256(data[0] ‖ data[1] ‖ …) = header.data_hash;
 * - orderer signature(s) in metadata[SIGNATURES]: over `metadata.value ‖ signature_header ‖
 *   ASN.1(number, previous_hash, data_hash)` by the signature header's creator, or, for a consenter that sends
 *   an `identifier_header` (BFT) instead, over `metadata.value ‖ identifier_header ‖ header bytes` by the
 *   consenter with that id (from the proof's `consenters`, taken from the channel configuration); each signer
 *   an `orderer` (NodeOU) of an ordering organisation whose certificate chains to its MSP's CA;
 * - the envelope at `txIndex` is an endorser transaction of this channel with this tx id (= SHA-256(nonce ‖
 *   creator)) and timestamp, and metadata[TRANSACTIONS_FILTER][txIndex] = 0 (VALID);
 * - the creator's signature over the payload, the creator chaining to its organisation's CA;
 * - each endorsement's signature over `proposal_response_payload ‖ endorser`, each endorser a `peer` chaining
 *   to its organisation's CA; the endorsed proposal hash = SHA-256(channel header ‖ signature header ‖
 *   chaincode proposal payload) of this transaction; the chaincode response status 200;
 * - the invocation (chaincode, `contract:function`, arguments) and the write set, decoded from the block.
 *
 * Certificate validity periods are not checked: a receipt is checked long after it was issued, when the
 * certificates that signed it may have expired; what matters is that they were issued by the CA.
 */
import { createHash, verify as verifySignature, X509Certificate, type KeyObject } from 'node:crypto';
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import type { ProtoTimestamp } from '../embedded/fabric-internals';
import type { TransactionProof } from '../ledger';
import { commonProofProblems, isRecord } from '../proof-fields';

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

/** A consenter of the ordering service, as listed in the channel configuration. */
export interface FabricConsenter {
    readonly id: number;
    readonly mspId: string;
    /** Its X.509 certificate, PEM. */
    readonly certificate: string;
}

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

/** The Fabric ledger's {@link TransactionProof}. */
export interface FabricTransactionProof extends TransactionProof {
    readonly mode: 'fabric';
    /** Position of the transaction in its block. */
    readonly txIndex: number;
    /** The whole common.Block holding the transaction, protobuf, base64. */
    readonly block: string;
    /** MSP id → PEM CA certificates the signers chain to (taken as given unless the verifier pins its own). */
    readonly caCertificates: Readonly<Record<string, readonly string[]>>;
    /** MSP ids of the ordering organisations: only their `orderer` identities may sign the block. */
    readonly ordererMspIds: readonly string[];
    /** Consenters by id, when blocks are signed with identifier headers (BFT); absent otherwise. */
    readonly consenters?: readonly FabricConsenter[];
    readonly invocation: FabricInvocation;
}

/** One step of {@link verifyFabricTransactionProof}. */
export interface FabricProofCheck {
    /** `fabric-proof-format`, `fabric-ca-certificates`, `fabric-block-data-hash`, `fabric-block-header`,
     * `fabric-orderer-signature`, `fabric-transaction`, `fabric-validation-code`, `fabric-creator-signature`,
     * `fabric-endorsements`, `fabric-invocation`. */
    readonly name: string;
    readonly ok: boolean;
    readonly detail: string;
}

/** Outcome of {@link verifyFabricTransactionProof}. */
export interface FabricProofVerification {
    readonly valid: boolean;
    /** `name: detail` of each failed check (empty when valid). */
    readonly problems: readonly string[];
    readonly checks: readonly FabricProofCheck[];
    /** The invocation decoded from the block (undefined when the block or envelope cannot be decoded). */
    readonly invocation?: FabricInvocation;
    /** The values of the keys the transaction writes in its chaincode's namespace, by key (UTF-8). */
    readonly writes?: ReadonlyMap<string, string | undefined>;
    /** Whether the CA certificates were pinned by the caller (true) or taken from the proof (false). */
    readonly pinned: boolean;
}

/** Options of {@link verifyFabricTransactionProof}. */
export interface FabricProofOptions {
    /**
     * MSP id → PEM CA certificates to trust (e.g. published by the court and the agencies). When given, every
     * signer must chain to these, and each CA certificate the proof carries must be one of them; otherwise the
     * proof's own `caCertificates` are used (not pinned).
     */
    readonly trustedCaCertificates?: Readonly<Record<string, readonly string[]>>;
    /**
     * MSP ids of the ordering organisations to trust; default the proof's `ordererMspIds`. Give it together with
     * `trustedCaCertificates`: a forged proof could list an application organisation as an orderer.
     */
    readonly trustedOrdererMspIds?: readonly string[];
}

/** `common.BlockMetadataIndex`. */
const SIGNATURES = 0;
const TRANSACTIONS_FILTER = 2;
/** `common.HeaderType.ENDORSER_TRANSACTION`. */
const ENDORSER_TRANSACTION = 3;
/** `peer.TxValidationCode` names of the codes a reader is likely to meet. */
const VALIDATION_CODES: Readonly<Record<number, string>> = {
    0: 'VALID',
    1: 'NIL_ENVELOPE',
    2: 'BAD_PAYLOAD',
    4: 'BAD_CREATOR_SIGNATURE',
    5: 'INVALID_ENDORSER_TRANSACTION',
    9: 'DUPLICATE_TXID',
    10: 'ENDORSEMENT_POLICY_FAILURE',
    11: 'MVCC_READ_CONFLICT',
    12: 'PHANTOM_READ_CONFLICT',
    254: 'NOT_VALIDATED',
};

// ---------------------------------------------------------------------------------------------------------
// Encoding helpers

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
interface MetadataSignatures {
    readonly value: Uint8Array;
    readonly signatures: readonly {
        readonly signatureHeader: Uint8Array;
        readonly signature: Uint8Array;
        readonly identifierHeader: Uint8Array;
    }[];
}

const EMPTY: Uint8Array = new Uint8Array(0);

function parseMetadata(bytes: Uint8Array): MetadataSignatures {
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
function identifierOf(identifierHeader: Uint8Array): number | undefined {
    const field = protoFields(identifierHeader).find((entry) => entry.field === 1 && entry.varint !== undefined);
    return field?.varint === undefined ? undefined : Number(field.varint);
}

function derLength(length: number): Buffer {
    if (length < 0x80) {
        return Buffer.from([length]);
    }
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
        bytes.unshift(rest % 256);
    }
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function der(tag: number, content: Uint8Array): Buffer {
    return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

/** Fabric's `protoutil.BlockHeaderBytes`: ASN.1 DER SEQUENCE { INTEGER number, OCTET STRING previous_hash,
 * OCTET STRING data_hash } (Go `asn1.Marshal` of a struct holding a *big.Int and two []byte). */
export function blockHeaderBytes(number: bigint, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
    let hex = number.toString(16);
    if (hex.length % 2 === 1) {
        hex = `0${hex}`;
    }
    let integer = Buffer.from(hex, 'hex');
    if ((integer[0] ?? 0) & 0x80) {
        integer = Buffer.concat([Buffer.from([0]), integer]);
    }
    return der(0x30, Buffer.concat([der(0x02, integer), der(0x04, previousHash), der(0x04, dataHash)]));
}

/** Fabric's `protoutil.ComputeBlockDataHash`: SHA-256 over the concatenated envelopes. */
export function blockDataHash(envelopes: readonly Uint8Array[]): Buffer {
    const hash = createHash('sha256');
    for (const envelope of envelopes) {
        hash.update(envelope);
    }
    return hash.digest();
}

function sha256(...parts: Uint8Array[]): Buffer {
    const hash = createHash('sha256');
    for (const part of parts) {
        hash.update(part);
    }
    return hash.digest();
}

/** ISO 8601 UTC of a protobuf timestamp, with its nanoseconds (trailing zeros dropped). */
function isoTimestamp(seconds: number, nanos: number): string {
    const base = new Date(seconds * 1000).toISOString().slice(0, 19);
    const fraction = nanos > 0 ? `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}` : '';
    return `${base}${fraction}Z`;
}

// ---------------------------------------------------------------------------------------------------------
// Identities and signatures

/** The order of the P-256 and P-384 groups, for Fabric's low-S rule. */
const CURVE_ORDERS: Readonly<Record<string, bigint>> = {
    prime256v1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    secp384r1: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
};

/** `s` of a DER ECDSA signature, or undefined when it is not one. */
function ecdsaS(signature: Uint8Array): bigint | undefined {
    const bytes = Buffer.from(signature);
    if (bytes[0] !== 0x30 || bytes.length < 8) {
        return undefined;
    }
    let at = (bytes[1] ?? 0) & 0x80 ? 2 + ((bytes[1] ?? 0) & 0x7f) : 2;
    const readInteger = (): Buffer | undefined => {
        if (bytes[at] !== 0x02) {
            return undefined;
        }
        const length = bytes[at + 1] ?? 0;
        const value = bytes.subarray(at + 2, at + 2 + length);
        at += 2 + length;
        return value;
    };
    readInteger();
    const s = readInteger();
    return s === undefined || s.length === 0 ? undefined : BigInt(`0x${s.toString('hex')}`);
}

/** Verifies a Fabric signature over `data`: ECDSA with SHA-256 (DER, low-S as Fabric requires) or Ed25519. */
function verifies(data: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
    try {
        if (key.asymmetricKeyType === 'ed25519') {
            return verifySignature(null, data, key, signature);
        }
        if (key.asymmetricKeyType !== 'ec') {
            return false;
        }
        const curve = key.asymmetricKeyDetails?.namedCurve;
        const order = curve === undefined ? undefined : CURVE_ORDERS[curve];
        const s = ecdsaS(signature);
        if (order === undefined || s === undefined || s > order / 2n) {
            return false;
        }
        const hash = curve === 'secp384r1' ? 'sha384' : 'sha256';
        return verifySignature(hash, data, key, signature);
    } catch {
        return false;
    }
}

interface Identity {
    readonly mspId: string;
    readonly certificate: X509Certificate;
}

/** An `msp.SerializedIdentity` (MSP id and PEM certificate). */
function parseIdentity(bytes: Uint8Array): Identity {
    const identity = msp.SerializedIdentity.deserializeBinary(bytes);
    return {
        mspId: identity.getMspid(),
        certificate: new X509Certificate(Buffer.from(identity.getIdBytes_asU8())),
    };
}

function organizationalUnits(certificate: X509Certificate): string[] {
    return certificate.subject
        .split('\n')
        .filter((line) => line.startsWith('OU='))
        .map((line) => line.slice(3));
}

function selfSigned(certificate: X509Certificate): boolean {
    try {
        return certificate.checkIssued(certificate) && certificate.verify(certificate.publicKey);
    } catch {
        return false;
    }
}

/** True when `certificate` chains, through `authorities`, to a self-signed one of them. */
function chainsTo(certificate: X509Certificate, authorities: readonly X509Certificate[]): boolean {
    let current = certificate;
    for (let depth = 0; depth < 8; depth++) {
        const issuer = authorities.find((ca) => {
            try {
                return current.checkIssued(ca) && current.verify(ca.publicKey) && ca.ca;
            } catch {
                return false;
            }
        });
        if (issuer === undefined) {
            return false;
        }
        if (selfSigned(issuer)) {
            return true;
        }
        current = issuer;
    }
    return false;
}

function describe(identity: Identity): string {
    const cn = /(?:^|\n)CN=([^\n]*)/.exec(identity.certificate.subject)?.[1] ?? '?';
    return `${identity.mspId} ${cn}`;
}

// ---------------------------------------------------------------------------------------------------------
// Decoding the block

interface DecodedTransaction {
    readonly channelId: string;
    readonly txId: string;
    readonly type: number;
    readonly timestamp: string;
    readonly nonce: Uint8Array;
    readonly creator: Identity;
    readonly creatorBytes: Uint8Array;
    readonly payload: Uint8Array;
    readonly signature: Uint8Array;
    readonly proposalHash: Buffer;
    readonly proposalResponsePayload: Uint8Array;
    readonly endorsedProposalHash: Uint8Array;
    readonly endorsements: readonly { readonly endorser: Uint8Array; readonly signature: Uint8Array }[];
    readonly responseStatus: number;
    readonly invocation: Omit<FabricInvocation, 'endorsers'>;
    readonly writes: ReadonlyMap<string, string | undefined>;
}

/** Decodes an endorser transaction envelope (throws on anything malformed). */
function decodeTransaction(envelopeBytes: Uint8Array): DecodedTransaction {
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
    // google-protobuf's Timestamp type is not resolvable from fabric-protos' typings; its shape is known.
    const timestamp = channelHeader.getTimestamp() as unknown as ProtoTimestamp | undefined;
    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    const actions = transaction.getActionsList();
    const action = actions[0];
    if (actions.length !== 1 || action === undefined) {
        throw new Error(`transaction has ${actions.length} actions, expected 1`);
    }
    const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
    const proposalPayloadBytes = actionPayload.getChaincodeProposalPayload_asU8();
    const endorsed = actionPayload.getAction();
    if (endorsed === undefined) {
        throw new Error('transaction has no endorsed action');
    }
    const prpBytes = endorsed.getProposalResponsePayload_asU8();
    const prp = peer.ProposalResponsePayload.deserializeBinary(prpBytes);
    const chaincodeAction = peer.ChaincodeAction.deserializeBinary(prp.getExtension_asU8());
    const spec = peer.ChaincodeInvocationSpec.deserializeBinary(
        peer.ChaincodeProposalPayload.deserializeBinary(proposalPayloadBytes).getInput_asU8(),
    ).getChaincodeSpec();
    const chaincode = spec?.getChaincodeId()?.getName() ?? '';
    const [name, ...args] = (spec?.getInput()?.getArgsList_asU8() ?? []).map((arg) =>
        Buffer.from(arg).toString('utf8'),
    );
    const separator = (name ?? '').indexOf(':');
    const writes = new Map<string, string | undefined>();
    const rwset = ledger.rwset.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8());
    for (const ns of rwset.getNsRwsetList()) {
        if (ns.getNamespace() !== chaincode) {
            continue;
        }
        for (const write of ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()).getWritesList()) {
            writes.set(
                write.getKey(),
                write.getIsDelete() ? undefined : Buffer.from(write.getValue_asU8()).toString('utf8'),
            );
        }
    }
    return {
        channelId: channelHeader.getChannelId(),
        txId: channelHeader.getTxId(),
        type: channelHeader.getType(),
        timestamp: isoTimestamp(timestamp?.getSeconds() ?? 0, timestamp?.getNanos() ?? 0),
        nonce: signatureHeader.getNonce_asU8(),
        creator: parseIdentity(creatorBytes),
        creatorBytes,
        payload: payloadBytes,
        signature: envelope.getSignature_asU8(),
        proposalHash: sha256(channelHeaderBytes, signatureHeaderBytes, proposalPayloadBytes),
        proposalResponsePayload: prpBytes,
        endorsedProposalHash: prp.getProposalHash_asU8(),
        endorsements: endorsed.getEndorsementsList().map((endorsement) => ({
            endorser: endorsement.getEndorser_asU8(),
            signature: endorsement.getSignature_asU8(),
        })),
        responseStatus: chaincodeAction.getResponse()?.getStatus() ?? 0,
        invocation: {
            chaincode,
            contract: separator < 0 ? '' : (name ?? '').slice(0, separator),
            fn: separator < 0 ? (name ?? '') : (name ?? '').slice(separator + 1),
            args,
            creatorMspId: '',
        },
        writes,
    };
}

interface DecodedBlock {
    readonly number: bigint;
    readonly previousHash: Uint8Array;
    readonly dataHash: Uint8Array;
    readonly data: readonly Uint8Array[];
    readonly metadata: readonly Uint8Array[];
}

function decodeBlock(bytes: Uint8Array): DecodedBlock {
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

function channelHeaderTxId(envelope: Uint8Array): string | undefined {
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

function blockSigners(metadata: readonly Uint8Array[]): string[] {
    const bytes = metadata[SIGNATURES];
    if (bytes === undefined) {
        return [];
    }
    return parseMetadata(bytes).signatures.flatMap((entry) => {
        if (entry.signatureHeader.length === 0) {
            return [];
        }
        const header = common.SignatureHeader.deserializeBinary(entry.signatureHeader);
        return [msp.SerializedIdentity.deserializeBinary(header.getCreator_asU8()).getMspid()];
    });
}

// ---------------------------------------------------------------------------------------------------------
// Building

/**
 * Builds the proof of transaction `txId` from the block the peer returned; throws when the block does not
 * hold it, or holds it as an invalid transaction, or the proof would not verify with `mspCaCertificates` (so
 * a proof that cannot verify is never handed out).
 */
export function buildFabricTransactionProof(input: FabricProofInput): FabricTransactionProof {
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
                    return parseIdentity(e.endorser).mspId;
                } catch {
                    return '?';
                }
            }),
        },
    };
    const outcome = verifyFabricTransactionProof(proof);
    if (!outcome.valid) {
        throw new Error(`transaction ${input.txId} has no valid proof: ${outcome.problems.join('; ')}`);
    }
    return proof;
}

// ---------------------------------------------------------------------------------------------------------
// Verifying

function isCertificateMap(value: unknown): value is Record<string, string[]> {
    return (
        isRecord(value) &&
        Object.values(value).every((pems) => Array.isArray(pems) && pems.every((pem) => typeof pem === 'string'))
    );
}

function parseProof(proof: unknown): FabricTransactionProof | string[] {
    if (!isRecord(proof)) {
        return ['proof is not an object'];
    }
    const problems = commonProofProblems(proof, 'fabric', ['block']);
    if (!isCertificateMap(proof.caCertificates)) {
        problems.push('caCertificates is not a map of MSP id to PEM certificates');
    }
    const orderers = proof.ordererMspIds;
    if (!Array.isArray(orderers) || !orderers.every((id) => typeof id === 'string')) {
        problems.push('ordererMspIds is not an array of MSP ids');
    }
    const consenters = proof.consenters;
    if (
        consenters !== undefined &&
        !(
            Array.isArray(consenters) &&
            consenters.every(
                (c: unknown) =>
                    isRecord(c) &&
                    Number.isSafeInteger(c.id) &&
                    typeof c.mspId === 'string' &&
                    typeof c.certificate === 'string',
            )
        )
    ) {
        problems.push('consenters is not an array of {id, mspId, certificate}');
    }
    if (!isRecord(proof.invocation)) {
        problems.push('invocation is not an object');
    }
    return problems.length > 0 ? problems : (proof as unknown as FabricTransactionProof);
}

/** Parsed CA certificates by MSP id, and what was wrong with them. */
function authorities(map: Readonly<Record<string, readonly string[]>>, problems: string[], label: string) {
    const parsed = new Map<string, X509Certificate[]>();
    for (const [mspId, pems] of Object.entries(map)) {
        const certificates: X509Certificate[] = [];
        pems.forEach((pem, i) => {
            try {
                const certificate = new X509Certificate(pem);
                if (!certificate.ca) {
                    problems.push(`${label} ${mspId}[${i}] is not a CA certificate`);
                } else {
                    certificates.push(certificate);
                }
            } catch {
                problems.push(`${label} ${mspId}[${i}] is not a PEM certificate`);
            }
        });
        if (!certificates.some(selfSigned)) {
            problems.push(`${label} of ${mspId} hold no valid self-signed root`);
        }
        parsed.set(mspId, certificates);
    }
    return parsed;
}

/**
 * Checks a Fabric transaction proof offline (see the module comment for what is checked). Never throws;
 * each failed check names itself in `problems`.
 */
export function verifyFabricTransactionProof(
    proof: unknown,
    options: FabricProofOptions = {},
): FabricProofVerification {
    const pinned = options.trustedCaCertificates !== undefined;
    const parsed = parseProof(proof);
    const checks: FabricProofCheck[] = [];
    const finish = (extra: Partial<FabricProofVerification> = {}): FabricProofVerification => {
        const failed = checks.filter((check) => !check.ok);
        return {
            valid: failed.length === 0,
            problems: failed.map((check) => `${check.name}: ${check.detail}`),
            checks,
            pinned,
            ...extra,
        };
    };
    if (Array.isArray(parsed)) {
        checks.push({ name: 'fabric-proof-format', ok: false, detail: parsed.join('; ') });
        return finish();
    }

    // CA certificates: pinned by the caller, or the proof's own.
    const caProblems: string[] = [];
    const proofCas = authorities(parsed.caCertificates, caProblems, 'receipt CA certificates');
    let cas = proofCas;
    if (options.trustedCaCertificates !== undefined) {
        const trustProblems: string[] = [];
        cas = authorities(options.trustedCaCertificates, trustProblems, 'trusted CA certificates');
        caProblems.push(...trustProblems);
        for (const [mspId, certificates] of proofCas) {
            const trusted = cas.get(mspId) ?? [];
            for (const certificate of certificates) {
                if (!trusted.some((t) => t.raw.equals(certificate.raw))) {
                    caProblems.push(
                        `the receipt's CA certificate of ${mspId} (${certificate.subject.replace(/\n/g, ', ')}) is not trusted`,
                    );
                }
            }
        }
    }
    checks.push({
        name: 'fabric-ca-certificates',
        ok: caProblems.length === 0,
        detail:
            caProblems.length > 0
                ? caProblems.join('; ')
                : `${[...cas.keys()].join(', ')}: ${pinned ? 'pinned (trusted CA certificates)' : 'taken from the receipt (not pinned)'}`,
    });
    const ordererMspIds = options.trustedOrdererMspIds ?? parsed.ordererMspIds;
    /** Checks that `identity` chains to its MSP's CA and plays `role` (NodeOU); returns the problem, if any. */
    const identityProblem = (identity: Identity, role: 'orderer' | 'peer' | 'creator'): string | undefined => {
        const isOrdererMsp = ordererMspIds.includes(identity.mspId);
        const ous = organizationalUnits(identity.certificate);
        if (role === 'orderer' && (!isOrdererMsp || !ous.includes('orderer'))) {
            return `${describe(identity)} is not an orderer of an ordering organisation (${ordererMspIds.join(', ')})`;
        }
        if (role === 'peer' && (isOrdererMsp || !ous.includes('peer'))) {
            return `${describe(identity)} is not a peer of an application organisation`;
        }
        if (role === 'creator' && isOrdererMsp) {
            return `${describe(identity)} belongs to an ordering organisation`;
        }
        const roots = cas.get(identity.mspId);
        if (roots === undefined) {
            return `no CA certificate for ${identity.mspId}`;
        }
        return chainsTo(identity.certificate, roots)
            ? undefined
            : `${describe(identity)} does not chain to a CA of ${identity.mspId}`;
    };

    // The block.
    let block: DecodedBlock;
    try {
        block = decodeBlock(Buffer.from(parsed.block, 'base64'));
    } catch (error) {
        checks.push({
            name: 'fabric-proof-format',
            ok: false,
            detail: `block is not a common.Block: ${String(error)}`,
        });
        return finish();
    }
    const computed = blockDataHash(block.data);
    checks.push({
        name: 'fabric-block-data-hash',
        ok: computed.equals(block.dataHash),
        detail: computed.equals(block.dataHash)
            ? `${block.data.length} envelopes hash to ${computed.toString('hex')}`
            : `the envelopes hash to ${computed.toString('hex')}, the header says ${Buffer.from(block.dataHash).toString('hex')}`,
    });
    checks.push({
        name: 'fabric-block-header',
        ok: block.number === BigInt(parsed.blockNumber),
        detail: `block ${block.number}${block.number === BigInt(parsed.blockNumber) ? '' : `, the receipt says ${parsed.blockNumber}`}`,
    });
    checks.push(ordererCheck(block, parsed, identityProblem));

    // The transaction.
    const envelope = block.data[parsed.txIndex];
    let tx: DecodedTransaction;
    try {
        if (envelope === undefined) {
            throw new Error(`the block has no envelope ${parsed.txIndex}`);
        }
        tx = decodeTransaction(envelope);
    } catch (error) {
        checks.push({
            name: 'fabric-transaction',
            ok: false,
            detail: `envelope ${parsed.txIndex}: ${error instanceof Error ? error.message : String(error)}`,
        });
        return finish();
    }
    const txProblems: string[] = [];
    if (tx.txId !== parsed.txId) {
        txProblems.push(`envelope ${parsed.txIndex} is transaction ${tx.txId}, not ${parsed.txId}`);
    }
    const derivedTxId = sha256(tx.nonce, tx.creatorBytes).toString('hex');
    if (derivedTxId !== tx.txId) {
        txProblems.push(`tx id is not SHA-256(nonce ‖ creator) = ${derivedTxId}`);
    }
    if (tx.type !== ENDORSER_TRANSACTION) {
        txProblems.push(`header type ${tx.type} is not ENDORSER_TRANSACTION`);
    }
    if (tx.channelId !== parsed.channel) {
        txProblems.push(`channel ${tx.channelId}, the receipt says ${parsed.channel}`);
    }
    if (tx.timestamp !== parsed.timestamp) {
        txProblems.push(`timestamp ${tx.timestamp}, the receipt says ${parsed.timestamp}`);
    }
    checks.push({
        name: 'fabric-transaction',
        ok: txProblems.length === 0,
        detail: txProblems.length > 0 ? txProblems.join('; ') : `envelope ${parsed.txIndex} of block ${block.number}`,
    });
    const flags = block.metadata[TRANSACTIONS_FILTER];
    const code = flags?.[parsed.txIndex];
    checks.push({
        name: 'fabric-validation-code',
        ok: code === 0 && flags?.length === block.data.length,
        detail:
            code === undefined
                ? 'the block has no validation flag for the transaction'
                : flags?.length !== block.data.length
                  ? `${flags?.length ?? 0} validation flags for ${block.data.length} transactions`
                  : `${VALIDATION_CODES[code] ?? 'code'} (${code})`,
    });

    const creatorProblem =
        identityProblem(tx.creator, 'creator') ??
        (verifies(tx.payload, tx.signature, tx.creator.certificate.publicKey)
            ? undefined
            : `the signature of ${describe(tx.creator)} over the payload does not verify`);
    checks.push({
        name: 'fabric-creator-signature',
        ok: creatorProblem === undefined,
        detail: creatorProblem ?? `signed by ${describe(tx.creator)}`,
    });

    const endorsers: string[] = [];
    const endorsementProblems: string[] = [];
    if (tx.endorsements.length === 0) {
        endorsementProblems.push('the transaction has no endorsements');
    }
    if (!tx.proposalHash.equals(tx.endorsedProposalHash)) {
        endorsementProblems.push('the endorsed proposal hash is not the hash of this transaction’s proposal');
    }
    if (tx.responseStatus !== 200) {
        endorsementProblems.push(`the endorsed chaincode response status is ${tx.responseStatus}`);
    }
    tx.endorsements.forEach((endorsement, i) => {
        let identity: Identity;
        try {
            identity = parseIdentity(endorsement.endorser);
        } catch {
            endorsementProblems.push(`endorsement ${i}: the endorser is not a serialized X.509 identity`);
            endorsers.push('?');
            return;
        }
        endorsers.push(identity.mspId);
        const problem =
            identityProblem(identity, 'peer') ??
            (verifies(
                Buffer.concat([tx.proposalResponsePayload, endorsement.endorser]),
                endorsement.signature,
                identity.certificate.publicKey,
            )
                ? undefined
                : `the signature of ${describe(identity)} does not verify`);
        if (problem !== undefined) {
            endorsementProblems.push(`endorsement ${i}: ${problem}`);
        }
    });
    checks.push({
        name: 'fabric-endorsements',
        ok: endorsementProblems.length === 0,
        detail: endorsementProblems.length > 0 ? endorsementProblems.join('; ') : `endorsed by ${endorsers.join(', ')}`,
    });

    const invocation: FabricInvocation = { ...tx.invocation, creatorMspId: tx.creator.mspId, endorsers };
    const same = JSON.stringify(invocation) === JSON.stringify(parsed.invocation);
    checks.push({
        name: 'fabric-invocation',
        ok: same,
        detail: same
            ? `${invocation.chaincode} ${invocation.contract}:${invocation.fn}`
            : `the receipt's invocation differs from the block's: ${JSON.stringify(invocation)}`,
    });
    return finish({ invocation, writes: tx.writes });
}

function ordererCheck(
    block: DecodedBlock,
    proof: FabricTransactionProof,
    identityProblem: (identity: Identity, role: 'orderer') => string | undefined,
): FabricProofCheck {
    const name = 'fabric-orderer-signature';
    const bytes = block.metadata[SIGNATURES];
    let metadata: MetadataSignatures;
    try {
        if (bytes === undefined) {
            throw new Error('no SIGNATURES metadata');
        }
        metadata = parseMetadata(bytes);
    } catch (error) {
        return { name, ok: false, detail: `block metadata: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (metadata.signatures.length === 0) {
        return { name, ok: false, detail: 'the block carries no orderer signature' };
    }
    const headerBytes = blockHeaderBytes(block.number, block.previousHash, block.dataHash);
    const problems: string[] = [];
    const signers: string[] = [];
    metadata.signatures.forEach((entry, i) => {
        let identity: Identity;
        let signed: Buffer;
        try {
            if (entry.signatureHeader.length === 0 && entry.identifierHeader.length > 0) {
                const id = identifierOf(entry.identifierHeader);
                const consenter = proof.consenters?.find((c) => c.id === id);
                if (consenter === undefined) {
                    problems.push(`signature ${i}: consenter ${String(id)} is not among the receipt's consenters`);
                    return;
                }
                identity = { mspId: consenter.mspId, certificate: new X509Certificate(consenter.certificate) };
                signed = Buffer.concat([metadata.value, entry.identifierHeader, headerBytes]);
            } else {
                const header = common.SignatureHeader.deserializeBinary(entry.signatureHeader);
                identity = parseIdentity(header.getCreator_asU8());
                signed = Buffer.concat([metadata.value, entry.signatureHeader, headerBytes]);
            }
        } catch {
            problems.push(`signature ${i}: its signer cannot be decoded`);
            return;
        }
        const problem =
            identityProblem(identity, 'orderer') ??
            (verifies(signed, entry.signature, identity.certificate.publicKey)
                ? undefined
                : `the signature of ${describe(identity)} over the block header does not verify`);
        if (problem === undefined) {
            signers.push(describe(identity));
        } else {
            problems.push(`signature ${i}: ${problem}`);
        }
    });
    return problems.length > 0
        ? { name, ok: false, detail: problems.join('; ') }
        : { name, ok: true, detail: `block ${block.number} signed by ${signers.join(', ')}` };
}
