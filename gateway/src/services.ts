import { prepareDataDir } from './platform/store/data-dir';
import type { FastifyBaseLogger } from 'fastify';
import { batchFolder, BatchFileStore } from './features/anchoring/batch-files';
import { AnchorBatcher } from './features/anchoring/batcher';
import { recordedBatchIds } from './features/anchoring/projection';
import { AnchorQueue } from './features/anchoring/queue';
import { ReceiptService } from './features/anchoring/receipt-service';
import { createTreeCache } from './features/anchoring/tree-cache';
import { TokenService, loadSigningSecret } from './platform/auth/tokens';
import type { GatewayConfig } from './config';
import { CourtLedgerClient } from './platform/ledger/court-client';
import { FaultRecorder } from './platform/ops/faults';
import { checkIndexAgainstLedger, IndexStore, openDatabase, type SqlDatabase } from './platform/store/index';
import { createLedger } from './platform/ledger/create-ledger';
import type { Ledger } from '@court-ledger/ledger-api';
import { EventProjector } from './platform/store/projector';
import { createChannels, type ServiceChannels } from './features/service-of-process/channels';
import { documentFaultHooks } from './platform/documents/document-faults';
import { DocumentStore } from './platform/documents/document-store';
import { loadPepper, type Pepper } from './platform/pseudonyms/pepper';
import { VerifyCache } from './features/verify/verify-cache';
import { evidenceChanges } from './features/evidence/projection';
import { INDEX_FEATURES } from './projections';
import { EnforcementLedgerClient } from './features/enforcement/client';
import { EnforcementScheduler } from './features/enforcement/scheduler';

/** Everything the routes use, built once per gateway process. */
export interface CourtServices {
    readonly config: GatewayConfig;
    readonly ledger: Ledger;
    readonly client: CourtLedgerClient;
    readonly index: IndexStore;
    /** Anchoring: the gateway-local queue of digests to anchor. */
    readonly anchorQueue: AnchorQueue;
    readonly projector: EventProjector;
    readonly batcher: AnchorBatcher;
    readonly receipts: ReceiptService;
    readonly faults: FaultRecorder;
    readonly tokens: TokenService;
    readonly verifyCache: VerifyCache;
    /** Service of documents: content-addressed store of served documents (integrity-checked reads). */
    readonly documents: DocumentStore;
    /** Service of documents: the channels (platform, email). */
    readonly channels: ServiceChannels;
    /** Service of documents: the court pepper behind recipient pseudonyms. */
    readonly pepper: Pepper;
    /** Enforcement: submits `checkDue` for performance agreements in default. */
    readonly enforcementScheduler: EnforcementScheduler;
    close(): Promise<void>;
}

/** Pieces a test (or a larger host) may inject instead of letting the gateway build them from the config. */
export interface ServiceOverrides {
    readonly ledger?: Ledger;
    readonly database?: SqlDatabase;
}

/**
 * Builds and starts the services; the caller owns `close()`. Opens the ledger and the index database,
 * migrates the index and checks it against the ledger (refusing with `IndexLedgerMismatchError` when
 * the ledger does not hold the index's last block), then starts the projector, whose catch-up with the
 * ledger runs in the background (`projector.caughtUp`, reported by `/readyz`). Call it before building the
 * Fastify app: this work can take longer than any plugin timeout.
 */
export async function createServices(
    config: GatewayConfig,
    log: FastifyBaseLogger,
    overrides: ServiceOverrides = {},
): Promise<CourtServices> {
    await prepareDataDir(config.dataDir);
    const ledger = overrides.ledger ?? (await createLedger(config, log));
    let database: SqlDatabase | undefined;
    try {
        log.info('opening the index database');
        database =
            overrides.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
        return await startServices(config, log, ledger, database);
    } catch (error) {
        await database?.close().catch(() => undefined);
        await ledger.close().catch(() => undefined);
        throw error;
    }
}

async function startServices(
    config: GatewayConfig,
    log: FastifyBaseLogger,
    ledger: Ledger,
    database: SqlDatabase,
): Promise<CourtServices> {
    const index = new IndexStore(database, INDEX_FEATURES);
    await index.migrate();
    await checkIndexAgainstLedger(await index.checkpoint(), ledger);
    const verifyCache = new VerifyCache();
    index.onApplied((change) => {
        verifyCache.invalidate({ digests: evidenceChanges(change).digests, batchIds: recordedBatchIds(change) });
    });
    const anchorQueue = new AnchorQueue(index);
    const client = new CourtLedgerClient(ledger);
    const faults = new FaultRecorder(index, log);
    const documents: DocumentStore = new DocumentStore(
        config.serviceOfProcess.documentDir,
        documentFaultHooks(faults, () => documents.probe()),
    );
    const swept = await documents.sweepTemporaries();
    if (swept > 0) {
        log.info(`removed ${swept} unfinished upload${swept === 1 ? '' : 's'} left by an earlier run`);
    }
    faults.watch('database', () => index.ping());
    faults.watch('ledger', async () => {
        const health = await ledger.health();
        if (!health.ok) {
            throw new Error(health.message ?? 'ledger not ready');
        }
    });
    const tokens = new TokenService(
        await loadSigningSecret(config.dataDir, config.jwtSecret),
        config.tokenMaxLifetimeSeconds,
    );
    const pepper = await loadPepper(config.dataDir, config.serviceOfProcess.pepper);
    const batchFiles = await BatchFileStore.open(batchFolder(config.dataDir));
    const projector = new EventProjector(ledger, index, log);
    await projector.start();
    const trees = createTreeCache();
    const batcher = new AnchorBatcher(
        anchorQueue,
        client,
        projector,
        trees,
        faults,
        { intervalMs: config.anchorIntervalMs, batchMax: config.anchorBatchMax },
        log,
        batchFiles,
    );
    batcher.start();
    const receipts = new ReceiptService(anchorQueue, ledger, trees);
    const channels = createChannels(config.serviceOfProcess);
    const enforcementScheduler = new EnforcementScheduler(
        new EnforcementLedgerClient(ledger),
        index.db,
        config.enforcementCheckIntervalMs,
        log,
    );
    enforcementScheduler.start();
    return {
        config,
        ledger,
        client,
        index,
        anchorQueue,
        projector,
        batcher,
        receipts,
        faults,
        tokens,
        verifyCache,
        documents,
        channels,
        pepper,
        enforcementScheduler,
        async close() {
            faults.close();
            channels.close();
            await enforcementScheduler.stop();
            await batcher.stop();
            await projector.stop();
            await ledger.close();
            await database.close();
        },
    };
}
