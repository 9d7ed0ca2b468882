import { pemFingerprint } from '@court-ledger/ledger-embedded/verify';
import type { LedgerTrustRoots } from '@court-ledger/ledger-api';
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';

const Fingerprinted = Type.Object({
    pem: Type.String({ description: 'PEM' }),
    fingerprint: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the DER inside the PEM, hex' }),
});

/** `GET /v1/trust`: what receipts are checked against, with the fingerprints a person compares and pins. */
export const TrustRoots = Type.Object(
    {
        mode: Type.Union([Type.Literal('embedded'), Type.Literal('fabric')]),
        channel: Type.String(),
        nodePublicKey: Type.Optional(Fingerprinted),
        caCertificates: Type.Optional(Type.Record(Type.String(), Type.Array(Fingerprinted))),
        ordererMspIds: Type.Optional(Type.Array(Type.String())),
    },
    {
        description:
            'Embedded: the node key that signs every block header. Fabric: the CA certificates of every ' +
            'organisation of the channel and which of them order. Save this as the `--trust` file of ' +
            '`court-ledger verify-receipt`, or compare the fingerprint with the one the court publishes.',
    },
);

async function fingerprinted(pem: string): Promise<Static<typeof Fingerprinted>> {
    const fingerprint = await pemFingerprint(pem);
    if (fingerprint === undefined) {
        throw new Error('the ledger trust root is not PEM');
    }
    return { pem, fingerprint };
}

/** The published form of a ledger's trust roots, fingerprints computed by the verifier's own function. */
export async function publishTrustRoots(roots: LedgerTrustRoots, channel: string): Promise<Static<typeof TrustRoots>> {
    if (roots.mode === 'embedded') {
        return { mode: 'embedded', channel, nodePublicKey: await fingerprinted(roots.nodePublicKey) };
    }
    const entries = await Promise.all(
        Object.entries(roots.caCertificates).map(
            async ([mspId, pems]) => [mspId, await Promise.all(pems.map(fingerprinted))] as const,
        ),
    );
    return {
        mode: 'fabric',
        channel,
        caCertificates: Object.fromEntries(entries),
        ordererMspIds: [...roots.ordererMspIds],
    };
}

/** `GET /v1/trust` (public). */
const trustRoutes: FastifyPluginCallbackTypebox = (fastify, _options, done) => {
    let published: Promise<Static<typeof TrustRoots>> | undefined;
    fastify.get(
        '/v1/trust',
        {
            schema: {
                summary: 'The keys or CA certificates receipts are signed under, with fingerprints (public)',
                tags: ['verify'],
                response: { 200: TrustRoots },
            },
        },
        () => (published ??= publishTrustRoots(fastify.ledger.trustRoots(), fastify.ledger.channel)),
    );
    done();
};

export default trustRoutes;
