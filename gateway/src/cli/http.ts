/** A failed gateway call, with the gateway's `{code, message}` when it sent one. */
export class GatewayCallError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
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
