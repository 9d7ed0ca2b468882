import { once } from 'node:events';
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../platform/auth/plugin';
import { HttpError } from '../../platform/http/errors';
import { commonErrors } from '../../platform/http/schemas';
import { SUBSCRIBER_ROLES, subscriberFilter } from './access';
import { parseEventId } from './events';
import { EVENT_TYPES, StreamQuery, type EventType } from './schemas';
import type { NotificationStore, StreamPosition } from './store';

/** Wakes the streams waiting for new events (the plugin calls {@link notify} after each projection commit with notifications). */
export class ChangeSignal {
    private waiters = new Set<() => void>();

    /** Resolves at the next {@link notify}, after `ms`, or when `signal` aborts. */
    wait(ms: number, signal: AbortSignal): Promise<void> {
        return new Promise((resolve) => {
            const done = (): void => {
                clearTimeout(timer);
                signal.removeEventListener('abort', done);
                this.waiters.delete(done);
                resolve();
            };
            const timer = setTimeout(done, ms);
            signal.addEventListener('abort', done);
            this.waiters.add(done);
        });
    }

    notify(): void {
        for (const waiter of [...this.waiters]) {
            waiter();
        }
    }
}

/** What the stream route is given by the notifications plugin. */
export interface StreamRouteOptions {
    readonly store: NotificationStore;
    readonly changes: ChangeSignal;
    /** Aborted when the app closes: every open stream ends. */
    readonly closing: AbortSignal;
    /** A comment line is sent after this long without events (keeps proxies from closing the stream). */
    readonly heartbeatMs: number;
}

/** Events read from the log per query. */
const PAGE = 500;

function csv(value: string | undefined): string[] | undefined {
    const items = value
        ?.split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    return items === undefined || items.length === 0 ? undefined : items;
}

function eventTypes(value: string | undefined): EventType[] | undefined {
    const items = csv(value);
    const unknown = items?.find((item) => !(EVENT_TYPES as readonly string[]).includes(item));
    if (unknown !== undefined) {
        throw new HttpError(400, 'INVALID_ARGUMENT', `unknown event type ${unknown}`, 'events');
    }
    return items as EventType[] | undefined;
}

/**
 * `GET /v1/events`: Server-Sent Events of the same events webhooks deliver, under the same rules. Each message
 * has `id:` (the event id), `event:` (its type) and `data:` (the event envelope, JSON). Events come from the
 * persisted event log, so a client reconnecting with `Last-Event-ID` gets every event after that one, none
 * missed, none twice; without it the stream starts at the newest event. Written on `reply.raw` (hijacked):
 * the format is four lines, and the loop reads the log in pages, waiting for the socket to drain.
 */
const streamRoute: FastifyPluginCallbackTypebox<StreamRouteOptions> = (fastify, options, done) => {
    const { store, changes, closing, heartbeatMs } = options;
    fastify.get(
        '/v1/events',
        {
            schema: {
                summary: 'Server-Sent Events: the events you may receive, resumable with Last-Event-ID',
                tags: ['notifications'],
                security: [{ bearer: [] }],
                querystring: StreamQuery,
                headers: Type.Object({
                    'last-event-id': Type.Optional(Type.String({ description: 'resume after this event id' })),
                }),
                produces: ['text/event-stream'],
                response: { 200: Type.String({ description: 'text/event-stream' }), ...commonErrors },
            },
            onRequest: fastify.authorize(SUBSCRIBER_ROLES),
        },
        async (request, reply) => {
            const actor = actorOf(request);
            // The owner as the ledger knows principals (the pseudonym the anchored sources name).
            const filter = subscriberFilter(
                { ...actor, sub: fastify.pepper.pseudonym(actor.sub) },
                eventTypes(request.query.events),
                csv(request.query.caseIds),
            );
            const lastId = request.headers['last-event-id'];
            let position: StreamPosition | undefined =
                lastId === undefined ? await store.lastPosition() : parseEventId(lastId);
            if (position === undefined) {
                throw new HttpError(400, 'INVALID_ARGUMENT', 'Last-Event-ID is not an event id', 'Last-Event-ID');
            }
            const ended = new AbortController();
            const end = (): void => {
                ended.abort();
            };
            request.raw.once('close', end);
            closing.addEventListener('abort', end);
            reply.hijack();
            const out = reply.raw;
            out.writeHead(200, {
                'content-type': 'text/event-stream; charset=utf-8',
                'cache-control': 'no-cache',
                connection: 'keep-alive',
                'x-accel-buffering': 'no',
            });
            const write = async (text: string): Promise<void> => {
                if (!out.write(text)) {
                    await Promise.race([once(out, 'drain'), once(ended.signal, 'abort')]);
                }
            };
            try {
                await write('retry: 2000\n\n');
                while (!ended.signal.aborted) {
                    const page = await store.eventsAfter(position, filter, PAGE);
                    for (const event of page) {
                        await write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
                        position = parseEventId(event.id) ?? position;
                    }
                    if (page.length < PAGE) {
                        const before = Date.now();
                        await changes.wait(heartbeatMs, ended.signal);
                        if (Date.now() - before >= heartbeatMs) {
                            await write(': keep-alive\n\n');
                        }
                    }
                }
            } catch (error) {
                request.log.warn({ err: error }, 'event stream ended by an error');
            } finally {
                closing.removeEventListener('abort', end);
                out.end();
            }
        },
    );
    done();
};

export default streamRoute;
