import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
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

/** Keeps sealed texts in one statement (gateway-local table `off_chain_texts`; the same digest again is a no-op). */
export async function keepTexts(db: SqlExecutor, texts: readonly SealedText[]): Promise<void> {
    if (texts.length === 0) {
        return;
    }
    await db.query(
        `INSERT INTO off_chain_texts (sha256, salt, text)
         SELECT x->>'sha256', x->>'salt', x->>'text' FROM jsonb_array_elements($1::jsonb) AS x
         ON CONFLICT (sha256) DO NOTHING`,
        [JSON.stringify(texts.map(({ sha256, salt, text }) => ({ sha256, salt, text })))],
    );
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

/** How many characters of text an {@link OffChainTexts} remembers at most. */
const REMEMBERED_CHARACTERS = 8_000_000;

/** Texts waiting for the next write of an {@link OffChainTexts}, with the callers to answer. */
interface PendingKeep {
    readonly texts: readonly SealedText[];
    readonly resolve: () => void;
    readonly reject: (error: unknown) => void;
}

/**
 * {@link keepTexts} and {@link textsByDigest} with the texts once kept or found remembered in a bounded cache.
 * A digest is SHA-256 over salt and text, so the text it names never changes and the cache needs no
 * invalidation: a view of a record naming many texts (a service with every event) queries only the digests
 * not seen before. A digest found without a text is not remembered (another gateway may keep it later).
 *
 * Writes are grouped: texts kept while a write is under way go together in the next one (one statement and
 * one commit for all of them), and each `keep` resolves once its texts are committed, as with a write of its own.
 */
export class OffChainTexts {
    private readonly known = new LRUCache<string, string>({
        maxSize: REMEMBERED_CHARACTERS,
        sizeCalculation: (text) => Math.max(1, text.length),
    });
    private pending: PendingKeep[] = [];
    private writing = false;

    constructor(private readonly db: SqlExecutor) {}

    /** Keeps sealed texts (see {@link keepTexts}) and remembers them; resolves once they are committed. */
    keep(texts: readonly SealedText[]): Promise<void> {
        return new Promise<void>((resolve, reject) => {
            this.pending.push({ texts, resolve, reject });
            if (!this.writing) {
                void this.writePending();
            }
        }).then(() => {
            for (const { sha256, text } of texts) {
                this.known.set(sha256, text);
            }
        });
    }

    private async writePending(): Promise<void> {
        this.writing = true;
        while (this.pending.length > 0) {
            const group = this.pending;
            this.pending = [];
            try {
                await keepTexts(
                    this.db,
                    group.flatMap((keep) => keep.texts),
                );
                group.forEach((keep) => {
                    keep.resolve();
                });
            } catch (error) {
                group.forEach((keep) => {
                    keep.reject(error);
                });
            }
        }
        this.writing = false;
    }

    /** The texts kept for `digests` (see {@link textsByDigest}). */
    async byDigest(digests: readonly string[]): Promise<Map<string, string>> {
        const found = new Map<string, string>();
        const unknown: string[] = [];
        for (const digest of new Set(digests)) {
            const text = this.known.get(digest);
            if (text === undefined) {
                unknown.push(digest);
            } else {
                found.set(digest, text);
            }
        }
        for (const [digest, text] of await textsByDigest(this.db, unknown)) {
            found.set(digest, text);
            this.known.set(digest, text);
        }
        return found;
    }
}
