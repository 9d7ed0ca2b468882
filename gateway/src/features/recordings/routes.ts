import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { AnchorQueue } from '../../platform/anchor-queue/anchor-queue';
import { actorOf } from '../../platform/auth/plugin';
import { HttpError } from '../../platform/http/errors';
import { commonErrors, ErrorRef } from '../../platform/http/schemas';
import type { SqlDatabase } from '../../platform/store/db';
import { chainOf, compareSegments } from './chain';
import {
    SegmentBody,
    SegmentResponse,
    SessionParams,
    SessionResponse,
    SessionWithSegments,
    VerifyBody,
    VerifyResponse,
} from './schemas';
import { appendSegment, closeSession, segmentsOf, sessionById, type RecordingSession } from './store';

/** What the recordings routes are given by their plugin. */
export interface RecordingRoutesOptions {
    readonly db: SqlDatabase;
    readonly queue: AnchorQueue;
}

/** Recordings anchored as they are made: `/v1/recordings…`. */
const recordingRoutes: FastifyPluginCallbackTypebox<RecordingRoutesOptions> = (fastify, { db, queue }, done) => {
    const found = async (sessionId: string): Promise<RecordingSession> => {
        const session = await sessionById(db, queue, sessionId);
        if (session === undefined) {
            throw new HttpError(404, 'SESSION_NOT_FOUND', `no recording session ${sessionId}`, 'sessionId');
        }
        return session;
    };

    fastify.post(
        '/v1/recordings/segments',
        {
            schema: {
                summary: 'Record a closed segment of a recording session (seq 1 opens it) and anchor its chain value',
                tags: ['recordings'],
                security: [{ bearer: [] }],
                body: SegmentBody,
                response: { 201: SegmentResponse, 409: ErrorRef, ...commonErrors },
            },
            onRequest: fastify.authorize(['subsystem']),
        },
        async (request, reply) => {
            const segment = await appendSegment(db, queue, { ...request.body, source: actorOf(request).sub });
            return reply.code(201).send(segment);
        },
    );

    fastify.post(
        '/v1/recordings/:sessionId/close',
        {
            schema: {
                summary: 'Close a recording session and anchor its closing value (last chain value and segment count)',
                tags: ['recordings'],
                security: [{ bearer: [] }],
                params: SessionParams,
                response: { 200: SessionResponse, 404: ErrorRef, ...commonErrors },
            },
            onRequest: fastify.authorize(['subsystem']),
        },
        async (request) => closeSession(db, queue, request.params.sessionId, actorOf(request).sub),
    );

    fastify.get(
        '/v1/recordings/:sessionId',
        {
            schema: {
                summary: 'A recording session with its segments and chain values',
                tags: ['recordings'],
                security: [{ bearer: [] }],
                params: SessionParams,
                response: { 200: SessionWithSegments, 404: ErrorRef, ...commonErrors },
            },
            onRequest: fastify.authorize(),
        },
        async (request) => {
            const session = await found(request.params.sessionId);
            const segments = await segmentsOf(db, session.sessionId);
            return { ...session, segments: segments.map(({ seq, digest, chain }) => ({ seq, digest, chain })) };
        },
    );

    fastify.post(
        '/v1/recordings/:sessionId/verify',
        {
            schema: {
                summary: 'Check a whole recording: every segment there, in order, none added, removed or changed',
                tags: ['recordings'],
                security: [{ bearer: [] }],
                params: SessionParams,
                body: VerifyBody,
                response: { 200: VerifyResponse, 404: ErrorRef, ...commonErrors },
            },
            onRequest: fastify.authorize(),
        },
        async (request) => {
            const session = await found(request.params.sessionId);
            const recorded = (await segmentsOf(db, session.sessionId)).map((segment) => segment.digest);
            const given = request.body.digests.map((digest) => digest.toLowerCase());
            const comparison = compareSegments(recorded, given);
            const { chain, closing } = chainOf(session.sessionId, given);
            return {
                sessionId: session.sessionId,
                status: session.status,
                segmentCount: recorded.length,
                given: given.length,
                ...comparison,
                chain,
                closingDigest: closing,
                ...(session.closingDigest === undefined
                    ? {}
                    : {
                          anchoredClosing: {
                              digest: session.closingDigest,
                              status: session.closingStatus ?? 'pending',
                              matches: session.closingDigest === closing,
                          },
                      }),
            };
        },
    );
    done();
};

export default recordingRoutes;
