/**
 * Offline verification of a Fabric transaction proof (architecture.md, "Receipts", Fabric receipts), run by
 * `court-ledger verify-receipt` and, bundled, by the /receipt page: no Node built-ins (the generated protobuf
 * classes, @noble/hashes, @peculiar/x509, WebCrypto). Following Fabric 3.1 (protoutil/blockutils.go,
 * txutils.go, core/common/validation/msgvalidation.go), it checks:
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
import { bytesToHex, concatBytes } from '@noble/hashes/utils';
import { commonProofProblems, isRecord } from '@court-ledger/ledger-api/proof';
import { pemFingerprint } from '@court-ledger/ledger-embedded/verify';
import { X509Certificate } from '@court-ledger/ledger-embedded/x509';
import {
    base64Bytes,
    blockDataHash,
    decodeBlock,
    decodeTransaction,
    ENDORSER_TRANSACTION,
    sameBytes,
    sha256Of,
    TRANSACTIONS_FILTER,
    type DecodedBlock,
    type DecodedTransaction,
    type FabricInvocation,
} from './proof-decode';
import { chainsTo, describe, isCa, organizationalUnits, parseIdentity, selfSigned, verifies } from './proof-identity';
import type { Identity } from './proof-identity';
import { ordererCheck } from './proof-orderer';
import type {
    FabricProofCheck,
    FabricProofOptions,
    FabricProofVerification,
    FabricTransactionProof,
} from './proof-types';

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
    const consenterShape = (c: unknown): boolean =>
        isRecord(c) && Number.isSafeInteger(c.id) && typeof c.mspId === 'string' && typeof c.certificate === 'string';
    if (consenters !== undefined && !(Array.isArray(consenters) && consenters.every(consenterShape))) {
        problems.push('consenters is not an array of {id, mspId, certificate}');
    }
    if (!isRecord(proof.invocation)) {
        problems.push('invocation is not an object');
    }
    return problems.length > 0 ? problems : (proof as unknown as FabricTransactionProof);
}

/** Parsed CA certificates by MSP id (with their PEM), and what was wrong with them. */
async function authorities(map: Readonly<Record<string, readonly string[]>>, problems: string[], label: string) {
    const parsed = new Map<string, { certificate: X509Certificate; pem: string }[]>();
    for (const [mspId, pems] of Object.entries(map)) {
        const certificates: { certificate: X509Certificate; pem: string }[] = [];
        pems.forEach((pem, i) => {
            try {
                const certificate = new X509Certificate(pem);
                if (!isCa(certificate)) {
                    problems.push(`${label} ${mspId}[${i}] is not a CA certificate`);
                } else {
                    certificates.push({ certificate, pem });
                }
            } catch {
                problems.push(`${label} ${mspId}[${i}] is not a PEM certificate`);
            }
        });
        const roots = await Promise.all(certificates.map(({ certificate }) => selfSigned(certificate)));
        if (!roots.includes(true)) {
            problems.push(`${label} of ${mspId} hold no valid self-signed root`);
        }
        parsed.set(mspId, certificates);
    }
    return parsed;
}

type Authorities = Awaited<ReturnType<typeof authorities>>;

/** Checks the proof's CA certificates against the pin (certificates or fingerprints), if any. */
async function caCheck(proofCas: Authorities, options: FabricProofOptions, problems: string[]): Promise<Authorities> {
    if (options.trustedCaCertificates !== undefined) {
        const cas = await authorities(options.trustedCaCertificates, problems, 'trusted CA certificates');
        for (const [mspId, certificates] of proofCas) {
            const trusted = cas.get(mspId) ?? [];
            for (const { certificate } of certificates) {
                const raw = new Uint8Array(certificate.rawData);
                if (!trusted.some((t) => sameBytes(new Uint8Array(t.certificate.rawData), raw))) {
                    problems.push(`the receipt's CA certificate of ${mspId} (${certificate.subject}) is not trusted`);
                }
            }
        }
        return cas;
    }
    const pins = options.trustedCaFingerprints;
    if (pins !== undefined) {
        for (const [mspId, certificates] of proofCas) {
            const pinned = (pins[mspId] ?? []).map((fingerprint) => fingerprint.toLowerCase());
            for (const { pem } of certificates) {
                const fingerprint = (await pemFingerprint(pem)) ?? '?';
                if (!pinned.includes(fingerprint)) {
                    problems.push(
                        `the receipt's CA certificate of ${mspId} (${fingerprint}) is not a pinned fingerprint`,
                    );
                }
            }
        }
    }
    return proofCas;
}

/**
 * Checks a Fabric transaction proof offline (see the module comment for what is checked). Never rejects;
 * each failed check names itself in `problems`.
 */
