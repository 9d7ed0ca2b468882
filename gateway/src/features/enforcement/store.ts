import type { EnforcementCase, EnforcementStatus } from '@court-ledger/chaincode';
import type { SqlExecutor } from '../../platform/store/db';

/** Which cases a list asks for (from the index's `enforcement_cases`). */
export interface CaseFilter {
    /** Cases whose creditor or debtor has this pseudonym; all cases when absent. */
    readonly party?: string;
    readonly status?: EnforcementStatus;
    readonly limit: number;
    readonly offset: number;
}

/** A case as projected from the ledger, with the block of its opening transaction. */
export interface IndexedCase {
    readonly record: EnforcementCase;
    readonly blockNumber: number;
}

/**
 * The cases matching `filter`, newest opening first (then by case number). A party filter reads the creditor and
 * the debtor indexes (`enforcement_cases_creditor`, `…_debtor`).
 */
export async function listCases(db: SqlExecutor, filter: CaseFilter): Promise<IndexedCase[]> {
    const rows = await db.query<{ record: EnforcementCase; block_number: number }>(
        `SELECT record, block_number FROM enforcement_cases
         WHERE ($1::text IS NULL OR creditor_pseudonym = $1 OR debtor_pseudonym = $1)
           AND ($2::text IS NULL OR status = $2)
         ORDER BY opened_at DESC, case_id LIMIT $3 OFFSET $4`,
        [filter.party ?? null, filter.status ?? null, filter.limit, filter.offset],
    );
    return rows.map((row) => ({ record: row.record, blockNumber: row.block_number }));
}
