import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/auth/plugin';
import { commonErrors, ErrorRef } from '../../../platform/http/schemas';
import { PRESERVATION_ACTOR_ROLES, READER_ROLES } from '../access';
import { preservationParams } from '../actions';
import type { GuaranteeDesk } from '../desk';
import { ApplyPreservationBody, PreservationActionBody, PreservationParams, PreservationView } from '../schemas';

const errors = { 404: ErrorRef, 409: ErrorRef, ...commonErrors };

/** `POST /v1/preservations`, `POST /v1/preservations/{id}/actions`, `GET /v1/preservations/{id}`. */
const preservationRoutes: FastifyPluginCallbackTypebox<{ desk: GuaranteeDesk }> = (fastify, { desk }, done) => {
    fastify.post(
        '/v1/preservations',
        {
            schema: {
                summary: 'Apply for preservation of property (Art. 27)',
                description:
                    'The respondent is given by principal id; only its pseudonym (HMAC-SHA256 with the court ' +
                    'pepper) goes on the ledger. Amounts are integer fen.',
                tags: ['guarantee'],
                security: [{ bearer: [] }],
                body: ApplyPreservationBody,
                response: { 201: PreservationView, ...errors },
            },
            onRequest: fastify.authorize(['party', 'agent']),
        },
        async (request, reply) => {
            return reply.code(201).send(await desk.applyForPreservation(actorOf(request), request.body));
        },
    );

    fastify.post(
        '/v1/preservations/:id/actions',
        {
            schema: {
                summary: 'Act on a preservation application',
                description:
                    '`supplement` {documentDigest}, `pay-fee` {amount}, `bind-guarantee` {letterId}, `cancel`, ' +
                    '`request-review` {reasonDigest} (the applicant’s side); `set-security` {amount} (clerk, ' +
                    'judge); `rule` {decision, rulingDigest} and `extend` {until} (judge).',
                tags: ['guarantee'],
                security: [{ bearer: [] }],
                params: PreservationParams,
                body: PreservationActionBody,
                response: { 200: PreservationView, ...errors },
            },
            onRequest: fastify.authorize(PRESERVATION_ACTOR_ROLES),
        },
        async (request) => {
            const { body } = request;
            return desk.actOnPreservation(actorOf(request), request.params.id, body.action, preservationParams(body));
        },
    );

    fastify.get(
        '/v1/preservations/:id',
        {
            schema: {
                summary: 'A preservation application with every step (transaction, block)',
                tags: ['guarantee'],
                security: [{ bearer: [] }],
                params: PreservationParams,
                response: { 200: PreservationView, ...errors },
            },
            onRequest: fastify.authorize(READER_ROLES),
        },
        async (request) => desk.preservation(actorOf(request), request.params.id),
    );
    done();
};

export default preservationRoutes;
