import type { EventName } from '@court-ledger/chaincode';

/**
 * Chaincode record shapes (docs/architecture.md, "Chaincode contract API"), taken from the chaincode package
 * so the two cannot drift. The index stores each record exactly as the chaincode emitted it (`jsonb`).
 */
export type { AnchorRecord, CustodyEntry, EvidenceRecord } from '@court-ledger/chaincode';

/** Chaincode event names the index projects (checked against the chaincode's `EventName`). */
export const EVENT_EVIDENCE_SUBMITTED = 'EvidenceSubmitted' satisfies EventName;
/** See {@link EVENT_EVIDENCE_SUBMITTED}. */
export const EVENT_EVIDENCE_CUSTODY = 'EvidenceCustody' satisfies EventName;
/** See {@link EVENT_EVIDENCE_SUBMITTED}. */
export const EVENT_ANCHOR_RECORDED = 'AnchorRecorded' satisfies EventName;
