import { EVENT_NAMES } from '@court-ledger/chaincode';
import type { ProjectionHandler } from '../../platform/store/projection';
import { projectionParam, upsertLatestRecord } from '../../platform/store/projection-sql';

/** Preservation applications from `PreservationApplied` / `PreservationAction` records. */
const UPSERT_PRESERVATIONS = upsertLatestRecord({
    table: 'preservations',
    key: { column: 'application_id', field: 'applicationId' },
    columns: {
        case_id: "r->>'caseId'",
        status: "r->>'status'",
        applicant_sub: "r->'applicant'->>'sub'",
        respondent_pseudonym: "r->>'respondentPseudonym'",
        guarantee_letter_id: "r->>'guaranteeLetterId'",
        applied_at: "(r->>'appliedAt')::timestamptz",
        tx_id: "r->>'txId'",
    },
});

/** Letters of guarantee from `GuaranteeApplied` / `GuaranteeAction` records. */
const UPSERT_GUARANTEES = upsertLatestRecord({
    table: 'guarantees',
    key: { column: 'letter_id', field: 'letterId' },
    columns: {
        application_id: "r->>'applicationId'",
        case_id: "r->>'caseId'",
        agency: "r->>'agency'",
        status: "r->>'status'",
        valid_from: "(r->>'validFrom')::timestamptz",
        valid_to: "(r->>'validTo')::timestamptz",
        applied_at: "(r->>'appliedAt')::timestamptz",
        tx_id: "r->>'txId'",
    },
});

const PRESERVATION_EVENTS: readonly string[] = [EVENT_NAMES.preservationApplied, EVENT_NAMES.preservationAction];

/**
 * Preservation and guarantees: the latest record of each application and letter (each transaction writes one
 * record and emits it, so the events give back every record whole).
 */
export const guaranteeProjection: ProjectionHandler = {
    name: 'guarantees',
    events: [...PRESERVATION_EVENTS, EVENT_NAMES.guaranteeApplied, EVENT_NAMES.guaranteeAction],
    tables: ['preservations', 'guarantees'],
    async project(tx, events) {
        const preservations = events.filter((e) => PRESERVATION_EVENTS.includes(e.event.name));
        const letters = events.filter((e) => !PRESERVATION_EVENTS.includes(e.event.name));
        if (preservations.length > 0) {
            await tx.query(UPSERT_PRESERVATIONS, [projectionParam(preservations)]);
        }
        if (letters.length > 0) {
            await tx.query(UPSERT_GUARANTEES, [projectionParam(letters)]);
        }
    },
};
