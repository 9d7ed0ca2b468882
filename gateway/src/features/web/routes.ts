import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { digestStream } from '../../platform/hashing/digests';
import { HttpError } from '../../platform/http/errors';
import { languageOf, messagesFor } from '../../platform/web';
import type { AssetUrls } from '../../platform/web/assets';
import { lookupDigest, publishedTrust } from './lookup';
import type { VerifyAnswer } from './views/answer';
import { renderReceiptPage } from './views/receipt-page';
import { renderVerifyPage } from './views/verify-page';

const HEX64 = /^[0-9a-fA-F]{64}$/;

const Html = Type.String({ description: 'HTML page' });
const PageQuery = Type.Object({
    lang: Type.Optional(Type.String({ maxLength: 16 })),
    digest: Type.Optional(Type.String({ maxLength: 256 })),
    algorithm: Type.Optional(Type.Union([Type.Literal('sha256'), Type.Literal('sm3')])),
});

/** The pages: `/` (verify a file or a digest) and `/receipt` (check a receipt offline). Public. */
const webRoutes: FastifyPluginCallbackTypebox<{ assets: AssetUrls }> = (fastify, { assets }, done) => {
    const zone = fastify.config.courtTimeZone;
    const page = { schema: { hide: true, querystring: PageQuery, response: { 200: Html } } };

    fastify.get('/', page, async (request, reply) => {
        const { digest, algorithm = 'sha256' } = request.query;
        const lang = languageOf(request.query.lang);
        let answer: VerifyAnswer | undefined;
        if (digest !== undefined && digest.trim() !== '') {
            const trimmed = digest.trim();
            answer = HEX64.test(trimmed)
                ? await lookupDigest(fastify, algorithm, trimmed)
                : { error: messagesFor(lang).badDigest };
        }
        const html = renderVerifyPage({
            lang,
            zone,
            assets,
            algorithm,
            ...(digest === undefined ? {} : { digest }),
            ...(answer === undefined ? {} : { answer }),
        });
        return reply.type('text/html; charset=utf-8').send(html);
    });

    fastify.post(
        '/',
        { schema: { hide: true, querystring: PageQuery, consumes: ['multipart/form-data'], response: { 200: Html } } },
        async (request, reply) => {
            const lang = languageOf(request.query.lang);
            const file = request.isMultipart()
                ? await request.file({ limits: { fileSize: fastify.config.uploadLimit, files: 1 } })
                : undefined;
            if (file?.fieldname !== 'file') {
                throw new HttpError(400, 'INVALID_ARGUMENT', 'multipart upload needs a "file" part', 'file');
            }
            const computed = await digestStream(file.file);
            if (file.file.truncated) {
                throw new HttpError(413, 'PAYLOAD_TOO_LARGE', 'file exceeds the upload limit', 'file');
            }
            const answer = await lookupDigest(fastify, 'sha256', computed.sha256, {
                sha256: computed.sha256,
                sm3: computed.sm3,
            });
            return reply.type('text/html; charset=utf-8').send(renderVerifyPage({ lang, zone, assets, answer }));
        },
    );

    fastify.get('/receipt', page, async (request, reply) => {
        const lang = languageOf(request.query.lang);
        const trust = await publishedTrust(fastify);
        return reply.type('text/html; charset=utf-8').send(renderReceiptPage({ lang, zone, assets, trust }));
    });
    done();
};

export default webRoutes;
