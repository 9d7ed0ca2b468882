import { Type } from '@sinclair/typebox';
import { Digests } from '../../platform/http/schemas';

/** TypeBox schemas of public verification answers. */

const PublicRecord = Type.Object({
    kind: Type.String({ description: '`evidence` or the anchored item kind' }),
    time: Type.String({ format: 'date-time' }),
    txId: Type.String(),
    blockNumber: Type.Integer(),
    batchId: Type.Optional(Type.String()),
});

export const Anchored = Type.Object({
    anchored: Type.Literal(true),
    digests: Type.Optional(Digests),
    records: Type.Array(PublicRecord),
});
export const NotAnchored = Type.Object({ anchored: Type.Literal(false), digests: Type.Optional(Digests) });
