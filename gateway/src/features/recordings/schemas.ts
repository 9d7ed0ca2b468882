import { Type, type Static } from '@sinclair/typebox';
import { Hex64 } from '../../platform/http/schemas';

/** TypeBox schemas of the recordings routes (Art. 16: hearing and mediation records anchored as they are made). */

/** Most segment digests one verification may carry. */
export const MAX_VERIFY_SEGMENTS = 100_000;

/** A 64-hex digest with its own description. */
function hex64(description: string) {
    return Type.String({ pattern: '^[0-9a-f]{64}$', description });
}

export const SessionId = Type.String({
    pattern: '^[A-Za-z0-9._:-]{1,64}$',
    description: 'the recorder’s session id (no personal data)',
});

export const SessionParams = Type.Object({ sessionId: SessionId });

export const SegmentBody = Type.Object(
    {
        sessionId: SessionId,
        seq: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1, description: 'segment number, from 1, in order' }),
        digest: Hex64,
    },
    { additionalProperties: false },
);

export const SegmentResponse = Type.Object({
    sessionId: Type.String(),
    seq: Type.Integer(),
    digest: Hex64,
    chain: hex64('chain_seq: the value anchored for this segment (its receipt: /v1/anchors/{chain}/receipt)'),
});

const AnchorState = Type.Union([Type.Literal('pending'), Type.Literal('anchored')]);

export const SessionResponse = Type.Object({
    sessionId: Type.String(),
    kind: Type.String(),
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    segmentCount: Type.Integer(),
    chain: Hex64,
    openedAt: Type.String({ format: 'date-time' }),
    closedAt: Type.Optional(Type.String({ format: 'date-time' })),
    closingDigest: Type.Optional(Hex64),
    closingStatus: Type.Optional(AnchorState),
});

export const SessionWithSegments = Type.Intersect([
    SessionResponse,
    Type.Object({ segments: Type.Array(Type.Object({ seq: Type.Integer(), digest: Hex64, chain: Hex64 })) }),
]);

export const VerifyBody = Type.Object(
    {
        digests: Type.Array(Type.String({ pattern: '^[0-9A-Fa-f]{64}$' }), {
            maxItems: MAX_VERIFY_SEGMENTS,
            description: 'SHA-256 of every segment, seq 1 first',
        }),
    },
    { additionalProperties: false },
);

export const VerifyResponse = Type.Object({
    sessionId: Type.String(),
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    intact: Type.Boolean({ description: 'every recorded segment, in order, none added or removed, none changed' }),
    segmentCount: Type.Integer({ description: 'segments recorded' }),
    given: Type.Integer({ description: 'segments presented' }),
    firstDifference: Type.Optional(Type.Integer({ description: 'the first seq at which the lists part' })),
    changed: Type.Array(Type.Object({ seq: Type.Integer(), expected: Hex64, given: Hex64 })),
    missing: Type.Array(Type.Object({ seq: Type.Integer(), expected: Hex64 })),
    added: Type.Array(Type.Object({ seq: Type.Integer(), given: Hex64 })),
    chain: hex64('chain_N recomputed from the presented digests'),
    closingDigest: hex64('the closing value recomputed from the presented digests'),
    anchoredClosing: Type.Optional(
        Type.Object({
            digest: Hex64,
            status: AnchorState,
            matches: Type.Boolean({ description: 'the recomputed closing value is the anchored one' }),
        }),
    ),
});

/** The answer of `POST /v1/recordings/{sessionId}/verify`. */
export type RecordingVerification = Static<typeof VerifyResponse>;
