import { Info, Returns, Transaction } from 'fabric-contract-api';
import type { CaseNumberView } from '../domain/shared/case-number';
import { canonicalJson } from '../domain/shared/canonical-json';
import { LedgerError } from '../domain/shared/errors';
import { PERMISSIONS, requireRole } from '../domain/shared/roles';
import { validateCaseId } from '../domain/shared/validation';
import { CourtContext, CourtContract } from './court-context';
import * as schemas from './schemas/case-number-schemas';

/**
 * The clear number behind a keyed case id, from the court's private collection (written by every transaction
 * that takes a `caseId`, see `CourtContext.rememberCaseNumber`). Contract name `casenumber`. Only a peer of the
 * court holds the collection, and only court principals may ask: the gateway restores clear case numbers into
 * its index with it, a full rebuild included.
 */
@Info({ title: 'CaseNumberContract', description: 'Clear case numbers behind keyed case ids (court only)' })
export class CaseNumberContract extends CourtContract {
    constructor() {
        super('casenumber');
    }

    /**
     * `{caseId, caseNumber}` (canonical JSON) for the keyed `caseId`; roles clerk, judge, enforcement,
     * subsystem. `NOT_FOUND` when this peer holds no clear number for it.
     */
    @Transaction(false)
    @Returns(schemas.CaseNumberView.name)
    async get(ctx: CourtContext, caseId: string): Promise<string> {
        requireRole(ctx.actor(), PERMISSIONS.readCaseNumber, 'read a clear case number');
        const id = validateCaseId(caseId);
        const entry = await ctx.caseNumberOf(id);
        if (entry === undefined) {
            throw new LedgerError('NOT_FOUND', `no clear case number is held for ${id}`, 'caseId');
        }
        return canonicalJson({ caseId: id, caseNumber: entry.caseNumber } satisfies CaseNumberView);
    }
}
