import { EVENT_NAMES } from '@court-ledger/chaincode';
import type { ProjectedEvent, ProjectionHandler } from '../../platform/store/projection';
import { runProjection, upsertLatestRecord } from '../../platform/store/projection-sql';

/** Preservation applications from `PreservationApplied` / `PreservationAction` records. */
const UPSERT_PRESERVATIONS = upsertLatestRecord({
    table: 'preservations',
    key: 'applicationId',
    fields: {
        text: ['caseId', 'status', 'respondentPseudonym', 'guaranteeLetterId', 'txId'],
        timestamptz: ['appliedAt'],
    },
    expressions: { applicant_sub: "r->'applicant'->>'sub'" },
});

/** Letters of guarantee from `GuaranteeApplied` / `GuaranteeAction` records. */
const UPSERT_GUARANTEES = upsertLatestRecord({
    table: 'guarantees',
    key: 'letterId',
    fields: {
        text: ['applicationId', 'caseId', 'agency', 'status', 'txId'],
        timestamptz: ['validFrom', 'validTo', 'appliedAt'],
    },
});

const PRESERVATION_EVENTS: readonly string[] = [EVENT_NAMES.preservationApplied, EVENT_NAMES.preservationAction];

function isPreservationEvent(e: ProjectedEvent): boolean {
    return PRESERVATION_EVENTS.includes(e.event.name);
}

/**
 * Preservation and guarantees: the latest record of each application and letter (each transaction writes one
 * record and emits it, so the events give back every record whole).
 */
export const guaranteeProjection: ProjectionHandler = {
    name: 'guarantees',
    events: [...PRESERVATION_EVENTS, EVENT_NAMES.guaranteeApplied, EVENT_NAMES.guaranteeAction],
    tables: ['preservations', 'guarantees'],
    async project(tx, events) {
        await runProjection(tx, UPSERT_PRESERVATIONS, events.filter(isPreservationEvent));
        const letters = events.filter((e) => !isPreservationEvent(e));
        await runProjection(tx, UPSERT_GUARANTEES, letters);
    },
};
