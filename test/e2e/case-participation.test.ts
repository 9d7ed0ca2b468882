import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { buildCase, CLERK, JUDGE, type CaseFixture } from '../support/case-fixture';
import { enrol } from '../support/cases';
import { startGateway, type Harness } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';

type MatrixRole = 'party' | 'agent' | 'clerk' | 'judge' | 'agency' | 'subsystem';
type Relation = 'own' | 'other';

/** Expected status for [own case, other case]. */
type Outcome = readonly [number, number];

interface Request {
    readonly method: 'GET' | 'POST';
    readonly url: string;
    readonly payload?: object;
}

/** One route that touches a case: how to call it on case `c`, and the status each role gets. */
interface Row {
    readonly route: string;
    readonly request: (c: CaseFixture) => Request;
    readonly expect: Readonly<Record<MatrixRole, Outcome>>;
}

const ALLOWED_OWN: Outcome = [200, 403];
const ALWAYS: Outcome = [200, 200];
const NEVER: Outcome = [403, 403];
/** Enforcement answers one 404 for an unknown case and one that is not the caller's (issue #12). */
const NOT_YOURS: Outcome = [404, 404];

/** Reads of a case's records: its participants and the court's roles. */
const CASE_READERS = {
    party: ALLOWED_OWN,
    agent: ALLOWED_OWN,
    clerk: ALWAYS,
    judge: ALWAYS,
    agency: NEVER,
    subsystem: NEVER,
};
/** A party action: the case's parties and agents only. */
const PARTY_ACTION = {
    party: ALLOWED_OWN,
    agent: ALLOWED_OWN,
    clerk: NEVER,
    judge: NEVER,
    agency: NEVER,
    subsystem: NEVER,
};
/** Preservation applications and letters: the court, the applicant and the bound agency. */
const APPLICANT_AND_AGENCY = {
    party: ALLOWED_OWN,
    agent: NEVER,
    clerk: ALWAYS,
    judge: ALWAYS,
    agency: ALLOWED_OWN,
    subsystem: NEVER,
};

function sha256(data: string | Buffer): string {
    return createHash('sha256').update(data).digest('hex');
}

/**
 * The matrix: every route that reads or acts on a case, for each role, on its own case and on another case
 * (README "Case participation"). Court roles act for the gateway's one court, so their "other case" is another
 * case of the same court (another court's case: chaincode/test/domain/case/case-access.test.ts). Rows beyond
 * participation keep their own rules: services are read by the recipient only, preservation and letters by
 * the applicant and the bound agency, enforcement by creditor and debtor and court subsystems.
 */
const MATRIX: readonly Row[] = [
    {
        route: 'GET /v1/evidence/{id}',
        request: (c) => ({ method: 'GET', url: `/v1/evidence/${c.evidenceId}` }),
        expect: CASE_READERS,
    },
    {
        route: 'GET /v1/cases/{caseId}/evidence',
        request: (c) => ({ method: 'GET', url: `/v1/cases/${c.caseId}/evidence` }),
        expect: CASE_READERS,
    },
    {
        route: 'GET /v1/cases/{caseId}/participants',
        request: (c) => ({ method: 'GET', url: `/v1/cases/${c.caseId}/participants` }),
        expect: CASE_READERS,
    },
    {
        route: 'POST /v1/evidence (submit)',
        request: (c) => ({
            method: 'POST',
            url: '/v1/evidence',
            payload: { caseId: c.caseId, digests: { sha256: sha256(randomBytes(16)) } },
        }),
        expect: {
            party: [201, 403],
            agent: [201, 403],
            clerk: [201, 201],
            judge: NEVER,
            agency: NEVER,
            subsystem: NEVER,
        },
    },
    {
        route: 'POST /v1/evidence/{id}/custody (challenge)',
        request: (c) => ({
            method: 'POST',
            url: `/v1/evidence/${c.evidenceId}/custody`,
            payload: { event: 'challenge' },
        }),
        expect: PARTY_ACTION,
    },
    {
        route: 'GET /v1/preservations/{id}',
        request: (c) => ({ method: 'GET', url: `/v1/preservations/${c.applicationId}` }),
        expect: APPLICANT_AND_AGENCY,
    },
    {
        route: 'POST /v1/preservations/{id}/actions (request-review)',
        request: (c) => ({
            method: 'POST',
            url: `/v1/preservations/${c.applicationId}/actions`,
            payload: { action: 'request-review', reasonDigest: sha256('reasons') },
        }),
        expect: PARTY_ACTION,
    },
    {
        route: 'GET /v1/guarantees/{id}',
        request: (c) => ({ method: 'GET', url: `/v1/guarantees/${c.letterId}` }),
        expect: APPLICANT_AND_AGENCY,
    },
    {
        route: 'GET /v1/services/{id}',
        request: (c) => ({ method: 'GET', url: `/v1/services/${c.serviceId}` }),
        expect: { party: ALLOWED_OWN, agent: NEVER, clerk: ALWAYS, judge: ALWAYS, agency: NEVER, subsystem: NEVER },
    },
    {
        route: 'GET /v1/enforcement/cases/{caseId}',
        request: (c) => ({ method: 'GET', url: `/v1/enforcement/cases/${c.caseId}` }),
        expect: {
            party: [200, 404],
            agent: NOT_YOURS,
            clerk: ALWAYS,
            judge: ALWAYS,
            agency: NEVER,
            subsystem: ALWAYS,
        },
    },
];

