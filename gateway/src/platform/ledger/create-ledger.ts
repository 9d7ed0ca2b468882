import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { GatewayConfig } from '../../config';
import { createEmbeddedLedger } from './embedded';
import { createFabricLedger } from './fabric';
import type { Ledger } from './ledger';

/** Opens the ledger the configuration selects; everything above the {@link Ledger} interface is the same. */
export async function createLedger(config: GatewayConfig, log: FastifyBaseLogger): Promise<Ledger> {
    switch (config.ledgerMode) {
        case 'embedded':
            return createEmbeddedLedger({ dataDir: path.join(config.dataDir, 'ledger'), logger: log });
        case 'fabric':
            return createFabricLedger(config.fabric);
    }
}
