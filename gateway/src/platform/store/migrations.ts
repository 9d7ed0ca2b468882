import { createHash } from 'node:crypto';
import type { SqlDatabase } from './db.js';

/** One schema change: statements run in order inside the migration transaction. */
export interface Migration {
    /** Strictly increasing, starting at 1; recorded in `schema_migrations`. */
    readonly version: number;
    readonly name: string;
    /** Single SQL statements (both adapters run one statement per call). */
    readonly statements: readonly string[];
}

/**
 * The index schema, oldest first. Never edit an applied migration (its checksum is verified at start-up);
 * append a new one instead.
 *
 * Projection tables (rebuilt from chaincode events by the features' projection handlers): `ledger_checkpoint`,
 * `ledger_transactions`, `evidence`, `evidence_custody`, `anchor_batches`, `services`, `service_events`,
 * `recipient_keys`, `preservations`, `guarantees`, `enforcement_*`, `cases`, `case_participants`,
 * `case_policies`. Gateway-local tables (never rebuilt): `custody_notes`,
 * `outages`, `idempotency_keys`, `notification_*`, `recording_sessions`, `recording_segments`, `off_chain_texts`,
 * `document_files`.
 */
export const MIGRATIONS: readonly Migration[] = [
    {
        version: 1,
        name: 'initial index schema',
        statements: [
            `CREATE TABLE ledger_checkpoint (
                singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                block_number bigint,
                tx_index integer,
                updated_at timestamptz NOT NULL DEFAULT now(),
                CHECK ((block_number IS NULL) = (tx_index IS NULL))
            )`,
            `INSERT INTO ledger_checkpoint (singleton) VALUES (true)`,
            `CREATE TABLE evidence (
                evidence_id text PRIMARY KEY,
                case_id text NOT NULL,
                sha256 text NOT NULL,
                sm3 text,
                size bigint,
                media_type text,
                submitter_sub text NOT NULL,
                submitter_role text NOT NULL,
                status text NOT NULL,
                submitted_at timestamptz NOT NULL,
                tx_id text NOT NULL,
                block_number bigint NOT NULL,
                updated_block bigint NOT NULL,
                record jsonb NOT NULL
            )`,
            `CREATE INDEX evidence_case_id ON evidence (case_id, submitted_at, evidence_id)`,
            `CREATE INDEX evidence_sha256 ON evidence (sha256)`,
            `CREATE INDEX evidence_sm3 ON evidence (sm3) WHERE sm3 IS NOT NULL`,
            `CREATE TABLE evidence_custody (
                evidence_id text NOT NULL REFERENCES evidence (evidence_id) ON DELETE CASCADE,
                seq integer NOT NULL CHECK (seq >= 0),
                event text NOT NULL,
                status text NOT NULL,
                actor_sub text NOT NULL,
                actor_role text NOT NULL,
                note_sha256 text,
                at timestamptz NOT NULL,
                tx_id text NOT NULL,
                block_number bigint,
                PRIMARY KEY (evidence_id, seq)
            )`,
            `CREATE INDEX evidence_custody_tx_id ON evidence_custody (tx_id)`,
            `CREATE TABLE anchor_batches (
                batch_id text PRIMARY KEY,
                root_hash text NOT NULL,
                tree_size bigint NOT NULL,
                kinds text[] NOT NULL,
                sources text[] NOT NULL,
                tx_id text NOT NULL,
                block_number bigint NOT NULL,
                recorded_at timestamptz NOT NULL,
                record jsonb NOT NULL
            )`,
            `CREATE TABLE anchor_items (
                digest bytea PRIMARY KEY CHECK (octet_length(digest) = 32),
                seq bigint GENERATED ALWAYS AS IDENTITY,
                kind text NOT NULL,
                ref text,
                source_sub text NOT NULL,
                received_at timestamptz NOT NULL DEFAULT now(),
                batch_id text,
                leaf_index integer CHECK (leaf_index >= 0),
                CHECK ((batch_id IS NULL) = (leaf_index IS NULL))
            )`,
            `CREATE INDEX anchor_items_unassigned ON anchor_items (seq) WHERE batch_id IS NULL`,
            `CREATE UNIQUE INDEX anchor_items_leaf ON anchor_items (batch_id, leaf_index) WHERE batch_id IS NOT NULL`,
            `CREATE TABLE anchor_batch_plans (
                batch_id text PRIMARY KEY,
                tree_size integer NOT NULL CHECK (tree_size > 0),
                root_hash text,
                sealed_at timestamptz NOT NULL DEFAULT now()
            )`,
            `CREATE TABLE custody_notes (
                evidence_id text NOT NULL,
                tx_id text NOT NULL,
                note text NOT NULL,
                note_sha256 text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (evidence_id, tx_id)
            )`,
            `CREATE TABLE outages (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                component text NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now(),
                ended_at timestamptz,
                message text NOT NULL,
                CHECK (ended_at IS NULL OR ended_at >= started_at)
            )`,
            `CREATE UNIQUE INDEX outages_open ON outages (component) WHERE ended_at IS NULL`,
            `CREATE INDEX outages_started ON outages (started_at DESC, id DESC)`,
        ],
    },
    {
        version: 2,
        name: 'service recipients',
        statements: [
            // Gateway-local (never rebuilt from the ledger): who each service issued here is for, so a recipient
            // can list their services. The recipient's sub is on the ledger only in the private collection.
            `CREATE TABLE service_recipients (
                service_id text PRIMARY KEY,
                recipient_sub text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            )`,
            `CREATE INDEX service_recipients_sub ON service_recipients (recipient_sub, created_at DESC, service_id)`,
        ],
    },
    {
        version: 3,
        name: 'checkpoint block hash',
        statements: [
            // The header hash of the checkpoint's block, written with the checkpoint: at start the gateway
            // compares it with the ledger's block, so a ledger rolled back or replaced under the index is noticed.
            `ALTER TABLE ledger_checkpoint ADD COLUMN block_hash text CHECK (block_hash ~ '^[0-9a-f]{64}$')`,
        ],
    },
    {
        version: 4,
        name: 'idempotency keys',
        statements: [
            // Gateway-local: the first answer to each (principal, Idempotency-Key), replayed to retries. A row is
            // inserted (claimed) before the request executes, so a concurrent duplicate finds it and never runs.
            `CREATE TABLE idempotency_keys (
                principal text NOT NULL,
                idempotency_key text NOT NULL,
                method text NOT NULL,
                url text NOT NULL,
                fingerprint text,
                status_code integer,
                content_type text,
                body text,
                created_at timestamptz NOT NULL DEFAULT now(),
                completed_at timestamptz,
                PRIMARY KEY (principal, idempotency_key),
                CHECK ((status_code IS NULL) = (completed_at IS NULL))
            )`,
        ],
    },
    {
        version: 5,
        name: 'every event projected',
        statements: [
            // The transaction journal: block, position and time of every projected transaction, so views learn
            // the block of each transaction a record names without asking the ledger.
            `CREATE TABLE ledger_transactions (
                tx_id text PRIMARY KEY,
                block_number bigint NOT NULL,
                tx_index integer NOT NULL CHECK (tx_index >= 0),
                event_name text NOT NULL,
                tx_timestamp text NOT NULL
            )`,
            `CREATE INDEX ledger_transactions_block ON ledger_transactions (block_number, tx_index)`,
            // Service of documents: the latest record of each service (`ServiceIssued`, `ServiceEvent`). The
            // recipient's inbox is keyed by the pseudonym on the ledger, never by the recipient's sub.
            `CREATE TABLE services (
                service_id text PRIMARY KEY,
                case_id text NOT NULL,
                recipient_pseudonym text NOT NULL,
                document_type text NOT NULL,
                channel text NOT NULL,
                status text NOT NULL,
                issued_at timestamptz NOT NULL,
                tx_id text NOT NULL,
                block_number bigint NOT NULL,
                updated_block bigint NOT NULL,
                record jsonb NOT NULL
            )`,
            `CREATE INDEX services_recipient ON services (recipient_pseudonym, issued_at DESC, service_id)`,
            `CREATE INDEX services_case ON services (case_id, issued_at, service_id)`,
            `CREATE TABLE recipient_keys (
                recipient_pseudonym text PRIMARY KEY,
                fingerprint text NOT NULL,
                registered_at timestamptz NOT NULL,
                tx_id text NOT NULL,
                block_number bigint NOT NULL,
                updated_block bigint NOT NULL,
                record jsonb NOT NULL
            )`,
            `CREATE TABLE preservations (
                application_id text PRIMARY KEY,
                case_id text NOT NULL,
                status text NOT NULL,
                applicant_sub text NOT NULL,
                respondent_pseudonym text NOT NULL,
                guarantee_letter_id text,
                applied_at timestamptz NOT NULL,
                tx_id text NOT NULL,
                block_number bigint NOT NULL,
                updated_block bigint NOT NULL,
                record jsonb NOT NULL
            )`,
            `CREATE INDEX preservations_case ON preservations (case_id, applied_at, application_id)`,
            `CREATE TABLE guarantees (
                letter_id text PRIMARY KEY,
                application_id text NOT NULL,
                case_id text NOT NULL,
                agency text NOT NULL,
                status text NOT NULL,
                valid_from timestamptz NOT NULL,
                valid_to timestamptz NOT NULL,
                applied_at timestamptz NOT NULL,
                tx_id text NOT NULL,
                block_number bigint NOT NULL,
                updated_block bigint NOT NULL,
                record jsonb NOT NULL
            )`,
            `CREATE INDEX guarantees_application ON guarantees (application_id, applied_at, letter_id)`,
            // The inbox is now rebuilt from the ledger (services by pseudonym): the recipients' subs go.
            `DROP TABLE service_recipients`,
            // Replay the ledger from block 0 so the new tables hold every earlier event too.
            `TRUNCATE evidence_custody, evidence, anchor_batches`,
            `UPDATE ledger_checkpoint SET block_number = NULL, tx_index = NULL, block_hash = NULL`,
        ],
    },
    {
        version: 6,
        name: 'enforcement',
        statements: [
            // Enforcement (Art. 31): the latest record of each case, found by its parties' pseudonyms and status.
            `CREATE TABLE enforcement_cases (
                case_id text PRIMARY KEY,
                status text NOT NULL,
                creditor_pseudonym text NOT NULL,
                debtor_pseudonym text NOT NULL,
                amount_due bigint NOT NULL,
                paid_in bigint NOT NULL,
                paid_out bigint NOT NULL,
                outstanding bigint NOT NULL,
                opened_at timestamptz NOT NULL,
                tx_id text NOT NULL,
                block_number bigint NOT NULL,
                updated_block bigint NOT NULL,
                record jsonb NOT NULL
            )`,
            `CREATE INDEX enforcement_cases_debtor ON enforcement_cases (debtor_pseudonym, status)`,
            `CREATE INDEX enforcement_cases_creditor ON enforcement_cases (creditor_pseudonym, status)`,
            `CREATE INDEX enforcement_cases_status ON enforcement_cases (status, opened_at)`,
            // Every step of every case (automatic ones included), with the block of its transaction.
            `CREATE TABLE enforcement_steps (
                case_id text NOT NULL,
                seq integer NOT NULL CHECK (seq >= 1),
                step text NOT NULL,
                automatic boolean NOT NULL,
                at timestamptz NOT NULL,
                tx_id text NOT NULL,
                block_number bigint NOT NULL,
                record jsonb NOT NULL,
                PRIMARY KEY (case_id, seq)
            )`,
            // Performance agreements: the scheduler checks the `agreed` ones for a missed instalment.
            `CREATE TABLE enforcement_agreements (
                agreement_id text PRIMARY KEY,
                status text NOT NULL,
                creditor_pseudonym text NOT NULL,
                debtor_pseudonym text NOT NULL,
                amount_due bigint NOT NULL,
                paid_total bigint NOT NULL,
                created_at timestamptz NOT NULL,
                tx_id text NOT NULL,
                block_number bigint NOT NULL,
                updated_block bigint NOT NULL,
                record jsonb NOT NULL
            )`,
            `CREATE INDEX enforcement_agreements_status ON enforcement_agreements (status, agreement_id)`,
        ],
    },
    {
        version: 7,
        name: 'notifications',
        statements: [
            // Webhook subscriptions. `after_block`/`after_tx`: the index checkpoint when it was created; only
            // events after it are delivered (so a rebuild's replay gives the same outbox). The secret signs
            // deliveries and is shown once, at creation.
            `CREATE TABLE notification_subscriptions (
                subscription_id text PRIMARY KEY,
                owner_sub text NOT NULL,
                owner_role text NOT NULL,
                url text NOT NULL,
                events text[] NOT NULL,
                case_ids text[],
                secret text NOT NULL,
                after_block bigint NOT NULL,
                after_tx integer NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                deleted_at timestamptz
            )`,
            `CREATE INDEX notification_subscriptions_owner ON notification_subscriptions (owner_sub, created_at)`,
            // The event log (gateway-local, kept by a rebuild; a replay re-derives the same ids): what SSE
            // streams and what the outbox refers to. Ids are evt_<block>_<tx>_<index>, in ledger order.
            `CREATE TABLE notification_events (
                event_id text PRIMARY KEY,
                block_number bigint NOT NULL,
                tx_index integer NOT NULL,
                idx integer NOT NULL,
                type text NOT NULL,
                case_id text,
                subject_sub text,
                occurred_at text NOT NULL,
                data jsonb NOT NULL,
                UNIQUE (block_number, tx_index, idx)
            )`,
            // The outbox: one message per (event, subscription), written in the projection transaction.
            `CREATE TABLE notification_outbox (
                message_id text PRIMARY KEY,
                subscription_id text NOT NULL REFERENCES notification_subscriptions (subscription_id),
                event_id text NOT NULL REFERENCES notification_events (event_id),
                block_number bigint NOT NULL,
                tx_index integer NOT NULL,
                idx integer NOT NULL,
                status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'parked')),
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL DEFAULT now(),
                last_error text,
                delivered_at timestamptz,
                created_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (subscription_id, event_id)
            )`,
            `CREATE INDEX notification_outbox_pending ON notification_outbox (subscription_id, block_number, tx_index, idx)
                WHERE status = 'pending'`,
            `CREATE INDEX notification_outbox_subscription ON notification_outbox (subscription_id, created_at DESC)`,
            // Every delivery attempt, for GET /v1/subscriptions/{id}/deliveries.
            `CREATE TABLE notification_attempts (
                attempt_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                message_id text NOT NULL REFERENCES notification_outbox (message_id),
                attempt integer NOT NULL,
                started_at timestamptz NOT NULL,
                duration_ms integer NOT NULL,
                status_code integer,
                error text,
                outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed', 'parked'))
            )`,
            `CREATE INDEX notification_attempts_message ON notification_attempts (message_id, attempt_id)`,
        ],
    },
    {
        version: 8,
        name: 'recording sessions',
        statements: [
            // Recording sessions (Art. 16): each segment's digest and chain value, the head of the chain, and
            // the closing value once closed (gateway-local: what is anchored are the chain values).
            `CREATE TABLE recording_sessions (
                session_id text PRIMARY KEY,
                kind text NOT NULL,
                source_sub text NOT NULL,
                segment_count integer NOT NULL CHECK (segment_count >= 0),
                chain text NOT NULL CHECK (chain ~ '^[0-9a-f]{64}$'),
                opened_at timestamptz NOT NULL DEFAULT now(),
                closed_at timestamptz,
                closing_digest text CHECK (closing_digest ~ '^[0-9a-f]{64}$'),
                CHECK ((closed_at IS NULL) = (closing_digest IS NULL))
            )`,
            `CREATE TABLE recording_segments (
                session_id text NOT NULL REFERENCES recording_sessions (session_id) ON DELETE CASCADE,
                seq integer NOT NULL CHECK (seq >= 1),
                digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
                chain text NOT NULL CHECK (chain ~ '^[0-9a-f]{64}$'),
                received_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (session_id, seq)
            )`,
        ],
    },
    {
        version: 9,
        name: 'anchor batches sealed by range',
        statements: [
            // A plan sealed by range holds the items with no batch id whose seq lies in first_seq…last_seq
            // (platform/anchor-queue/queue-store.ts); plans sealed per row (earlier versions) and restored ones
            // have no range.
            `ALTER TABLE anchor_batch_plans ADD COLUMN first_seq bigint, ADD COLUMN last_seq bigint,
                ADD CHECK ((first_seq IS NULL) = (last_seq IS NULL) AND first_seq <= last_seq)`,
            `CREATE UNIQUE INDEX anchor_batch_plans_range ON anchor_batch_plans (last_seq) WHERE last_seq IS NOT NULL`,
        ],
    },
    {
        version: 10,
        name: 'off-chain texts',
        statements: [
            // Free text the ledger holds only as SHA-256(salt ‖ text) (service event details): gateway-local,
            // kept by a rebuild, found by the digest the ledger holds.
            `CREATE TABLE off_chain_texts (
                sha256 text PRIMARY KEY,
                salt text NOT NULL,
                text text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            )`,
        ],
    },
    {
        version: 11,
        name: 'case participation',
        statements: [
            // Cases the court registered (case:register), with the court and type the policy is looked up by.
            `CREATE TABLE cases (
                case_id text PRIMARY KEY,
                court text NOT NULL,
                case_type text NOT NULL,
                registered_at timestamptz NOT NULL,
                tx_id text NOT NULL,
                block_number bigint NOT NULL,
                updated_block bigint NOT NULL
            )`,
            // Who takes part in each case: recorded by the court, or self-registered by submitting evidence.
            `CREATE TABLE case_participants (
                case_id text NOT NULL,
                participant_id text NOT NULL,
                side text,
                agent_of text,
                via text NOT NULL,
                since timestamptz NOT NULL,
                tx_id text NOT NULL,
                PRIMARY KEY (case_id, participant_id)
            )`,
            `CREATE INDEX case_participants_participant ON case_participants (participant_id, case_id)`,
            // Each court's self-registration policy per case type (no row: self-registration not allowed).
            `CREATE TABLE case_policies (
                court text NOT NULL,
                case_type text NOT NULL,
                self_registration boolean NOT NULL,
                at timestamptz NOT NULL,
                tx_id text NOT NULL,
                PRIMARY KEY (court, case_type)
            )`,
        ],
    },
    {
        version: 12,
        name: 'service events appended',
        statements: [
            // Every event of a service, one row each, appended as it is projected: a `ServiceEvent` no longer
            // rewrites the whole record. `services` keeps the record as issued and the columns an event changes
            // (status, updated_block); a reader puts the record together (features/service-of-process/store.ts).
            `CREATE TABLE service_events (
                service_id text NOT NULL,
                seq integer NOT NULL CHECK (seq >= 0),
                block_number bigint NOT NULL,
                tx_id text NOT NULL,
                entry jsonb NOT NULL,
                PRIMARY KEY (service_id, seq)
            )`,
            `INSERT INTO service_events (service_id, seq, block_number, tx_id, entry)
             SELECT s.service_id, e.ord - 1, COALESCE(t.block_number, s.updated_block), e.entry->>'txId', e.entry
             FROM services s
             CROSS JOIN LATERAL jsonb_array_elements(s.record->'events') WITH ORDINALITY AS e(entry, ord)
             LEFT JOIN ledger_transactions t ON t.tx_id = e.entry->>'txId'`,
            `UPDATE services SET record = jsonb_set(
                jsonb_set(record, '{events}', jsonb_build_array(record->'events'->0)), '{status}', '"issued"')`,
        ],
    },
    {
        version: 13,
        name: 'document files',
        statements: [
            // What an upload said about a stored document (platform/documents/document-files.ts): its media
            // type and original name, per record that references it. Gateway-local (a file name is free text
            // and never goes on the ledger), kept by a rebuild.
            `CREATE TABLE document_files (
                owner text NOT NULL,
                sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
                media_type text NOT NULL,
                file_name text,
                created_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (owner, sha256)
            )`,
        ],
    },
    {
        version: 14,
        name: 'anchoring queue out of the index',
        statements: [
            // The anchoring queue now lives in its own store under the data folder
            // (platform/anchor-queue/queue-store.ts). A queue holding items is kept under legacy names until the
            // gateway has moved it there (platform/anchor-queue/legacy-import.ts); an empty one goes now.
            `DO $$ BEGIN
                IF EXISTS (SELECT 1 FROM anchor_items) THEN
                    ALTER TABLE anchor_items RENAME TO legacy_anchor_items;
                    ALTER TABLE anchor_batch_plans RENAME TO legacy_anchor_batch_plans;
                ELSE
                    DROP TABLE anchor_items, anchor_batch_plans;
                END IF;
            END $$`,
        ],
    },
];

