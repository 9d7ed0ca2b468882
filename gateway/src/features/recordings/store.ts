import type { AnchorItemState, AnchorQueue } from '../../platform/anchor-queue/anchor-queue';
import { DomainError } from '../../platform/http/errors';
import type { SqlDatabase, SqlExecutor } from '../../platform/store/db';
import { chainLink, chainStart, closingDigest } from './chain';

/** The anchoring kind of every value a recording session anchors (segment chain values and the closing value). */
export const RECORDING_KIND = 'hearing-recording';

/** The gateway-local tables of recordings (kept by a rebuild: nothing of them is on the ledger in full). */
export const RECORDING_LOCAL_TABLES: readonly string[] = ['recording_sessions', 'recording_segments'];

/** The anchoring queue's `ref` of a segment's chain value and of the closing value. */
function anchorRef(sessionId: string, what: number | 'close'): string {
    return `recording:${sessionId}:${String(what)}`;
}

/** A segment as recorded: its digest and the chain value anchored for it. */
export interface RecordedSegment {
    readonly sessionId: string;
    readonly seq: number;
    readonly digest: string;
    /** `chain_seq`, the value anchored for this segment. */
    readonly chain: string;
}

/** A recording session. */
export interface RecordingSession {
    readonly sessionId: string;
    readonly kind: string;
    /** The recorder (principal id) that opened it; only it may add segments or close it. */
    readonly source: string;
    readonly status: 'open' | 'closed';
    readonly segmentCount: number;
    /** `chain_N` after the last segment (`chain_0` before the first). */
    readonly chain: string;
    /** ISO 8601. */
    readonly openedAt: string;
    readonly closedAt?: string;
    /** The closing value anchored when the session closed. */
    readonly closingDigest?: string;
    /** Anchoring state of the closing value. */
    readonly closingStatus?: AnchorItemState;
}

interface SessionRow {
    session_id: string;
    kind: string;
    source_sub: string;
    segment_count: number;
    chain: string;
    opened_at: Date;
    closed_at: Date | null;
    closing_digest: string | null;
}

const LOCK_SESSION = `SELECT * FROM recording_sessions WHERE session_id = $1 FOR UPDATE`;

async function lockedSession(tx: SqlExecutor, sessionId: string, source: string): Promise<SessionRow | undefined> {
    const [row] = await tx.query<SessionRow>(LOCK_SESSION, [sessionId]);
    if (row !== undefined && row.source_sub !== source) {
        throw new DomainError('FORBIDDEN_ACTOR', 'this session belongs to another recorder', 'sessionId');
    }
    return row;
}

/**
 * Records segment `seq` of a session (opening the session with seq 1) and queues its chain value for
 * anchoring, in one transaction: once this resolves the segment survives any crash. Segments must arrive in
 * order, each once: a used seq is `DUPLICATE_SEGMENT`, a gap `SEGMENT_OUT_OF_ORDER`, a closed session
 * `SESSION_CLOSED`.
 */
