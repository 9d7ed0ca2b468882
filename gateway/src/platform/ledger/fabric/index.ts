import type { Ledger } from '../ledger';
import { loadFabricSettings, type FabricConfig } from './connection';
import { FabricLedger } from './fabric-ledger';

export { FabricLedger } from './fabric-ledger';
export { loadFabricSettings, type FabricConfig, type FabricSettings } from './connection';

/** Connects to the Fabric network `config` describes (connection.json plus explicit settings). */
export async function createFabricLedger(config: FabricConfig): Promise<Ledger> {
    return new FabricLedger(await loadFabricSettings(config));
}
