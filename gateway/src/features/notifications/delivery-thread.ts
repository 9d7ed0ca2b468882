// The delivery thread's entry (see DeliverySender): one signed POST per message, each with its deadline.
import { parentPort, workerData } from 'node:worker_threads';
import { canonicalJson } from '@court-ledger/ledger-api';
import { request } from 'undici';
import { deliveryDispatcher, type AddressPolicy } from './delivery-dispatcher';
import type { FromThread, SendRequest, SendResult, ToThread } from './sender';
import { signDelivery } from './signing';

const dispatcher = deliveryDispatcher(workerData as AddressPolicy);
/** The deliveries under way, to end them all on `abort`. */
const underWay = new Set<AbortController>();

function describe(error: unknown): string {
    if (error instanceof Error) {
        const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
        return error.name === 'TimeoutError' ? 'timed out' : `${error.message}${cause}`;
    }
    return String(error);
}

/** One attempt: a 2xx answer is a success, anything else (status, timeout, connection error) an error. */
async function send(delivery: SendRequest): Promise<SendResult> {
    const startedAt = Date.now();
    // The attempt's own signal, ended by its deadline or by `abort` (cheaper per attempt than AbortSignal.any
    // of AbortSignal.timeout, which Node 20 tracks with weak references until collected).
    const abort = new AbortController();
    const deadline = setTimeout(() => {
        abort.abort(new DOMException('The attempt timed out', 'TimeoutError'));
    }, delivery.timeoutMs);
    underWay.add(abort);
    try {
        const body = canonicalJson(delivery.event);
        const response = await request(delivery.url, {
            method: 'POST',
            dispatcher,
            headers: {
                'content-type': 'application/json',
                'user-agent': 'court-ledger-webhooks/1',
                ...signDelivery(delivery.secret, delivery.messageId, body, new Date(startedAt)),
            },
            body,
            signal: abort.signal,
        });
        await response.body.dump();
        const { statusCode } = response;
        const failed = statusCode < 200 || statusCode > 299;
        return {
            statusCode,
            ...(failed ? { error: `HTTP ${statusCode}` } : {}),
            startedAt,
            durationMs: Date.now() - startedAt,
        };
    } catch (cause) {
        return { error: describe(cause), startedAt, durationMs: Date.now() - startedAt };
    } finally {
        clearTimeout(deadline);
        underWay.delete(abort);
    }
}

parentPort?.on('message', (message: ToThread) => {
    if (message.type === 'abort') {
        for (const abort of underWay) {
            abort.abort(new Error('the gateway is stopping'));
        }
        return;
    }
    void send(message.request).then((result) => {
        parentPort?.postMessage({ id: message.id, result } satisfies FromThread);
    });
});
