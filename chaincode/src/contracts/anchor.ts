import { Info, Returns, Transaction } from 'fabric-contract-api';
import { newAnchorRecord, parseAnchorBatch } from '../domain/anchor/anchor-batch';
import { validateBatchId } from '../domain/anchor/anchor-validation';
import type { AnchorRecord } from '../domain/anchor/model';
import { EVENT_NAMES } from '../domain/events/model';
import { canonicalJson } from '../domain/shared/canonical-json';
import { LedgerError } from '../domain/shared/errors';
import { PERMISSIONS, requireRole } from '../domain/shared/roles';
import { CourtContext, CourtContract } from './court-context';
import * as schemas from './schemas/anchor-schemas';

/** Composite-key object type of anchor records. */
export const ANCHOR_KEY = 'anchor';

/** Merkle roots of batches anchored by court subsystems (Art. 10, 43). Contract name `anchor`. */
@Info({ title: 'AnchorContract', description: 'Merkle roots of batches anchored by court subsystems (Art. 10, 43)' })
export class AnchorContract extends CourtContract {
    constructor() {
        super('anchor');
    }

    /**
     * Records a batch's Merkle root (role subsystem). `kinds` and `sources` are JSON arrays of tags.
     * `BATCH_EXISTS` if the batch id was used before. Emits `AnchorRecorded`; returns the record (canonical JSON).
     */
    @Transaction()
    @Returns(schemas.AnchorRecord.name)
    async record(
        ctx: CourtContext,
        batchId: string,
        rootHash: string,
        treeSize: string,
        kinds: string,
        sources: string,
    ): Promise<string> {
        const actor = ctx.actor();
        requireRole(actor, PERMISSIONS.recordAnchor, 'record an anchor');
        const batch = parseAnchorBatch({ batchId, rootHash, treeSize, kinds, sources });
        const key = ctx.key(ANCHOR_KEY, [batch.batchId]);
        if ((await ctx.getJson<AnchorRecord>(key)) !== undefined) {
            throw new LedgerError('BATCH_EXISTS', `batch ${batch.batchId} is already anchored`, 'batchId');
        }
        const record = newAnchorRecord(batch, actor, ctx.txTimestamp(), ctx.txId());
        return ctx.write(key, record, EVENT_NAMES.anchorRecorded);
    }

    /** The record of `batchId` (canonical JSON); `BATCH_NOT_FOUND` when absent. Any resolved actor. */
    @Transaction(false)
    @Returns(schemas.AnchorRecord.name)
    async get(ctx: CourtContext, batchId: string): Promise<string> {
        ctx.actor();
        const id = validateBatchId(batchId);
        const record = await ctx.getJson<AnchorRecord>(ctx.key(ANCHOR_KEY, [id]));
        if (record === undefined) {
            throw new LedgerError('BATCH_NOT_FOUND', `no batch ${id}`, 'batchId');
        }
        return canonicalJson(record);
    }
}
