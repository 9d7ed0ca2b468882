import type { FastifyBaseLogger } from 'fastify';
import type { GatewayConfig } from '../../config';
import { createLedger } from '../ledger/create-ledger';
import { loadPepper, type Pepper } from '../pseudonyms/pepper';
import { PrivacyLedger } from '../pseudonyms/privacy-ledger';
import { prepareDataDir } from './data-dir';
import { openDatabase, type SqlDatabase } from './db';
import { IndexStore, type IndexFeatures } from './index-store';
import { EventProjector } from './projector';

/** What {@link rebuildIndex} did. */
export interface RebuildResult<T> {
    /** The ledger height replayed. */
    readonly height: number;
    /** What `afterReplay` returned. */
    readonly restored: T;
}

/**
 * Rebuilds the index from the ledger, with the gateway stopped (the embedded ledger's lock refuses a second
 * opener): empties every feature's projection tables and the checkpoint, replays every block from 0 through
 * the features' handlers, then runs `afterReplay` with the court pepper (a feature restoring gateway-local state from its own files,
 * e.g. anchoring's batch files). Gateway-local tables are kept when present.
 */
export async function rebuildIndex<T>(
    config: GatewayConfig,
    log: FastifyBaseLogger,
    features: IndexFeatures,
    afterReplay: (db: SqlDatabase, pepper: Pepper) => Promise<T>,
): Promise<RebuildResult<T>> {
    await prepareDataDir(config.dataDir);
    // Through the privacy boundary, as the gateway reads it: the replay restores clear case numbers from the
    // court's private collection.
    const pepper = await loadPepper(config.dataDir, config.serviceOfProcess.pepper);
    const ledger = new PrivacyLedger(await createLedger(config, log), pepper);
    try {
        const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
        try {
            const index = new IndexStore(database, features);
            await index.migrate();
            await index.rebuild();
            log.info('index emptied; replaying the ledger from block 0');
            const projector = new EventProjector(ledger, index, log);
            await projector.start();
            await projector.whenCaughtUp();
            await projector.stop();
            return { height: projector.catchUpHeight, restored: await afterReplay(database, pepper) };
        } finally {
            await database.close();
        }
    } finally {
        await ledger.close();
    }
}
