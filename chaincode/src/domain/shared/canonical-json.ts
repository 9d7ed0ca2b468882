import canonicalizeImport from 'canonicalize';

/**
 * Deterministic JSON (RFC 8785, JSON Canonicalization Scheme) for state, events and anything hashed.
 * Every endorser must produce byte-identical writes, so nothing on the ledger is serialised any other way.
 */
export function canonicalJson(value: unknown): string {
    const text = canonicalizeImport(value);
    if (text === undefined) {
        throw new TypeError('value cannot be canonicalised');
    }
    return text;
}

/** Canonical JSON as UTF-8 bytes. */
export function canonicalBytes(value: unknown): Buffer {
    return Buffer.from(canonicalJson(value), 'utf8');
}
