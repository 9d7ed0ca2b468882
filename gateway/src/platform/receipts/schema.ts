import { Type, type Static } from '@sinclair/typebox';

/*
 * The receipt format, v1. This TypeBox schema is the one source of truth: the route schema, the `Receipt`
 * type, offline validation and the published receipt.schema.json (see write-schema.ts) all come from it,
 * and a test fails if the committed JSON file differs from `receiptJsonSchema()`.
 */

/** `$id` of the published JSON Schema of receipt format v1. */
export const RECEIPT_SCHEMA_ID = 'urn:court-ledger:schema:receipt:1';

const Hex32 = (description: string) => Type.String({ pattern: '^[0-9a-f]{64}$', description });

/** Common fields of the anchoring-transaction proof; each ledger mode adds its own proof fields. */
const anchorFields = {
    channel: Type.String({ minLength: 1, maxLength: 249, description: 'ledger channel' }),
    txId: Type.String({ minLength: 1, maxLength: 256, description: 'anchoring transaction id' }),
    blockNumber: Type.Integer({ minimum: 0, description: 'block holding the anchoring transaction' }),
    timestamp: Type.String({
        pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$',
        description: 'transaction timestamp, ISO 8601 UTC',
    }),
};

/** The fields every mode's proof has (the `ReceiptAnchor` type; the schema checks each mode's own fields). */
export const AnchorCommonSchema = Type.Object({
    mode: Type.Union([Type.Literal('embedded'), Type.Literal('fabric')]),
    ...anchorFields,
});

/** The embedded ledger's proof (ledger/embedded/proof.ts). */
export const EmbeddedAnchorSchema = Type.Object(
    { mode: Type.Literal('embedded', { description: 'ledger mode' }), ...anchorFields },
    {
        additionalProperties: true,
        description:
            "Embedded ledger: block header, node signature and key, the hashes of the block's transactions " +
            'and the transaction itself (ledger/embedded/proof.ts).',
    },
);

const Pem = Type.String({ minLength: 1, maxLength: 16384, description: 'X.509 certificate, PEM' });
const MspId = Type.String({ minLength: 1, maxLength: 128, description: 'MSP id' });

/** A Fabric network's proof (ledger/fabric/proof.ts). */
export const FabricAnchorSchema = Type.Object(
    {
        mode: Type.Literal('fabric', { description: 'ledger mode' }),
        ...anchorFields,
        txIndex: Type.Integer({ minimum: 0, description: 'position of the transaction in its block' }),
        block: Type.String({
            minLength: 1,
            pattern: '^[A-Za-z0-9+/]*={0,2}$',
            description:
                'the whole common.Block holding the transaction (protobuf, base64): header, every envelope ' +
                '(the data hash covers all of them), metadata with the orderer signature and validation flags',
        }),
        caCertificates: Type.Record(MspId, Type.Array(Pem, { minItems: 1 }), {
            description:
                'MSP id → CA certificates the orderer, the creator and the endorsers chain to; trusted only ' +
                'when the verifier pins them',
        }),
        ordererMspIds: Type.Array(MspId, {
            minItems: 1,
            description: 'ordering organisations: only their orderer identities may sign the block',
        }),
        consenters: Type.Optional(
            Type.Array(
                Type.Object(
                    { id: Type.Integer({ minimum: 0 }), mspId: MspId, certificate: Pem },
                    { additionalProperties: false },
                ),
                { description: 'consenters by id, when blocks are signed with identifier headers (BFT)' },
            ),
        ),
        invocation: Type.Object(
            {
                chaincode: Type.String({ description: 'chaincode name' }),
                contract: Type.String(),
                fn: Type.String(),
                args: Type.Array(Type.String()),
                creatorMspId: MspId,
                endorsers: Type.Array(Type.String(), { description: 'MSP ids of the endorsing peers' }),
            },
            {
                additionalProperties: false,
                description: 'the invocation decoded from the block, for readers; the verifier recomputes it',
            },
        ),
    },
    {
        additionalProperties: false,
        description:
            'Hyperledger Fabric: the block holding the transaction, the CA certificates of the organisations ' +
            'and the decoded invocation (ledger/fabric/proof.ts).',
    },
);

/** The anchoring-transaction proof, by ledger mode. */
export const ReceiptAnchorSchema = Type.Union([EmbeddedAnchorSchema, FabricAnchorSchema], {
    description:
        'The transaction that recorded batchId, rootHash and treeSize with the anchor contract, plus the ' +
        'mode-specific proof that it is on the ledger.',
});

/** Receipt format v1 (TypeBox). */
export const ReceiptSchema = Type.Object(
    {
        version: Type.Literal(1),
        digest: Hex32('SHA-256 of the anchored item; the leaf is SHA-256(0x00 ‖ digest)'),
        leafIndex: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: '0-based leaf' }),
        treeSize: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'leaves in the batch' }),
        rootHash: Hex32('RFC 6962 Merkle tree hash of the batch'),
        inclusionProof: Type.Array(Hex32('sibling hash'), {
            maxItems: 64,
            description: 'RFC 6962 audit path, leaf to root, verified as in RFC 9162 §2.1.3.2',
        }),
        batchId: Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$', description: 'anchor batch id' }),
        anchor: ReceiptAnchorSchema,
    },
    {
        additionalProperties: false,
        title: 'court-ledger inclusion receipt',
        description:
            'Proof that an item digest is leaf leafIndex of the RFC 6962 tree of batch batchId, whose root ' +
            'and size an anchoring transaction recorded on the court ledger. Checkable offline.',
    },
);

/** The anchoring-transaction part of a receipt; mode-specific proof fields are kept as `unknown`. */
export type ReceiptAnchor = Static<typeof AnchorCommonSchema> & { readonly [field: string]: unknown };

/** An inclusion receipt, format v1. */
export type Receipt = Omit<Static<typeof ReceiptSchema>, 'anchor'> & { anchor: ReceiptAnchor };

/** The published JSON Schema (draft 2020-12) document of receipt format v1: the TypeBox schema plus `$id`. */
export function receiptJsonSchema(): Record<string, unknown> {
    // JSON round trip: drops TypeBox's symbol-keyed metadata, leaving plain JSON Schema.
    const body = JSON.parse(JSON.stringify(ReceiptSchema)) as Record<string, unknown>;
    return { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: RECEIPT_SCHEMA_ID, ...body };
}
