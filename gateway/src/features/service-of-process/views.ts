import { legalService, type LegalService, type ServiceRecord } from '@court-ledger/chaincode';
import type { BlockLocator } from '../../platform/ledger/block-locator';
import type { OffChainTexts } from '../../platform/store/off-chain-texts';
import type { ServiceViewBody } from './schemas';

/**
 * The API view of a service record: every event with the block of its transaction, the issuing block, and the
 * legal date of service (the chaincode's pure `legalService`, or the value `service:get` returned with it).
 * The blocks come from the index's transaction journal, in one query; each event's `detail` is the text kept off
 * the ledger for its `detailSha256` (`off_chain_texts`), when the index still has it.
 */
export async function serviceView(
    record: ServiceRecord & { readonly legalService?: LegalService },
    locator: BlockLocator,
    offChain: OffChainTexts,
): Promise<ServiceViewBody> {
    const { legalService: given, events, ...rest } = record;
    const blocks = await locator.blocks([record.txId, ...events.map((event) => event.txId)]);
    const texts = await offChain.byDigest(
        events.flatMap((event) => (event.detailSha256 === undefined ? [] : [event.detailSha256])),
    );
    const detailOf = (digest: string | undefined) => (digest === undefined ? undefined : texts.get(digest));
    return {
        ...rest,
        blockNumber: blocks.get(record.txId) ?? -1,
        events: events.map((event) => {
            const detail = detailOf(event.detailSha256);
            return { ...event, ...(detail === undefined ? {} : { detail }), blockNumber: blocks.get(event.txId) ?? -1 };
        }),
        legalService: given ?? legalService(record),
    };
}
