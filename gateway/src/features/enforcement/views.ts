import type { EnforcementCase, EnforcementStep, PerformanceAgreement } from '@court-ledger/chaincode';
import type { BlockLocator } from '../../platform/ledger/block-locator';
import type { AgreementViewBody, CaseViewBody, StepViewBody } from './schemas';

/** Block numbers of transactions, from the index's transaction journal (one query); -1 if unknown. */
export type Blocks = ReadonlyMap<string, number>;

/** The blocks of the case's transaction and of every step's (one query). */
export async function blocksOf(
    locator: BlockLocator,
    record: { readonly txId: string } | undefined,
    steps: readonly EnforcementStep[],
): Promise<Blocks> {
    const txIds = [...(record === undefined ? [] : [record.txId]), ...steps.map((step) => step.txId)];
    return txIds.length === 0 ? new Map() : locator.blocks(txIds);
}

/** The API view of a case: the record and the block of its opening transaction. */
export function caseView(record: EnforcementCase, blocks: Blocks): CaseViewBody {
    return { ...record, blockNumber: blocks.get(record.txId) ?? -1 };
}

/** The API view of a step: the step and the block of its transaction. */
export function stepView(step: EnforcementStep, blocks: Blocks): StepViewBody {
    return { ...step, blockNumber: blocks.get(step.txId) ?? -1 };
}

/** The API view of an agreement: the record and the block of its creating transaction. */
export function agreementView(record: PerformanceAgreement, blocks: Blocks): AgreementViewBody {
    return { ...record, instalments: [...record.instalments], blockNumber: blocks.get(record.txId) ?? -1 };
}
