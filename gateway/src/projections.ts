import { anchorProjection } from './features/anchoring/projection';
import { caseProjection } from './features/cases/projection';
import { enforcementProjection } from './features/enforcement/projection';
import { evidenceProjection, EVIDENCE_LOCAL_TABLES } from './features/evidence/projection';
import { guaranteeProjection } from './features/guarantees/projection';
import { notificationOutbox, NOTIFICATION_LOCAL_TABLES } from './features/notifications/outbox';
import { RECORDING_LOCAL_TABLES } from './features/recordings/store';
import { serviceProjection } from './features/service-of-process/projection';
import type { IndexFeatures } from './platform/store/index-store';

/**
 * What every feature puts in the index: its projection handler (the chaincode events it projects, run in the
 * one projection transaction) and its gateway-local tables; the notifications outbox follows every projected
 * event in that same transaction. The composition root hands these to the platform,
 * which knows no feature; the gateway, `court-ledger index rebuild` and the tests all use this one list.
 */
export const INDEX_FEATURES: IndexFeatures = {
    handlers: [
        evidenceProjection,
        anchorProjection,
        serviceProjection,
        guaranteeProjection,
        enforcementProjection,
        caseProjection,
    ],
    localTables: [...EVIDENCE_LOCAL_TABLES, ...NOTIFICATION_LOCAL_TABLES, ...RECORDING_LOCAL_TABLES],
    observers: [notificationOutbox],
};
