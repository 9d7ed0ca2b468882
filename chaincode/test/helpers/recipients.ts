import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** The court pepper of the tests: the HMAC key the gateway would hold (the chaincode never sees it). */
const PEPPER = 'court-pepper';

/** A principal's pseudonym as the gateway computes it: HMAC-SHA256 of the sub under the court pepper, hex. */
export function pseudonymOf(sub: string): string {
    return createHmac('sha256', PEPPER).update(sub).digest('hex');
}

/** A fresh ECDSA P-256 key pair: the private key, and the public key as SPKI PEM (what a recipient registers). */
export function keyPair(): { privateKey: KeyObject; pem: string } {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return { privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