export async function verifyFabricTransactionProof(
    proof: unknown,
    options: FabricProofOptions = {},
): Promise<FabricProofVerification> {
    const pinned = options.trustedCaCertificates !== undefined || options.trustedCaFingerprints !== undefined;
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
    const proofCas = await authorities(parsed.caCertificates, caProblems, 'receipt CA certificates');
    const cas = await caCheck(proofCas, options, caProblems);
    checks.push({
        name: 'fabric-ca-certificates',
        ok: caProblems.length === 0,
        detail:
            caProblems.length > 0
                ? caProblems.join('; ')
                : `${[...cas.keys()].join(', ')}: ${pinned ? 'pinned (trusted CA certificates)' : 'taken from the receipt (not pinned)'}`,
    });
    const ordererMspIds = options.trustedOrdererMspIds ?? parsed.ordererMspIds;
    /** Checks that `identity` chains to its MSP's CA and plays `role` (NodeOU); resolves to the problem, if any. */
    const identityProblem = async (
        identity: Identity,
        role: 'orderer' | 'peer' | 'creator',
    ): Promise<string | undefined> => {
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
        return (await chainsTo(
            identity.certificate,
            roots.map(({ certificate }) => certificate),
        ))
            ? undefined
            : `${describe(identity)} does not chain to a CA of ${identity.mspId}`;
    };

    // The block.
    let block: DecodedBlock;
    try {
        block = decodeBlock(base64Bytes(parsed.block));
    } catch (error) {
        checks.push({
            name: 'fabric-proof-format',
            ok: false,
            detail: `block is not a common.Block: ${String(error)}`,
        });
        return finish();
    }
    const computed = blockDataHash(block.data);
    const dataHashOk = sameBytes(computed, block.dataHash);
    checks.push({
        name: 'fabric-block-data-hash',
        ok: dataHashOk,
        detail: dataHashOk
            ? `${block.data.length} envelopes hash to ${bytesToHex(computed)}`
            : `the envelopes hash to ${bytesToHex(computed)}, the header says ${bytesToHex(block.dataHash)}`,
    });
    const sameNumber = block.number === BigInt(parsed.blockNumber);
    checks.push({
        name: 'fabric-block-header',
        ok: sameNumber,
        detail: `block ${block.number}${sameNumber ? '' : `, the receipt says ${parsed.blockNumber}`}`,
    });
    checks.push(await ordererCheck(block, parsed.consenters ?? [], (identity) => identityProblem(identity, 'orderer')));

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
    checks.push(transactionCheck(tx, parsed, block), validationCheck(block, parsed.txIndex));

    let creator: Identity | undefined;
    try {
        creator = parseIdentity(tx.creatorBytes);
    } catch {
        creator = undefined;
    }
    const creatorProblem =
        creator === undefined
            ? 'the creator is not a serialized X.509 identity'
            : ((await identityProblem(creator, 'creator')) ??
              ((await verifies(tx.payload, tx.signature, creator.certificate))
                  ? undefined
                  : `the signature of ${describe(creator)} over the payload does not verify`));
    checks.push({
        name: 'fabric-creator-signature',
        ok: creatorProblem === undefined,
        detail: creatorProblem ?? `signed by ${creator === undefined ? '?' : describe(creator)}`,
    });

    const endorsers: string[] = [];
    const endorsementProblems = endorsedProblems(tx);
    for (const [i, endorsement] of tx.endorsements.entries()) {
        let identity: Identity;
        try {
            identity = parseIdentity(endorsement.endorser);
        } catch {
            endorsementProblems.push(`endorsement ${i}: the endorser is not a serialized X.509 identity`);
            endorsers.push('?');
            continue;
        }
        endorsers.push(identity.mspId);
        const signed = concatBytes(tx.proposalResponsePayload, endorsement.endorser);
        const problem =
            (await identityProblem(identity, 'peer')) ??
            ((await verifies(signed, endorsement.signature, identity.certificate))
                ? undefined
                : `the signature of ${describe(identity)} does not verify`);
        if (problem !== undefined) {
            endorsementProblems.push(`endorsement ${i}: ${problem}`);
        }
    }
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

/** The transaction is the one the receipt names: tx id (derived from nonce and creator), type, channel, time. */
function transactionCheck(
    tx: DecodedTransaction,
    proof: FabricTransactionProof,
    block: DecodedBlock,
): FabricProofCheck {
    const problems: string[] = [];
    if (tx.txId !== proof.txId) {
        problems.push(`envelope ${proof.txIndex} is transaction ${tx.txId}, not ${proof.txId}`);
    }
    const derivedTxId = bytesToHex(sha256Of(tx.nonce, tx.creatorBytes));
    if (derivedTxId !== tx.txId) {
        problems.push(`tx id is not SHA-256(nonce ‖ creator) = ${derivedTxId}`);
    }
    if (tx.type !== ENDORSER_TRANSACTION) {
        problems.push(`header type ${tx.type} is not ENDORSER_TRANSACTION`);
    }
    if (tx.channelId !== proof.channel) {
        problems.push(`channel ${tx.channelId}, the receipt says ${proof.channel}`);
    }
    if (tx.timestamp !== proof.timestamp) {
        problems.push(`timestamp ${tx.timestamp}, the receipt says ${proof.timestamp}`);
    }
    return {
        name: 'fabric-transaction',
        ok: problems.length === 0,
        detail: problems.length > 0 ? problems.join('; ') : `envelope ${proof.txIndex} of block ${block.number}`,
    };
}

/** metadata[TRANSACTIONS_FILTER][txIndex] is VALID, with one flag per transaction of the block. */
function validationCheck(block: DecodedBlock, txIndex: number): FabricProofCheck {
    const flags = block.metadata[TRANSACTIONS_FILTER];
    const code = flags?.[txIndex];
    return {
        name: 'fabric-validation-code',
        ok: code === 0 && flags?.length === block.data.length,
        detail:
            code === undefined
                ? 'the block has no validation flag for the transaction'
                : flags?.length !== block.data.length
                  ? `${flags?.length ?? 0} validation flags for ${block.data.length} transactions`
                  : `${VALIDATION_CODES[code] ?? 'code'} (${code})`,
    };
}

/** What is wrong with the endorsed action as a whole (before each endorsement's signature). */
function endorsedProblems(tx: DecodedTransaction): string[] {
    const problems: string[] = [];
    if (tx.endorsements.length === 0) {
        problems.push('the transaction has no endorsements');
    }
    if (!sameBytes(tx.proposalHash, tx.endorsedProposalHash)) {
        problems.push('the endorsed proposal hash is not the hash of this transaction’s proposal');
    }
    if (tx.responseStatus !== 200) {
        problems.push(`the endorsed chaincode response status is ${tx.responseStatus}`);
    }
    return problems;
}
