import type { FastifyInstance } from 'fastify';
import type { PublishedTrust } from './views/receipt-page';
import type { PublicRecord, VerifyAnswer } from './views/answer';

/*
 * The pages are clients of the public API, like the browser: they ask `GET /v1/verify/…` and `GET /v1/trust`
 * through `inject` (no network), so the answer a page renders is the API's answer.
 */

/** `GET /v1/verify/{algorithm}/{digest}` as a page answer. */
export async function lookupDigest(
    fastify: FastifyInstance,
    algorithm: 'sha256' | 'sm3',
    digest: string,
    digests?: { sha256: string; sm3?: string },
): Promise<VerifyAnswer> {
    const response = await fastify.inject({ method: 'GET', url: `/v1/verify/${algorithm}/${digest.toLowerCase()}` });
    const body = response.json<{ anchored?: boolean; records?: PublicRecord[]; message?: string }>();
    const extra = digests === undefined ? {} : { digests };
    if (response.statusCode === 200 && body.anchored === true) {
        return { anchored: true, records: body.records ?? [], ...extra };
    }
    if (response.statusCode === 404) {
        return { anchored: false, ...extra };
    }
    return { error: body.message ?? `HTTP ${response.statusCode}` };
}

/** The fingerprints of `GET /v1/trust`. */
export async function publishedTrust(fastify: FastifyInstance): Promise<PublishedTrust> {
    const body = (await fastify.inject({ method: 'GET', url: '/v1/trust' })).json<{
        mode: 'embedded' | 'fabric';
        nodePublicKey?: { fingerprint: string };
        caCertificates?: Record<string, { fingerprint: string }[]>;
        ordererMspIds?: string[];
    }>();
    if (body.nodePublicKey !== undefined) {
        return { mode: body.mode, nodeKeyFingerprint: body.nodePublicKey.fingerprint };
    }
    const caFingerprints = Object.entries(body.caCertificates ?? {}).flatMap(([mspId, certificates]) =>
        certificates.map(({ fingerprint }) => ({ mspId, fingerprint })),
    );
    return { mode: body.mode, caFingerprints, ordererMspIds: body.ordererMspIds ?? [] };
}
