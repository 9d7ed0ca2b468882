import { legalService, type LegalService, type ServiceRecord } from '@court-ledger/chaincode';
import type { BlockLocator } from '../../platform/ledger/block-locator';
import type { ServiceViewBody } from './schemas';

/**
 * The API view of a service record: every event with the block of its transaction, the issuing block, and the
 * legal date of service (the chaincode's pure `legalService`, or the value `service:get` returned with it).
 */
export async function serviceView(
    record: ServiceRecord & { readonly legalService?: LegalService },
    blocks: BlockLocator,
): Promise<ServiceViewBody> {
    const { legalService: given, events, ...rest } = record;
    const [blockNumber, ...eventBlocks] = await Promise.all([
        blocks.blockOf(record.txId),
        ...events.map((event) => blocks.blockOf(event.txId)),
    ]);
    return {
        ...rest,
        blockNumber,
        events: events.map((event, i) => ({ ...event, blockNumber: eventBlocks[i] ?? -1 })),
        legalService: given ?? legalService(record),
    };
}
