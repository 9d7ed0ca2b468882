/** One Server-Sent Events message. */
export interface SseMessage {
    readonly id: string;
    readonly event: string;
    readonly data: string;
}

/**
 * Connects to an SSE endpoint and collects messages until `until` says enough (or the stream ends); then
 * disconnects. `lastEventId` is sent as `Last-Event-ID`.
 */
export async function readSse(
    url: string,
    headers: Record<string, string>,
    until: (messages: readonly SseMessage[]) => boolean,
    lastEventId?: string,
): Promise<SseMessage[]> {
    const abort = new AbortController();
    const response = await fetch(url, {
        headers: {
            ...headers,
            accept: 'text/event-stream',
            ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
        },
        signal: abort.signal,
    });
    if (response.status !== 200 || response.body === null) {
        throw new Error(`SSE answered ${response.status}: ${await response.text()}`);
    }
    const messages: SseMessage[] = [];
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    try {
        while (!until(messages)) {
            const { done, value } = await reader.read();
            if (done) {
                break;
            }
            buffer += decoder.decode(value, { stream: true });
            let end = buffer.indexOf('\n\n');
            while (end >= 0) {
                const block = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                const fields = new Map<string, string>();
                for (const line of block.split('\n')) {
                    const colon = line.indexOf(':');
                    if (colon > 0) {
                        fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
                    }
                }
                const id = fields.get('id');
                if (id !== undefined) {
                    messages.push({ id, event: fields.get('event') ?? '', data: fields.get('data') ?? '' });
                }
                end = buffer.indexOf('\n\n');
            }
        }
    } finally {
        abort.abort();
        await reader.cancel().catch(() => undefined);
    }
    return messages;
}
