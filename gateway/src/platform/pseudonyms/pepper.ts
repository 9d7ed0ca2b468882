import { createHmac } from 'node:crypto';
import { loadOrCreateSecret } from '../auth/secret-file';

/** File in the data directory holding the generated pepper when `COURT_LEDGER_PEPPER` is not set. */
export const PEPPER_FILE = 'pepper';

/** Prefix of a case key, so a keyed case id is told apart from a clear one at a glance. */
export const CASE_KEY_PREFIX = 'ck_';

/** A case key: {@link CASE_KEY_PREFIX} and 43 base64url characters (256 bits). */
export const CASE_KEY_PATTERN = /^ck_[A-Za-z0-9_-]{43}$/;

/**
 * The court pepper: the one keyed scheme (HMAC-SHA256 under this secret) that turns what identifies people
 * into stable tokens for the shared ledger: every principal's id (`sub`) into a pseudonym, and every case
 * number into a case key. The pepper never goes on the ledger, so nobody holding only the ledger can test a
 * guessed `sub` or case number against them.
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

    /**
     * The case key of a clear case number: {@link CASE_KEY_PREFIX} + base64url HMAC-SHA256(pepper, `case:` ‖
     * NFC(caseNumber)). The `case:` label keeps case keys apart from pseudonyms of the same text; base64url
     * keeps the key within the chaincode's 64-character case ids.
     */
    caseKey(caseNumber: string): string {
        const mac = createHmac('sha256', this.key).update(`case:${caseNumber.normalize('NFC')}`, 'utf8');
        return `${CASE_KEY_PREFIX}${mac.digest('base64url')}`;
    }
}

/** Loads the pepper: `configured` (COURT_LEDGER_PEPPER), else `<dataDir>/pepper`, generated on first use. */
export async function loadPepper(dataDir: string, configured?: string): Promise<Pepper> {
    return new Pepper(await loadOrCreateSecret(dataDir, PEPPER_FILE, configured));
}
