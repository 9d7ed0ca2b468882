import { randomBytes } from 'node:crypto';
import { saltedSha256 } from '@court-ledger/chaincode/domain';
import type { SqlExecutor } from './db';

/** Free text ready to leave the ledger: the ledger gets `sha256` only; text and salt stay in the index. */
export interface SealedText {
    /** SHA-256(salt ‖ UTF-8 text), lowercase hex: what goes on the ledger. */
    readonly sha256: string;
    /** 16 random bytes, hex: so nobody holding the ledger can test a guessed text against the digest. */
    readonly salt: string;
    readonly text: string;
}

/** Seals `text` with a fresh random salt. */
export function sealText(text: string): SealedText {
    const salt = randomBytes(16).toString('hex');
    return { sha256: saltedSha256(salt, text), salt, text };
}

/** Keeps sealed texts (gateway-local table `off_chain_texts`; the same digest again is a no-op). */
export async function keepTexts(db: SqlExecutor, texts: readonly SealedText[]): Promise<void> {
    for (const { sha256, salt, text } of texts) {
        await db.query(
            'INSERT INTO off_chain_texts (sha256, salt, text) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING',
            [sha256, salt, text],
        );
    }
}

/** The texts kept for `digests` (digest → text); a digest with no text kept is absent from the map. */
export async function textsByDigest(db: SqlExecutor, digests: readonly string[]): Promise<Map<string, string>> {
    if (digests.length === 0) {
        return new Map();
    }
    const rows = await db.query<{ sha256: string; text: string }>(
        'SELECT sha256, text FROM off_chain_texts WHERE sha256 = ANY($1::text[])',
        [[...new Set(digests)]],
    );
    return new Map(rows.map((row) => [row.sha256, row.text]));
}