export async function appendSegment(
    db: SqlDatabase,
    queue: AnchorQueue,
    input: { sessionId: string; seq: number; digest: string; source: string },
): Promise<RecordedSegment> {
    const { sessionId, seq, digest, source } = input;
    const segment = await db.transaction(async (tx) => {
        if (seq === 1) {
            await tx.query(
                `INSERT INTO recording_sessions (session_id, kind, source_sub, segment_count, chain)
                 VALUES ($1, $2, $3, 0, $4) ON CONFLICT (session_id) DO NOTHING`,
                [sessionId, RECORDING_KIND, source, chainStart(sessionId)],
            );
        }
        const session = await lockedSession(tx, sessionId, source);
        const expected = (session?.segment_count ?? 0) + 1;
        if (session?.closed_at != null) {
            throw new DomainError('SESSION_CLOSED', `session ${sessionId} is closed`, 'sessionId');
        }
        if (session === undefined || seq > expected) {
            throw new DomainError('SEGMENT_OUT_OF_ORDER', `segment ${seq} arrived before ${expected}`, 'seq');
        }
        if (seq < expected) {
            throw new DomainError(
                'DUPLICATE_SEGMENT',
                `segment ${seq} is already recorded; next is ${expected}`,
                'seq',
            );
        }
        const chain = chainLink(session.chain, seq, digest);
        await tx.query(`INSERT INTO recording_segments (session_id, seq, digest, chain) VALUES ($1, $2, $3, $4)`, [
            sessionId,
            seq,
            digest,
            chain,
        ]);
        await tx.query(`UPDATE recording_sessions SET segment_count = $2, chain = $3 WHERE session_id = $1`, [
            sessionId,
            seq,
            chain,
        ]);
        // Queued last, inside the transaction: a failure rolls the segment back; a crash before the commit
        // leaves at most a queued digest nobody was told of, which the recorder's retry queues again (idempotent).
        await queue.add([
            { digest: Buffer.from(chain, 'hex'), kind: RECORDING_KIND, ref: anchorRef(sessionId, seq), source },
        ]);
        return { sessionId, seq, digest, chain };
    });
    return segment;
}

/**
 * Closes a session and queues its closing value (fixing the last chain value and the segment count) for
 * anchoring, in one transaction. Closing a closed session again answers the same session.
 */
export async function closeSession(
    db: SqlDatabase,
    queue: AnchorQueue,
    sessionId: string,
    source: string,
): Promise<RecordingSession> {
    await db.transaction(async (tx) => {
        const session = await lockedSession(tx, sessionId, source);
        if (session === undefined) {
            throw new DomainError('SESSION_NOT_FOUND', `no recording session ${sessionId}`, 'sessionId');
        }
        if (session.closed_at !== null) {
            return;
        }
        const closing = closingDigest(session.chain, session.segment_count);
        await tx.query(`UPDATE recording_sessions SET closed_at = now(), closing_digest = $2 WHERE session_id = $1`, [
            sessionId,
            closing,
        ]);
        await queue.add([
            { digest: Buffer.from(closing, 'hex'), kind: RECORDING_KIND, ref: anchorRef(sessionId, 'close'), source },
        ]);
    });
    const closed = await sessionById(db, queue, sessionId);
    if (closed === undefined) {
        throw new Error(`session ${sessionId} vanished`);
    }
    return closed;
}

/** A session, with the anchoring state of its closing value; undefined if unknown. */
export async function sessionById(
    db: SqlExecutor,
    queue: Pick<AnchorQueue, 'itemStatus'>,
    sessionId: string,
): Promise<RecordingSession | undefined> {
    const [row] = await db.query<SessionRow>('SELECT * FROM recording_sessions WHERE session_id = $1', [sessionId]);
    if (row === undefined) {
        return undefined;
    }
    const closing = row.closing_digest === null ? undefined : await queue.itemStatus(row.closing_digest);
    return {
        sessionId: row.session_id,
        kind: row.kind,
        source: row.source_sub,
        status: row.closed_at === null ? 'open' : 'closed',
        segmentCount: row.segment_count,
        chain: row.chain,
        openedAt: row.opened_at.toISOString(),
        ...(row.closed_at === null ? {} : { closedAt: row.closed_at.toISOString() }),
        ...(row.closing_digest === null ? {} : { closingDigest: row.closing_digest }),
        ...(closing === undefined ? {} : { closingStatus: closing.status }),
    };
}

/** A session's segments in seq order. */
export async function segmentsOf(db: SqlExecutor, sessionId: string): Promise<RecordedSegment[]> {
    const rows = await db.query<{ seq: number; digest: string; chain: string }>(
        'SELECT seq, digest, chain FROM recording_segments WHERE session_id = $1 ORDER BY seq',
        [sessionId],
    );
    return rows.map((row) => ({ sessionId, seq: row.seq, digest: row.digest, chain: row.chain }));
}
