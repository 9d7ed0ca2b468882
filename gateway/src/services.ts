import type { FastifyBaseLogger } from 'fastify';
import type { GatewayConfig } from './config';
import { AnchorQueue } from './platform/anchor-queue/anchor-queue';
import { importLegacyQueue } from './platform/anchor-queue/legacy-import';
import { QueueStore } from './platform/anchor-queue/queue-store';
import { loadSigningSecret, TokenService } from './platform/auth/tokens';
import { identityProviderKeys } from './platform/auth/identity-provider';
import { documentFaultHooks } from './platform/documents/document-faults';
import { DocumentStore } from './platform/documents/document-store';
import { createLedger } from './platform/ledger/create-ledger';
import type { Ledger } from '@court-ledger/ledger-api';
import { FaultRecorder } from './platform/ops/faults';
import type { PlatformServices } from './platform/plugins';
import { loadPepper, type Pepper } from './platform/pseudonyms/pepper';
import { PrivacyLedger } from './platform/pseudonyms/privacy-ledger';
import { prepareDataDir } from './platform/store/data-dir';
import { checkIndexAgainstLedger, IndexStore, openDatabase, type SqlDatabase } from './platform/store/index';
import { EventProjector } from './platform/store/projector';
import { INDEX_FEATURES } from './projections';

/** Pieces a test (or a larger host) may inject instead of letting the gateway build them from the config. */
export interface ServiceOverrides {
    readonly ledger?: Ledger;
    readonly database?: SqlDatabase;
}

/**
 * Builds and starts the shared services (each feature builds its own parts in its plugin); the caller owns
 * `close()`. Opens the ledger and the index database, migrates the index and checks it against the ledger
 * (refusing with `IndexLedgerMismatchError` when the ledger does not hold the index's last block), then
 * starts the projector, whose catch-up with the ledger runs in the background (`projector.caughtUp`, reported
 * by `/readyz`). Call it before building the Fastify app: this work can take longer than any plugin timeout.
 */
export async function createServices(
    config: GatewayConfig,
    log: FastifyBaseLogger,
    overrides: ServiceOverrides = {},
): Promise<PlatformServices> {
    await prepareDataDir(config.dataDir);
    const pepper = await loadPepper(config.dataDir, config.serviceOfProcess.pepper);
    const ledger = new PrivacyLedger(overrides.ledger ?? (await createLedger(config, log)), pepper);
    let database: SqlDatabase | undefined;
    try {
        log.info('opening the index database');
        database =
            overrides.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
        return await startServices(config, log, ledger, database, pepper);
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
    pepper: Pepper,
): Promise<PlatformServices> {
    const index = new IndexStore(database, INDEX_FEATURES);
    await index.migrate();
    await checkIndexAgainstLedger(await index.checkpoint(), ledger);
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
    if (config.identityProvider === undefined && config.ledgerMode === 'fabric') {
        log.warn('bearer tokens are checked with the development HS256 secret: set AUTH_JWKS_URL or AUTH_PUBLIC_KEY');
    }
    const tokens = new TokenService(
        config.identityProvider === undefined
            ? await loadSigningSecret(config.dataDir, config.jwtSecret)
            : {
                  kind: 'identity-provider',
                  config: config.identityProvider,
                  keys: await identityProviderKeys(config.identityProvider),
              },
        config.tokenMaxLifetimeSeconds,
    );
    const anchorQueue = await AnchorQueue.open(config.dataDir, database);
    const projector = new EventProjector(ledger, index, log);
    try {
        const moved = await importLegacyQueue(database, anchorQueue.store);
        if (moved > 0) {
            log.info(`moved ${moved} anchoring queue items from the index into ${QueueStore.folder(config.dataDir)}`);
        }
        await projector.start();
    } catch (error) {
        await anchorQueue.close();
        throw error;
    }
    let closing: Promise<void> | undefined;
    return {
        config,
        ledger,
        index,
        projector,
        faults,
        tokens,
        pepper,
        documents,
        anchorQueue,
        close() {
            closing ??= (async () => {
                faults.close();
                await projector.stop();
                await ledger.close();
                await database.close();
                await anchorQueue.close();
            })();
            return closing;
        },
    };
}
