import { loadConfig } from '@court-ledger/gateway/dist/src/config';
import { loadFabricSettings, type FabricSettings } from '@court-ledger/gateway/dist/src/platform/ledger/fabric';
import { fabricConnectionPath } from './environment';

/** The resolved settings of the Fabric network the suites use (identities, CA certificates). */
export function fabricTestSettings(): Promise<FabricSettings> {
    return loadFabricSettings(loadConfig({ LEDGER_MODE: 'fabric', FABRIC_CONNECTION: fabricConnectionPath() }).fabric);
}
