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
export const ReceiptAnchorSchema = Type.Object(
    {
        mode: Type.Union([Type.Literal('embedded'), Type.Literal('fabric')], { description: 'ledger mode' }),
        channel: Type.String({ minLength: 1, maxLength: 249, description: 'ledger channel' }),
        txId: Type.String({ minLength: 1, maxLength: 256, description: 'anchoring transaction id' }),
        blockNumber: Type.Integer({ minimum: 0, description: 'block holding the anchoring transaction' }),
        timestamp: Type.String({
            pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$',
            description: 'transaction timestamp, ISO 8601 UTC',
        }),
    },
    {
        additionalProperties: true,
        description:
            'The transaction that recorded batchId, rootHash and treeSize with the anchor contract, plus the ' +
            'mode-specific proof that it is on the ledger (embedded: block header, node signature and key, ' +
            'transaction hashes and the transaction; fabric: block header and endorsements).',
    },
);

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
export type ReceiptAnchor = Static<typeof ReceiptAnchorSchema> & { readonly [field: string]: unknown };

/** An inclusion receipt, format v1. */
export type Receipt = Omit<Static<typeof ReceiptSchema>, 'anchor'> & { anchor: ReceiptAnchor };

/** The published JSON Schema (draft 2020-12) document of receipt format v1: the TypeBox schema plus `$id`. */
export function receiptJsonSchema(): Record<string, unknown> {
    // JSON round trip: drops TypeBox's symbol-keyed metadata, leaving plain JSON Schema.
    const body = JSON.parse(JSON.stringify(ReceiptSchema)) as Record<string, unknown>;
    return { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: RECEIPT_SCHEMA_ID, ...body };
}
