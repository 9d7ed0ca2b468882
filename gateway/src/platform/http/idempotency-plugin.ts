import { createHash, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from './errors';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from '../store/idempotency';

/** An `Idempotency-Key`: 1–255 visible ASCII characters. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Hashes a request body as it streams past whoever reads it (Fastify's JSON parser, the multipart parser),
 * without buffering it. Multipart boundaries are left out, so the same form sent twice (each time with a new
 * random boundary) hashes the same.
 */
class BodyTap {
    private readonly hash: Hash;
    private readonly boundary: Buffer | undefined;
    private carry = Buffer.alloc(0);
    private readonly ended: Promise<void>;

    constructor(
        private readonly raw: IncomingMessage,
        method: string,
        url: string,
        contentType: string | undefined,
    ) {
        this.hash = createHash('sha256').update(`${method}\0${url}\0`);
        const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
        const value = boundary?.[1] ?? boundary?.[2];
        this.boundary = value === undefined ? undefined : Buffer.from(value);
        this.hash.update(this.boundary === undefined ? (contentType ?? '') : 'multipart/form-data');
        this.hash.update('\0');
        this.ended = new Promise((resolve, reject) => {
            if (raw.readableEnded) {
                resolve();
                return;
            }
            raw.once('end', () => {
                resolve();
            });
            raw.once('error', reject);
        });
        // Paused first: adding a 'data' listener then does not start the flow before the real reader attaches.
        raw.pause();
        raw.on('data', (chunk: Buffer) => {
            this.update(chunk);
        });
    }

    private update(chunk: Buffer): void {
        if (this.boundary === undefined) {
            this.hash.update(chunk);
            return;
        }
        let buffer = Buffer.concat([this.carry, chunk]);
        let at = buffer.indexOf(this.boundary);
        while (at !== -1) {
            this.hash.update(buffer.subarray(0, at));
            buffer = buffer.subarray(at + this.boundary.length);
            at = buffer.indexOf(this.boundary);
        }
        const keep = Math.min(buffer.length, this.boundary.length - 1);
        this.hash.update(buffer.subarray(0, buffer.length - keep));
        this.carry = Buffer.from(buffer.subarray(buffer.length - keep));
    }

    /** Reads whatever nobody read, and returns the body's fingerprint. */
    async fingerprint(): Promise<string> {
        this.raw.resume();
        await this.ended;
        this.hash.update(this.carry);
        this.carry = Buffer.alloc(0);
        return this.hash.digest('hex');
    }
}

interface KeyState {
    readonly key: string;
    readonly tap: BodyTap;
    principal?: string;
    /** This request claimed the key and executes. */
    owner: boolean;
    settled: boolean;
}

const states = new WeakMap<FastifyRequest, KeyState>();

function principalOf(request: FastifyRequest): string {
    return request.actor === undefined ? 'public' : `${request.actor.role}:${request.actor.sub}`;
}

/**
 * `Idempotency-Key` on every POST: the first request with a key (per principal) executes and its answer is
 * kept in the index; a retry with the same key and the same body gets that answer again (header
 * `idempotent-replayed: true`) and executes nothing; the same key with another body or route is 409
 * `IDEMPOTENCY_KEY_REUSED`; a duplicate arriving while the first still runs is 409 `IDEMPOTENCY_KEY_IN_USE`.
 * Answers other than 2xx are not kept: the key is released and a retry executes again.
 */
function idempotencyPlugin(fastify: FastifyInstance, _options: unknown, done: (error?: Error) => void): void {
    fastify.addHook('onRequest', (request, _reply, next) => {
        const header = request.headers['idempotency-key'];
        if (request.method !== 'POST' || header === undefined) {
            next();
            return;
        }
        if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
            next(
                new HttpError(
                    400,
                    'INVALID_ARGUMENT',
                    'Idempotency-Key must be one value of 1 to 255 visible ASCII characters',
                    'idempotency-key',
                ),
            );
            return;
        }
        const tap = new BodyTap(request.raw, request.method, request.url, request.headers['content-type']);
        states.set(request, { key: header, tap, owner: false, settled: false });
        next();
    });

    fastify.addHook('preHandler', async (request, reply) => {
        const state = states.get(request);
        if (state === undefined) {
            return;
        }
        const { db } = request.server.index;
        const principal = principalOf(request);
        state.principal = principal;
        const claim = await claimIdempotencyKey(db, principal, state.key, request.method, request.url);
        if (claim.state === 'claimed') {
            state.owner = true;
            return;
        }
        if (claim.state === 'running') {
            throw new HttpError(
                409,
                'IDEMPOTENCY_KEY_IN_USE',
                'a request with this Idempotency-Key is still being processed; retry later',
                'idempotency-key',
            );
        }
        const fingerprint = await state.tap.fingerprint();
        if (claim.method !== request.method || claim.url !== request.url || claim.fingerprint !== fingerprint) {
            throw new HttpError(
                409,
                'IDEMPOTENCY_KEY_REUSED',
                'this Idempotency-Key was used for a different request; use a new key',
                'idempotency-key',
            );
        }
        await reply
            .code(claim.statusCode)
            .header('idempotent-replayed', 'true')
            .type(claim.contentType ?? 'application/json')
            .send(claim.body);
    });

    fastify.addHook('onSend', async (request, reply, payload) => {
        const state = states.get(request);
        if (state?.owner !== true || state.settled || state.principal === undefined) {
            return payload;
        }
        state.settled = true;
        const { db } = request.server.index;
        const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : undefined;
        if (reply.statusCode >= 200 && reply.statusCode < 300 && body !== undefined) {
            const contentType = reply.getHeader('content-type');
            await completeIdempotencyKey(db, state.principal, state.key, {
                fingerprint: await state.tap.fingerprint(),
                statusCode: reply.statusCode,
                contentType: typeof contentType === 'string' ? contentType : undefined,
                body,
            });
        } else {
            await releaseIdempotencyKey(db, state.principal, state.key);
        }
        return payload;
    });

    // A request that ended without an answer (client gone) must not hold its key forever.
    fastify.addHook('onResponse', async (request) => {
        const state = states.get(request);
        if (state?.owner === true && !state.settled && state.principal !== undefined) {
            state.settled = true;
            await releaseIdempotencyKey(request.server.index.db, state.principal, state.key);
        }
    });
    done();
}

export default fp(idempotencyPlugin, { name: 'idempotency', dependencies: ['index'] });