const ROLES: readonly MatrixRole[] = ['party', 'agent', 'clerk', 'judge', 'agency', 'subsystem'];

/** Who acts in `role` with `relation` to case `own`: its own principal, or the one of case `other`. */
function principal(role: MatrixRole, relation: Relation, own: CaseFixture, other: CaseFixture): string {
    const c = relation === 'own' ? own : other;
    switch (role) {
        case 'party':
            return c.party;
        case 'agent':
            return c.agent;
        case 'agency':
            return c.agency;
        case 'clerk':
            return CLERK;
        case 'judge':
            return JUDGE;
        case 'subsystem':
            return 'trial.subsystem';
    }
}

forEachMode('case participation', (mode) => {
    let gw: Harness;
    let own: CaseFixture;
    let other: CaseFixture;

    before(async function () {
        // Two cases with everything in them: some thirty transactions, each a block on Fabric.
        this.timeout(600_000);
        gw = await startGateway({ database: mode.database, ledger: mode.ledger });
        own = await buildCase(gw, 'own');
        other = await buildCase(gw, 'other');
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    describe('the matrix: role × own case / other case, on every route that touches a case', () => {
        for (const row of MATRIX) {
            for (const role of ROLES) {
                (['own', 'other'] as const).forEach((relation, at) => {
                    const status = row.expect[role][at];
                    it(`${row.route} — ${role}, ${relation} case → ${String(status)}`, async () => {
                        const request = row.request(own);
                        const res = await gw.app.inject({
                            ...request,
                            headers: gw.auth(role, principal(role, relation, own, other)),
                        });
                        expect(res.statusCode, res.body).to.equal(status);
                        if (status === 403 && relation === 'other' && (role === 'party' || role === 'agent')) {
                            expect(res.json<{ code: string }>().code).to.be.oneOf([
                                'NOT_A_PARTICIPANT',
                                'FORBIDDEN_ACTOR',
                            ]);
                        }
                    });
                });
            }
        }
    });

    it('the public verify answer stays minimal: no case, no submitter', async () => {
        const evidence = await gw.app.inject({
            url: `/v1/evidence/${own.evidenceId}`,
            headers: gw.auth('clerk', CLERK),
        });
        const { digests } = evidence.json<{ digests: { sha256: string } }>();
        const res = await gw.app.inject({ url: `/v1/verify/sha256/${digests.sha256}` });
        expect(res.statusCode, res.body).to.equal(200);
        expect(res.body).not.to.include(own.caseId).and.not.to.include(own.defendant);
    });

    it('an outsider self-registers by submitting evidence only where the court allows it for the case type', async () => {
        const caseId = `SR-${randomBytes(4).toString('hex')}`;
        const newcomer = `p-new-${randomBytes(4).toString('hex')}`;
        // A case type of this run only: a policy stays on a shared ledger.
        const caseType = `small-claims-${randomBytes(4).toString('hex')}`;
        await enrol(gw, caseId, [], caseType);
        const submit = () =>
            gw.app.inject({
                method: 'POST',
                url: '/v1/evidence',
                headers: gw.auth('party', newcomer),
                payload: { caseId, digests: { sha256: sha256(randomBytes(16)) } },
            });
        const refused = await submit();
        expect(refused.statusCode, refused.body).to.equal(403);
        expect(refused.json<{ code: string }>().code).to.equal('NOT_A_PARTICIPANT');
        const policy = await gw.app.inject({
            method: 'PUT',
            url: `/v1/case-types/${caseType}/policy`,
            headers: gw.auth('judge', JUDGE),
            payload: { selfRegistration: true },
        });
        expect(policy.statusCode, policy.body).to.equal(200);
        expect(policy.json()).to.deep.include({ caseType, selfRegistration: true });
        const joined = await submit();
        expect(joined.statusCode, joined.body).to.equal(201);
        const participants = await gw.app.inject({
            url: `/v1/cases/${caseId}/participants`,
            headers: gw.auth('party', newcomer),
        });
        expect(participants.statusCode, participants.body).to.equal(200);
        const listed = participants.json<{ participants: { id: string; via: string; side?: string }[] }>();
        // The ledger and the index know a participant by its pseudonym only (README "Case participation").
        const pseudonym = gw.app.pepper.pseudonym(newcomer);
        expect(listed.participants.map(({ id, via, side }) => ({ id, via, side }))).to.deep.equal([
            { id: pseudonym, via: 'self', side: undefined },
        ]);
        const rows = await gw.app.index.db.query<{ participant_id: string; via: string }>(
            'SELECT participant_id, via FROM case_participants WHERE case_id = $1',
            [caseId],
        );
        expect(rows).to.deep.equal([{ participant_id: pseudonym, via: 'self' }]);
    });

    it('the court records and removes participants; a removed party loses access at once', async () => {
        const caseId = `RM-${randomBytes(4).toString('hex')}`;
        const party = `p-rm-${randomBytes(4).toString('hex')}`;
        await enrol(gw, caseId, [{ sub: party, side: 'third-party' }]);
        const read = () => gw.app.inject({ url: `/v1/cases/${caseId}/evidence`, headers: gw.auth('party', party) });
        expect((await read()).statusCode).to.equal(200);
        const bySub = await gw.app.inject({
            method: 'DELETE',
            url: `/v1/cases/${caseId}/participants/${party}`,
            headers: gw.auth('clerk', CLERK),
        });
        expect(bySub.statusCode, 'participants are removed by the id listed, their pseudonym').to.equal(400);
        const byParty = await gw.app.inject({
            method: 'POST',
            url: `/v1/cases/${caseId}/participants`,
            headers: gw.auth('party', party),
            payload: { participant: { sub: 'friend' }, side: 'plaintiff' },
        });
        expect(byParty.statusCode).to.equal(403);
        const removed = await gw.app.inject({
            method: 'DELETE',
            url: `/v1/cases/${caseId}/participants/${gw.app.pepper.pseudonym(party)}`,
            headers: gw.auth('clerk', CLERK),
        });
        expect(removed.statusCode, removed.body).to.equal(200);
        expect(removed.json<{ case: { participants: unknown[] } }>().case.participants).to.deep.equal([]);
        const after = await read();
        expect(after.statusCode).to.equal(403);
        expect(after.json<{ code: string }>().code).to.equal('NOT_A_PARTICIPANT');
        const rows = await gw.app.index.db.query('SELECT * FROM case_participants WHERE case_id = $1', [caseId]);
        expect(rows).to.deep.equal([]);
        const again = await gw.app.inject({
            method: 'DELETE',
            url: `/v1/cases/${caseId}/participants/${gw.app.pepper.pseudonym(party)}`,
            headers: gw.auth('clerk', CLERK),
        });
        expect(again.statusCode).to.equal(404);
    });
});