/** SHA-256 of a migration's statements, stored to detect an applied migration that was later edited. */
export function migrationChecksum(migration: Migration): string {
    const hash = createHash('sha256');
    for (const statement of migration.statements) {
        hash.update(statement).update('\0');
    }
    return hash.digest('hex');
}

interface AppliedRow {
    version: number;
    checksum: string;
}

/**
 * Brings the schema up to date: one transaction that takes a transaction-scoped advisory lock (so gateways
 * starting together on one server apply each migration exactly once), creates `schema_migrations` if
 * missing, verifies the checksums of applied migrations and applies the missing ones in version order.
 * Safe to call on every start. Throws if the database holds a migration this code does not know (it was
 * migrated by a newer gateway) or an applied migration's checksum differs.
 *
 * @returns the versions applied by this call (empty when already up to date)
 */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
    const ordered = [...migrations].sort((a, b) => a.version - b.version);
    return db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('court-ledger/index/migrate/' || current_schema()))`);
        await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            checksum text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )`);
        const applied = new Map(
            (await tx.query<AppliedRow>('SELECT version, checksum FROM schema_migrations')).map((row) => [
                row.version,
                row.checksum,
            ]),
        );
        const known = new Set(ordered.map((m) => m.version));
        for (const version of applied.keys()) {
            if (!known.has(version)) {
                throw new Error(`index schema has migration ${version}, unknown to this gateway (downgrade?)`);
            }
        }
        const done: number[] = [];
        for (const migration of ordered) {
            const checksum = migrationChecksum(migration);
            const existing = applied.get(migration.version);
            if (existing !== undefined) {
                if (existing !== checksum) {
                    throw new Error(`index migration ${migration.version} (${migration.name}) was edited after it ran`);
                }
                continue;
            }
            for (const statement of migration.statements) {
                await tx.query(statement);
            }
            await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
                migration.version,
                migration.name,
                checksum,
            ]);
            done.push(migration.version);
        }
        return done;
    });
}
