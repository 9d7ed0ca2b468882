import { randomUUID } from 'node:crypto';

/** A failed gateway call, with the gateway's `{code, message}` when it sent one. */
export class GatewayCallError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

/**
 * POSTs with an `Idempotency-Key` (a fresh random one per logical request) and retries the same request with
 * the same key when the network failed or the gateway answered 503: the gateway executes it at most once.
 */
export async function postIdempotent(
    url: string,
    init: { readonly headers: Readonly<Record<string, string>>; readonly body: string },
    accept: readonly number[] = [200],
    attempts = 3,
): Promise<{ status: number; body: unknown }> {
    const headers = { ...init.headers, 'idempotency-key': randomUUID() };
    for (let attempt = 1; ; attempt += 1) {
        try {
            return await callGateway(url, { method: 'POST', headers, body: init.body }, accept);
        } catch (error) {
            const retriable = (error instanceof GatewayCallError && error.status === 503) || error instanceof TypeError;
            if (!retriable || attempt >= attempts) {
                throw error;
            }
            await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
        }
    }
}

/** Calls the gateway and parses JSON; statuses in `accept` are returned, others throw. */
export async function callGateway(
    url: string,
    init: RequestInit,
    accept: readonly number[] = [200],
): Promise<{ status: number; body: unknown }> {
    const response = await fetch(url, init);
    const text = await response.text();
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    if (!accept.includes(response.status)) {
        const detail = body as { code?: string; message?: string } | undefined;
        throw new GatewayCallError(
            response.status,
            `${init.method ?? 'GET'} ${url} → ${response.status} ${detail?.code ?? ''} ${detail?.message ?? text}`.trim(),
        );
    }
    return { status: response.status, body };
}
