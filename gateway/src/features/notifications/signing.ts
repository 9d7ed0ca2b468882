import { createHmac, randomBytes } from 'node:crypto';

/** Prefix of a subscription secret (as Standard Webhooks writes them). */
const SECRET_PREFIX = 'whsec_';

/** A new subscription secret: `whsec_` + base64 of 32 random bytes (the bytes are the HMAC key). */
export function newSecret(): string {
    return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/**
 * The headers of a signed delivery, as the Standard Webhooks specification writes them: `webhook-id` (the
 * delivery id, the same on every retry), `webhook-timestamp` (Unix seconds of this attempt) and
 * `webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`. A receiver recomputes the HMAC
 * over the raw body, compares in constant time and refuses a timestamp more than 5 minutes off its clock.
 */
export function signDelivery(
    secret: string,
    id: string,
    body: string,
    now: Date = new Date(),
): { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string } {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
    const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
    return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}

/**
 * Delay before attempt `attempts + 1` after `attempts` failures: exponential (`base · 2^(attempts−1)`, at most
 * `max`) with "equal jitter" (a uniform random half of it added to the other half), so receivers coming back
 * are not hit by every sender at once.
 */
export function backoffMs(attempts: number, base: number, max: number, random: () => number = Math.random): number {
    const exponential = Math.min(max, base * 2 ** Math.min(30, Math.max(0, attempts - 1)));
    return Math.round(exponential / 2 + random() * (exponential / 2));
}
