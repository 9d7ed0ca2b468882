import type { DigestAlgorithm } from '@court-ledger/chaincode';
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { digestStream } from '../../platform/hashing/digests';
import { HttpError } from '../../platform/http/errors';
import { Digests, ErrorRef, Hex64, publicErrors } from '../../platform/http/schemas';
import type { AnchorQueue } from '../../platform/anchor-queue/anchor-queue';
import type { IndexStore } from '../../platform/store/index';
import { Anchored, NotAnchored } from './schemas';
import { publicRecords } from './store';
import type { VerifyCache, VerifyRecord } from './verify-cache';

/**
 * Public facts about a digest (Art. 36): kind, time, transaction and block only — never case ids,
 * submitters or pseudonyms. Answers are cached and invalidated by the projector.
 */
async function lookup(
    index: IndexStore,
    queue: AnchorQueue,
    cache: VerifyCache,
    algorithm: DigestAlgorithm,
    digest: string,
): Promise<readonly VerifyRecord[]> {
    const cached = cache.get(algorithm, digest);
    if (cached !== undefined) {
        return cached;
    }
    const generation = cache.generation;
    const records = await publicRecords(index.db, queue, algorithm, digest);
    cache.set(algorithm, digest, records, generation);
    return records;
}

/** What the verify routes are given by the verify plugin. */
export interface VerifyRoutesOptions {
    readonly cache: VerifyCache;
}

/** Public verification: `/v1/verify…`. */
const verifyRoutes: FastifyPluginCallbackTypebox<VerifyRoutesOptions> = (fastify, { cache }, done) => {
    const { anchorQueue, config, index } = fastify;

    fastify.get(
        '/v1/verify/:algorithm/:digest',
        {
            schema: {
                summary: 'Is this digest anchored? (public)',
                tags: ['verify'],
                params: Type.Object({
                    algorithm: Type.Union([Type.Literal('sha256'), Type.Literal('sm3')]),
                    digest: Hex64,
                }),
                response: { 200: Anchored, 404: NotAnchored, 400: publicErrors[400], 503: publicErrors[503] },
            },
        },
        async (request, reply) => {
            const { algorithm, digest } = request.params;
            const records = await lookup(index, anchorQueue, cache, algorithm, digest);
            if (records.length === 0) {
                return reply.code(404).send({ anchored: false });
            }
            return { anchored: true as const, records: [...records] };
        },
    );

    fastify.post(
        '/v1/verify',
        {
            schema: {
                summary: 'Upload a file (multipart `file`) and learn whether it is anchored (public)',
                tags: ['verify'],
                consumes: ['multipart/form-data'],
                response: { 200: Anchored, 404: NotAnchored, 415: ErrorRef, ...publicErrors },
            },
        },
        async (request, reply) => {
            if (!request.isMultipart()) {
                throw new HttpError(415, 'INVALID_ARGUMENT', 'upload the file as multipart/form-data', 'file');
            }
            const file = await request.file({ limits: { fileSize: config.uploadLimit, files: 1 } });
            if (file?.fieldname !== 'file') {
                throw new HttpError(400, 'INVALID_ARGUMENT', 'multipart upload needs a "file" part', 'file');
            }
            const computed = await digestStream(file.file);
            if (file.file.truncated) {
                throw new HttpError(413, 'PAYLOAD_TOO_LARGE', 'file exceeds the upload limit', 'file');
            }
            const digests: Static<typeof Digests> = { sha256: computed.sha256, sm3: computed.sm3 };
            const bySha = await lookup(index, anchorQueue, cache, 'sha256', computed.sha256);
            const bySm3 = await lookup(index, anchorQueue, cache, 'sm3', computed.sm3);
            const seen = new Set(bySha.map((r) => `${r.txId}:${r.kind}`));
            const records = [...bySha, ...bySm3.filter((r) => !seen.has(`${r.txId}:${r.kind}`))];
            if (records.length === 0) {
                return reply.code(404).send({ anchored: false, digests });
            }
            return { anchored: true as const, digests, records };
        },
    );
    done();
};

export default verifyRoutes;
