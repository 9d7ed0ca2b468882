import type { DigestAlgorithm } from '@court-ledger/chaincode';
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { HttpError } from '../../platform/http/errors';
import { digestStream } from '../../platform/hashing/digests';
import type { CourtServices } from '../../services';
import { commonErrors, Digests, Hex64 } from '../../platform/http/schemas';
import type { VerifyRecord } from './verify-cache';

const PublicRecord = Type.Object({
    kind: Type.String({ description: '`evidence` or the anchored item kind' }),
    time: Type.String({ format: 'date-time' }),
    txId: Type.String(),
    blockNumber: Type.Integer(),
    batchId: Type.Optional(Type.String()),
});

const Anchored = Type.Object({
    anchored: Type.Literal(true),
    digests: Type.Optional(Digests),
    records: Type.Array(PublicRecord),
});
const NotAnchored = Type.Object({ anchored: Type.Literal(false), digests: Type.Optional(Digests) });

/**
 * Public facts about a digest (Art. 36): kind, time, transaction and block only — never case ids,
 * submitters or pseudonyms. Answers are cached and invalidated by the projector.
 */
async function lookup(
    court: CourtServices,
    algorithm: DigestAlgorithm,
    digest: string,
): Promise<readonly VerifyRecord[]> {
    const cached = court.verifyCache.get(algorithm, digest);
    if (cached !== undefined) {
        return cached;
    }
    const generation = court.verifyCache.generation;
    const records: VerifyRecord[] = (await court.index.evidenceByDigest(algorithm, digest)).map((e) => ({
        kind: 'evidence',
        time: e.record.submittedAt,
        txId: e.record.txId,
        blockNumber: e.blockNumber,
    }));
    if (algorithm === 'sha256') {
        const item = await court.index.itemStatus(digest);
        if (item?.status === 'anchored' && item.txId !== undefined && item.blockNumber !== undefined) {
            records.push({
                kind: item.kind,
                time: item.recordedAt ?? '',
                txId: item.txId,
                blockNumber: item.blockNumber,
                batchId: item.batchId,
            });
        }
    }
    court.verifyCache.set(algorithm, digest, records, generation);
    return records;
}

const verifyRoutes: FastifyPluginCallbackTypebox = (fastify, _options, done) => {
    const { court } = fastify;

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
                response: { 200: Anchored, 404: NotAnchored, 400: commonErrors[400], 503: commonErrors[503] },
            },
        },
        async (request, reply) => {
            const { algorithm, digest } = request.params;
            const records = await lookup(court, algorithm, digest);
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
                response: { 200: Anchored, 404: NotAnchored, ...commonErrors },
            },
        },
        async (request, reply) => {
            if (!request.isMultipart()) {
                throw new HttpError(415, 'INVALID_ARGUMENT', 'upload the file as multipart/form-data', 'file');
            }
            const file = await request.file({ limits: { fileSize: court.config.uploadLimit, files: 1 } });
            if (file?.fieldname !== 'file') {
                throw new HttpError(400, 'INVALID_ARGUMENT', 'multipart upload needs a "file" part', 'file');
            }
            const computed = await digestStream(file.file);
            if (file.file.truncated) {
                throw new HttpError(413, 'PAYLOAD_TOO_LARGE', 'file exceeds the upload limit', 'file');
            }
            const digests: Static<typeof Digests> = { sha256: computed.sha256, sm3: computed.sm3 };
            const bySha = await lookup(court, 'sha256', computed.sha256);
            const bySm3 = await lookup(court, 'sm3', computed.sm3);
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
