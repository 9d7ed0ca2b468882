import type { AnchorRecord } from '@court-ledger/chaincode';
import { Type } from '@sinclair/typebox';
import { describes, type WithBlocks } from '../../platform/http/describes';
import { Hex64, NO_CONTROL_CHARACTERS } from '../../platform/http/schemas';

/** TypeBox schemas of batch anchoring requests and answers; the record type is the chaincode's. */

/** Most items one request may carry. */
export const MAX_ITEMS_PER_REQUEST = 10_000;

const Kind = Type.String({
    pattern: '^[a-z0-9][a-z0-9._-]{0,31}$',
    description: 'what the item is, e.g. `transcript`',
});

export const AnchorItemsBody = Type.Object(
    {
        items: Type.Array(
            Type.Object(
                {
                    digest: Hex64,
                    kind: Kind,
                    ref: Type.Optional(
                        Type.String({
                            maxLength: 256,
                            pattern: NO_CONTROL_CHARACTERS,
                            description: 'the subsystem’s own reference (no control characters)',
                        }),
                    ),
                },
                { additionalProperties: false },
            ),
            { minItems: 1, maxItems: MAX_ITEMS_PER_REQUEST },
        ),
    },
    { additionalProperties: false },
);

export const ItemStatus = Type.Object({
    digest: Hex64,
    status: Type.Union([Type.Literal('pending'), Type.Literal('anchored')]),
    batchId: Type.Optional(Type.String()),
});

export const BatchParams = Type.Object({ batchId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' }) });

/** An anchored batch as the API shows it: the chaincode's record, without its recorder, with its block. */
export const BatchResponse = Type.Object({
    batchId: Type.String(),
    rootHash: Hex64,
    treeSize: Type.Integer(),
    kinds: Type.Array(Type.String()),
    sources: Type.Array(Type.String()),
    txId: Type.String(),
    blockNumber: Type.Integer(),
    recordedAt: Type.String({ format: 'date-time' }),
});
describes<typeof BatchResponse, WithBlocks<Omit<AnchorRecord, 'recordedBy'>>>(true);
