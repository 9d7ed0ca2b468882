import { createHmac } from 'node:crypto';
import { loadOrCreateSecret } from '../auth/secret-file';

/** File in the data directory holding the generated pepper when `COURT_LEDGER_PEPPER` is not set. */
export const PEPPER_FILE = 'pepper';

/**
 * The court pepper: a secret that turns a recipient's principal id (`sub`) into a stable pseudonym. The pepper
 * never goes on the ledger, so nobody holding only the ledger can test a guessed `sub` against a pseudonym.
 */
export class Pepper {
    private readonly key: Buffer;

    /** @param secret - the pepper text; its UTF-8 bytes are the HMAC key */
    constructor(secret: string) {
        if (secret.length < 16) {
            throw new Error('the court pepper must be at least 16 characters');
        }
        this.key = Buffer.from(secret, 'utf8');
    }

    /** `recipientPseudonym` = lowercase hex HMAC-SHA256(pepper, sub) (docs/service-of-process.md). */
    pseudonym(sub: string): string {
        return createHmac('sha256', this.key).update(sub, 'utf8').digest('hex');
    }
}

/** Loads the pepper: `configured` (COURT_LEDGER_PEPPER), else `<dataDir>/pepper`, generated on first use. */
export async function loadPepper(dataDir: string, configured?: string): Promise<Pepper> {
    return new Pepper(await loadOrCreateSecret(dataDir, PEPPER_FILE, configured));
}
