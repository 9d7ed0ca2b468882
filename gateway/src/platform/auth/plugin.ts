import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { TokenRejected } from './tokens';
import type { Role } from './roles';
import { HttpError } from '../http/errors';
import type { Actor } from '@court-ledger/ledger-api';

declare module 'fastify' {
    interface FastifyRequest {
        /** The authenticated principal; set by the `authorize` onRequest hook. */
        actor: Actor | undefined;
    }
    interface FastifyInstance {
        /** An onRequest hook that requires a valid bearer token, and one of `roles` when given. */
        authorize(roles?: readonly Role[]): onRequestAsyncHookHandler;
    }
}

/** The authenticated actor of a request that went through `authorize` (a programming error otherwise). */
export function actorOf(request: FastifyRequest): Actor {
    if (request.actor === undefined) {
        throw new Error('route is missing the authorize hook');
    }
    return request.actor;
}

/** Checks the bearer token and, when given, the role; throws the 401/403 {@link HttpError}. */
async function authenticate(
    fastify: FastifyInstance,
    header: string | undefined,
    roles?: readonly Role[],
): Promise<Actor> {
    const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
    if (match?.[1] === undefined) {
        throw new HttpError(401, 'UNAUTHENTICATED', 'a bearer token is required', 'authorization');
    }
    let actor: Actor;
    try {
        actor = await fastify.tokens.authenticate(match[1]);
    } catch (error) {
        if (error instanceof TokenRejected) {
            throw new HttpError(401, 'UNAUTHENTICATED', error.message, 'authorization');
        }
        throw error;
    }
    if (roles !== undefined && !(roles as readonly string[]).includes(actor.role)) {
        throw new HttpError(
            403,
            'FORBIDDEN_ROLE',
            `role ${actor.role} may not do this (allowed: ${roles.join(', ')})`,
            'role',
        );
    }
    return actor;
}

function authPlugin(fastify: FastifyInstance, _options: unknown, done: (error?: Error) => void): void {
    fastify.decorateRequest('actor', undefined);
    fastify.decorate('authorize', (roles?: readonly Role[]): onRequestAsyncHookHandler => {
        return async (request) => {
            request.actor = await authenticate(fastify, request.headers.authorization, roles);
        };
    });
    done();
}

export default fp(authPlugin, { name: 'auth', dependencies: ['tokens'] });
