/**
 * RFC 8785 canonical JSON (the `canonicalize` library), as the ledgers need it: the embedded ledger hashes
 * and signs blocks over it, and both ledgers send the acting principal in it. The chaincode serialises its
 * state with the same library (its own `canonicalJson`, chaincode/src/domain); the ledger packages do not
 * import the chaincode, which they load only by path at run time.
 */
import canonicalize from 'canonicalize';

/** The canonical JSON text of `value`; a TypeError when it has none (e.g. `undefined`, a function). */
export function canonicalJson(value: unknown): string {
    const text = canonicalize(value);
    if (text === undefined) {
        throw new TypeError('value cannot be canonicalised');
    }
    return text;
}
