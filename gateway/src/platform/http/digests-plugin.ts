import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Fields that hold a digest: `digest`, `sha256`, `sm3` and any `…Digest` (body fields and path params). */
const DIGEST_NAMES = new Set(['digest', 'sha256', 'sm3']);
const HEX64 = /^[0-9A-Fa-f]{64}$/;
const UPPER_HEX = /[A-F]/;

/** Whether a field holds a digest that needs lower-casing (cheapest tests first: this runs on every item). */
function upperCaseDigest(key: string, field: string): boolean {
    return (
        field.length === 64 &&
        (DIGEST_NAMES.has(key) || key.endsWith('Digest')) &&
        UPPER_HEX.test(field) &&
        HEX64.test(field)
    );
}

/**
 * Lowercases hex digests in place, wherever a digest is taken: tools such as PowerShell's `Get-FileHash`
 * print upper-case hex, and the ledger keeps lower-case. Only digest-named fields of exactly 64 hex digits
 * change; everything else is left to the schemas.
 */
export function normaliseDigests(value: unknown, depth = 0): void {
    if (depth > 4 || value === null || typeof value !== 'object') {
        return;
    }
    if (Array.isArray(value)) {
        for (const item of value) {
            normaliseDigests(item, depth + 1);
        }
        return;
    }
    const record = value as Record<string, unknown>;
    // for…in rather than Object.entries: this runs on every item of a 10,000-item anchoring request.
    for (const key in record) {
        const field = record[key];
        if (typeof field === 'string') {
            if (upperCaseDigest(key, field)) {
                record[key] = field.toLowerCase();
            }
        } else {
            normaliseDigests(field, depth + 1);
        }
    }
}

function digestsPlugin(fastify: FastifyInstance, _options: unknown, done: (error?: Error) => void): void {
    fastify.addHook('preValidation', (request, _reply, next) => {
        normaliseDigests(request.params);
        normaliseDigests(request.body);
        next();
    });
    done();
}

export default fp(digestsPlugin, { name: 'digests' });
