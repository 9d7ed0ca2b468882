/**
 * Child of the notifications benchmark: the tests' {@link WebhookReceiver} in a process of its own, so that
 * receiving and reading the deliveries costs the benchmarked gateway no CPU (a real subsystem receives on its
 * own machine). argv[2] is how it answers (`ok` or `slow`). Over IPC it sends `{type: 'ready', url}` once
 * listening, and answers each request `{seq, type}` of {@link ReceiverRequest} with `{seq, requests?}`.
 */
import { WebhookReceiver } from '../test/support/webhook-receiver';

/** What the parent asks: stop listening, the requests received so far, or to close and exit. */
export interface ReceiverRequest {
    readonly seq: number;
    readonly type: 'down' | 'report' | 'close';
}

/** A request received, summarised in the child: what the benchmark reads of it. */
export interface ReceivedSummary {
    /** `webhook-id`. */
    readonly id: string;
    /** The event's `type` and `data.batchId`. */
    readonly type: string;
    readonly batchId?: string;
    /** When its body had arrived, as Unix ms (`performance.timeOrigin + performance.now()`). */
    readonly receivedAtEpoch: number;
}

/** The child's messages to the parent. */
export type ReceiverMessage =
    | { readonly type: 'ready'; readonly url: string }
    | { readonly seq: number; readonly requests?: readonly ReceivedSummary[] };

function send(message: ReceiverMessage): void {
    process.send?.(message);
}

async function main(): Promise<void> {
    const answer = process.argv[2] === 'slow' ? 'slow' : 'ok';
    const receiver = await WebhookReceiver.start(() => answer);
    let summarised = 0;
    const summaries: ReceivedSummary[] = [];
    process.on('message', (message: ReceiverRequest) => {
        void (async () => {
            if (message.type === 'down') {
                await receiver.down();
                send({ seq: message.seq });
            } else if (message.type === 'report') {
                for (const request of receiver.requests.slice(summarised)) {
                    const event = JSON.parse(request.body) as { type: string; data: { batchId?: string } };
                    summaries.push({
                        id: request.headers['webhook-id'] ?? '',
                        type: event.type,
                        ...(event.data.batchId === undefined ? {} : { batchId: event.data.batchId }),
                        receivedAtEpoch: performance.timeOrigin + request.receivedAt,
                    });
                }
                summarised = receiver.requests.length;
                send({ seq: message.seq, requests: summaries });
            } else {
                await receiver.close();
                send({ seq: message.seq });
                process.disconnect();
            }
        })();
    });
    send({ type: 'ready', url: receiver.url });
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
