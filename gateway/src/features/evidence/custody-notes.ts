import type { SqlExecutor } from '../../platform/store/db';
import type { SealedText } from '../../platform/store/off-chain-texts';

/**
 * Free text attached to a custody step; only its salted SHA-256 (`noteSha256`, see `sealText`) goes on the
 * ledger, the salt is kept with the text (`off_chain_texts`).
 */
export interface CustodyNote {
    readonly evidenceId: string;
    readonly txId: string;
    readonly note: string;
    /** SHA-256(salt ‖ UTF-8 note), lowercase hex: equals the custody entry's `noteSha256`. */
    readonly noteSha256: string;
    /** ISO 8601. */
    readonly createdAt: string;
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
 * Stores the note of custody transaction `txId`, sealed as the ledger got it. Idempotent for the same text;
 * throws if a different note is already stored for that transaction.
 */
export async function addCustodyNote(
    db: SqlExecutor,
    evidenceId: string,
    txId: string,
    sealed: SealedText,
): Promise<CustodyNote> {
    const { text: note, sha256: hash } = sealed;
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
    if (row.note !== note) {
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
