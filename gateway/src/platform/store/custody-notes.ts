import { createHash } from 'node:crypto';
import type { SqlExecutor } from './db.js';

/** Free text attached to a custody step; only its SHA-256 (`noteSha256`) goes on the ledger. */
export interface CustodyNote {
    readonly evidenceId: string;
    readonly txId: string;
    readonly note: string;
    /** Lower-case hex SHA-256 of the note's UTF-8 bytes: equals the custody entry's `noteSha256`. */
    readonly noteSha256: string;
    /** ISO 8601. */
    readonly createdAt: string;
}

/** SHA-256 (hex) of a note as the chaincode receives it. */
export function noteSha256(note: string): string {
    return createHash('sha256').update(note, 'utf8').digest('hex');
}

interface NoteRow {
    evidence_id: string;
    tx_id: string;
    note: string;
    note_sha256: string;
    created_at: Date;
}

function toNote(row: NoteRow): CustodyNote {
    return {
        evidenceId: row.evidence_id,
        txId: row.tx_id,
        note: row.note,
        noteSha256: row.note_sha256,
        createdAt: row.created_at.toISOString(),
    };
}

/**
 * Stores the note of custody transaction `txId`. Idempotent for the same text; throws if a different note
 * is already stored for that transaction.
 */
export async function addCustodyNote(
    db: SqlExecutor,
    evidenceId: string,
    txId: string,
    note: string,
): Promise<CustodyNote> {
    const hash = noteSha256(note);
    const rows = await db.query<NoteRow>(
        `WITH inserted AS (
             INSERT INTO custody_notes (evidence_id, tx_id, note, note_sha256) VALUES ($1, $2, $3, $4)
             ON CONFLICT (evidence_id, tx_id) DO NOTHING
             RETURNING evidence_id, tx_id, note, note_sha256, created_at
         )
         SELECT * FROM inserted
         UNION ALL
         SELECT evidence_id, tx_id, note, note_sha256, created_at FROM custody_notes
         WHERE evidence_id = $1 AND tx_id = $2 AND NOT EXISTS (SELECT 1 FROM inserted)`,
        [evidenceId, txId, note, hash],
    );
    const row = rows[0];
    if (row === undefined) {
        throw new Error(`custody note for ${evidenceId} / ${txId} could not be stored`);
    }
    if (row.note_sha256 !== hash) {
        throw new Error(`a different custody note is already stored for ${evidenceId} / ${txId}`);
    }
    return toNote(row);
}

/** The notes of an evidence record, oldest first. */
export async function custodyNotes(db: SqlExecutor, evidenceId: string): Promise<CustodyNote[]> {
    const rows = await db.query<NoteRow>(
        `SELECT evidence_id, tx_id, note, note_sha256, created_at FROM custody_notes
         WHERE evidence_id = $1 ORDER BY created_at, tx_id`,
        [evidenceId],
    );
    return rows.map(toNote);
}
