// The verification recipe of README "Notifications for subsystems", verbatim: plain Node, no library.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** True when a delivery's headers sign its raw body with `secret` and its timestamp is within 5 minutes. */
export function verifyWebhook(secret: string, headers: Record<string, string>, body: string): boolean {
    const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
    const { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures } = headers;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false; // replay window
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
    return (signatures ?? '').split(' ').some((entry) => {
        const given = Buffer.from(entry.replace(/^v1,/, ''), 'base64');
        return entry.startsWith('v1,') && given.length === expected.length && timingSafeEqual(given, expected);
    });
}
