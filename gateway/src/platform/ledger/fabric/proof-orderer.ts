/**
 * The orderer's signature(s) over a Fabric block header (metadata[SIGNATURES]), for the offline proof verifier
 * (proof-verify.ts): by a signature header's creator (Raft), or by the consenter an identifier header names
 * (BFT). Browser-safe.
 */
import { concatBytes } from '@noble/hashes/utils';
import { X509Certificate } from '@court-ledger/ledger-embedded/x509';
import {
    blockHeaderBytes,
    identifierOf,
    parseMetadata,
    SIGNATURES,
    signatureHeaderCreator,
    type DecodedBlock,
    type MetadataSignatures,
} from './proof-decode';
import { describe, verifies, type Identity } from './proof-identity';
import type { FabricConsenter, FabricProofCheck } from './proof-types';

/** The signer of one metadata signature and the bytes it signed; a string says why it cannot be decoded. */
function signerOf(
    entry: MetadataSignatures['signatures'][number],
    value: Uint8Array,
    headerBytes: Uint8Array,
    consenters: readonly FabricConsenter[],
): { identity: Identity; signed: Uint8Array } | string {
    try {
        if (entry.signatureHeader.length === 0 && entry.identifierHeader.length > 0) {
            const id = identifierOf(entry.identifierHeader);
            const consenter = consenters.find((c) => c.id === id);
            if (consenter === undefined) {
                return `consenter ${String(id)} is not among the receipt's consenters`;
            }
            return {
                identity: { mspId: consenter.mspId, certificate: new X509Certificate(consenter.certificate) },
                signed: concatBytes(value, entry.identifierHeader, headerBytes),
            };
        }
        const creator = signatureHeaderCreator(entry.signatureHeader);
        return {
            identity: { mspId: creator.mspId, certificate: new X509Certificate(creator.certificate) },
            signed: concatBytes(value, entry.signatureHeader, headerBytes),
        };
    } catch {
        return 'its signer cannot be decoded';
    }
}

/**
 * `fabric-orderer-signature`: every signature in the block's SIGNATURES metadata verifies over the block
 * header and its signer passes `identityProblem` (an orderer of an ordering organisation, chaining to its CA).
 */
export async function ordererCheck(
    block: DecodedBlock,
    consenters: readonly FabricConsenter[],
    identityProblem: (identity: Identity) => Promise<string | undefined>,
): Promise<FabricProofCheck> {
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
    for (const [i, entry] of metadata.signatures.entries()) {
        const signer = signerOf(entry, metadata.value, headerBytes, consenters);
        if (typeof signer === 'string') {
            problems.push(`signature ${i}: ${signer}`);
            continue;
        }
        const { identity, signed } = signer;
        const problem =
            (await identityProblem(identity)) ??
            ((await verifies(signed, entry.signature, identity.certificate))
                ? undefined
                : `the signature of ${describe(identity)} over the block header does not verify`);
        if (problem === undefined) {
            signers.push(describe(identity));
        } else {
            problems.push(`signature ${i}: ${problem}`);
        }
    }
    return problems.length > 0
        ? { name, ok: false, detail: problems.join('; ') }
        : { name, ok: true, detail: `block ${block.number} signed by ${signers.join(', ')}` };
}
