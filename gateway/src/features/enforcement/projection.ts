import { EVENT_NAMES } from '@court-ledger/chaincode';
import type { ProjectedEvent, ProjectionHandler } from '../../platform/store/projection';
import { PROJECTION_INPUT, runProjection, upsertLatestRecord } from '../../platform/store/projection-sql';

/** Enforcement cases: the latest record of each, from the `case` of every enforcement event that carries one. */
const UPSERT_CASES = upsertLatestRecord({
    table: 'enforcement_cases',
    key: 'caseId',
    fields: {
        text: ['status', 'creditorPseudonym', 'debtorPseudonym', 'txId'],
        bigint: ['amountDue', 'paidIn', 'paidOut', 'outstanding'],
        timestamptz: ['openedAt'],
    },
});

/** Performance agreements: the latest record of each, from the `agreement` of the events that carry one. */
const UPSERT_AGREEMENTS = upsertLatestRecord({
    table: 'enforcement_agreements',
    key: 'agreementId',
    fields: {
        text: ['status', 'creditorPseudonym', 'debtorPseudonym', 'txId'],
        bigint: ['amountDue', 'paidTotal'],
        timestamptz: ['createdAt'],
    },
});

/** The events that carry a `field` record, each with that record as its own. */
function carrying(events: readonly ProjectedEvent[], field: 'case' | 'agreement'): ProjectedEvent[] {
    return events
        .filter((e) => typeof e.record[field] === 'object' && e.record[field] !== null)
        .map((e) => ({ ...e, record: e.record[field] as Record<string, unknown> }));
}

/** Every step an enforcement event carries (steps are written once: a replayed event changes nothing). */
const INSERT_STEPS = `
    WITH ${PROJECTION_INPUT}
    INSERT INTO enforcement_steps (case_id, seq, step, automatic, at, tx_id, block_number, record)
    SELECT s->>'caseId', (s->>'seq')::integer, s->>'step', (s->>'automatic')::boolean, (s->>'at')::timestamptz,
        s->>'txId', block, s
    FROM input, jsonb_array_elements(r->'steps') AS s
    ON CONFLICT (case_id, seq) DO NOTHING`;

/**
 * Enforcement (Art. 31): every enforcement event carries `{case?, agreement?, steps}` (all the transaction
 * wrote), so the cases take the latest `case`, the agreements the latest `agreement`, and the steps table every
 * step, automatic ones included.
 */
export const enforcementProjection: ProjectionHandler = {
    name: 'enforcement',
    events: [
        EVENT_NAMES.enforcementCaseOpened,
        EVENT_NAMES.enforcementStep,
        EVENT_NAMES.enforcementAgreementCreated,
        EVENT_NAMES.enforcementAgreementPayment,
        EVENT_NAMES.enforcementAgreementDefaulted,
    ],
    tables: ['enforcement_cases', 'enforcement_steps', 'enforcement_agreements'],
    async project(tx, events) {
        await runProjection(tx, UPSERT_CASES, carrying(events, 'case'));
        await runProjection(tx, UPSERT_AGREEMENTS, carrying(events, 'agreement'));
        await runProjection(tx, INSERT_STEPS, events);
    },
};
