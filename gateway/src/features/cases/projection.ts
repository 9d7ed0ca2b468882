import { EVENT_NAMES } from '@court-ledger/chaincode';
import type { SqlExecutor } from '../../platform/store/db';
import type { ProjectedEvent, ProjectionHandler } from '../../platform/store/projection';

/** A case row from a `CaseRegistered` / `CaseParticipantsChanged` record; its first block is kept. */
const UPSERT_CASE = `
    INSERT INTO cases (case_id, court, case_type, registered_at, tx_id, block_number, updated_block)
    SELECT r->>'caseId', r->>'court', r->>'caseType', (r->>'registeredAt')::timestamptz, r->>'txId', $2, $2
    FROM (SELECT $1::jsonb AS r) AS input
    ON CONFLICT (case_id) DO UPDATE SET
        court = excluded.court, case_type = excluded.case_type, registered_at = excluded.registered_at,
        tx_id = excluded.tx_id, updated_block = excluded.updated_block`;

/** The participants of a case record replace the case's rows (the record lists all of them). */
const DELETE_PARTICIPANTS = `DELETE FROM case_participants WHERE case_id = $1`;
const INSERT_PARTICIPANTS = `
    INSERT INTO case_participants (case_id, participant_id, side, agent_of, via, since, tx_id)
    SELECT $1, p->>'id', p->>'side', p->>'agentOf', p->>'via', (p->>'since')::timestamptz, p->>'txId'
    FROM jsonb_array_elements($2::jsonb) AS t(p)`;

/** A submitter of evidence that self-registered (`selfRegistered` on the evidence record). */
const INSERT_SELF_REGISTERED = `
    INSERT INTO case_participants (case_id, participant_id, via, since, tx_id)
    VALUES ($1, $2, 'self', $3::timestamptz, $4)
    ON CONFLICT (case_id, participant_id) DO NOTHING`;

const UPSERT_POLICY = `
    INSERT INTO case_policies (court, case_type, self_registration, at, tx_id)
    SELECT r->>'court', r->>'caseType', (r->>'selfRegistration')::boolean, (r->>'at')::timestamptz, r->>'txId'
    FROM (SELECT $1::jsonb AS r) AS input
    ON CONFLICT (court, case_type) DO UPDATE SET
        self_registration = excluded.self_registration, at = excluded.at, tx_id = excluded.tx_id`;

const CASE_EVENTS: readonly string[] = [EVENT_NAMES.caseRegistered, EVENT_NAMES.caseParticipantsChanged];

function text(value: unknown): string {
    if (typeof value !== 'string') {
        throw new Error('expected a string field in the record');
    }
    return value;
}

function submitterOf(record: Record<string, unknown>): string {
    const submitter = record.submitter;
    return typeof submitter === 'object' && submitter !== null && 'sub' in submitter
        ? text(submitter.sub)
        : text(undefined);
}

/** Applies one event, in ledger order (case changes and self-registrations must not be reordered). */
async function projectOne(tx: SqlExecutor, { event, record }: ProjectedEvent): Promise<void> {
    if (CASE_EVENTS.includes(event.name)) {
        const caseId = text(record.caseId);
        await tx.query(UPSERT_CASE, [JSON.stringify(record), event.blockNumber]);
        await tx.query(DELETE_PARTICIPANTS, [caseId]);
        await tx.query(INSERT_PARTICIPANTS, [caseId, JSON.stringify(record.participants ?? [])]);
    } else if (event.name === EVENT_NAMES.casePolicySet) {
        await tx.query(UPSERT_POLICY, [JSON.stringify(record)]);
    } else if (record.selfRegistered === true) {
        const values = [text(record.caseId), submitterOf(record), text(record.submittedAt), text(record.txId)];
        await tx.query(INSERT_SELF_REGISTERED, values);
    }
}

/**
 * Cases: the case rows and their participants from the case contract's events, each court's case-type
 * policies, and the participants `EvidenceSubmitted` self-registered (projected here too; the evidence
 * feature projects the same event into its own tables). Events are applied one by one in ledger order: a
 * participant list replaces the case's rows, so a self-registration before it is kept only if it lists it.
 */
export const caseProjection: ProjectionHandler = {
    name: 'cases',
    events: [...CASE_EVENTS, EVENT_NAMES.casePolicySet, EVENT_NAMES.evidenceSubmitted],
    tables: ['case_participants', 'cases', 'case_policies'],
    async project(tx, events) {
        for (const event of events) {
            await projectOne(tx, event);
        }
    },
};
