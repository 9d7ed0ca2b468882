import { legalService, type LegalService, type ServiceRecord } from '@court-ledger/chaincode';
import type { BlockLocator } from '../../platform/ledger/block-locator';
import type { ServiceViewBody } from './schemas';

/**
 * The API view of a service record: every event with the block of its transaction, the issuing block, and the
 * legal date of service (the chaincode's pure `legalService`, or the value `service:get` returned with it).
 * The blocks come from the index's transaction journal, in one query.
 */
export async function serviceView(
    record: ServiceRecord & { readonly legalService?: LegalService },
    locator: BlockLocator,
): Promise<ServiceViewBody> {
    const { legalService: given, events, ...rest } = record;
    const blocks = await locator.blocks([record.txId, ...events.map((event) => event.txId)]);
    return {
        ...rest,
        blockNumber: blocks.get(record.txId) ?? -1,
        events: events.map((event) => ({ ...event, blockNumber: blocks.get(event.txId) ?? -1 })),
        legalService: given ?? legalService(record),
    };
}
