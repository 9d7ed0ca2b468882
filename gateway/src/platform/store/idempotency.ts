import type { SqlExecutor } from './db.js';

/** A stored first answer to an idempotent request. */
export interface StoredAnswer {
    readonly fingerprint: string;
    readonly statusCode: number;
    readonly contentType: string | undefined;
    readonly body: string;
}

/** What the claim of a key found. */
export type Claim =
    | { readonly state: 'claimed' }
    | { readonly state: 'running'; readonly method: string; readonly url: string }
    | ({ readonly state: 'completed'; readonly method: string; readonly url: string } & StoredAnswer);

interface KeyRow {
    method: string;
    url: string;
    fingerprint: string | null;
    status_code: number | null;
    content_type: string | null;
    body: string | null;
}

/**
 * Claims `(principal, key)` by inserting its row first: exactly one of any number of concurrent claims
 * inserts it (the primary key decides); the others read the row and see it running or completed.
 */
export async function claimIdempotencyKey(
    db: SqlExecutor,
    principal: string,
    key: string,
    method: string,
    url: string,
): Promise<Claim> {
    const inserted = await db.query<{ principal: string }>(
        `INSERT INTO idempotency_keys (principal, idempotency_key, method, url) VALUES ($1, $2, $3, $4)
         ON CONFLICT (principal, idempotency_key) DO NOTHING RETURNING principal`,
        [principal, key, method, url],
    );
    if (inserted.length === 1) {
        return { state: 'claimed' };
    }
    const [row] = await db.query<KeyRow>(
        `SELECT method, url, fingerprint, status_code, content_type, body FROM idempotency_keys
         WHERE principal = $1 AND idempotency_key = $2`,
        [principal, key],
    );
    if (row === undefined) {
        // Released between our insert and our read: the other request failed; claim again.
        return claimIdempotencyKey(db, principal, key, method, url);
    }
    if (row.status_code === null || row.fingerprint === null || row.body === null) {
        return { state: 'running', method: row.method, url: row.url };
    }
    return {
        state: 'completed',
        method: row.method,
        url: row.url,
        fingerprint: row.fingerprint,
        statusCode: row.status_code,
        contentType: row.content_type ?? undefined,
        body: row.body,
    };
}

/** Stores the answer of a claimed key. */
export async function completeIdempotencyKey(
    db: SqlExecutor,
    principal: string,
    key: string,
    answer: StoredAnswer,
): Promise<void> {
    await db.query(
        `UPDATE idempotency_keys SET fingerprint = $3, status_code = $4, content_type = $5, body = $6,
                completed_at = now()
         WHERE principal = $1 AND idempotency_key = $2 AND completed_at IS NULL`,
        [principal, key, answer.fingerprint, answer.statusCode, answer.contentType ?? null, answer.body],
    );
}

/** Releases a claimed key whose request did not succeed, so that a retry executes again. */
export async function releaseIdempotencyKey(db: SqlExecutor, principal: string, key: string): Promise<void> {
    await db.query(
        'DELETE FROM idempotency_keys WHERE principal = $1 AND idempotency_key = $2 AND completed_at IS NULL',
        [principal, key],
    );
}
