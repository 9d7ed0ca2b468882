import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { enrol } from './cases';
import type { Harness } from './gateway-harness';
import { multipartBody } from './multipart';

/** The principals of one case (account ids) and what exists in it. */
export interface CaseFixture {
    readonly caseId: string;
    /** The plaintiff: applicant of the preservation, recipient of the service, creditor in enforcement. */
    readonly party: string;
    /** The defendant: submitter of the evidence. */
    readonly defendant: string;
    /** The plaintiff's agent ad litem. */
    readonly agent: string;
    /** The agency of the letter bound to the preservation application. */
    readonly agency: string;
    readonly evidenceId: string;
    readonly applicationId: string;
    readonly letterId: string;
    readonly serviceId: string;
}

/** Court principals the fixture acts with. */
export const CLERK = 'clerk-1';
export const JUDGE = 'judge-1';
export const OFFICER = 'officer-1';

const DAY = 24 * 3600 * 1000;

function sha256(data: string | Buffer): string {
    return createHash('sha256').update(data).digest('hex');
}

type Injected = Awaited<ReturnType<Harness['app']['inject']>>;

/** The response's JSON after checking its status; ids are read from it by name. */
function body(res: Injected, status: number): Record<string, unknown> {
    expect(res.statusCode, res.body).to.equal(status);
    return res.json();
}

function idOf(res: Injected, status: number, field: string): string {
    const value = body(res, status)[field];
    expect(value, field).to.be.a('string');
    return String(value);
}

async function issueLetter(gw: Harness, f: Omit<CaseFixture, 'letterId' | 'serviceId'>): Promise<string> {
    const applied = await gw.app.inject({
        method: 'POST',
        url: '/v1/guarantees',
        headers: gw.auth('party', f.party),
        payload: {
            applicationId: f.applicationId,
            agency: f.agency,
            amount: 500_000,
            validFrom: new Date(Date.now() - 60_000).toISOString(),
            validTo: new Date(Date.now() + 365 * DAY).toISOString(),
        },
    });
    const letterId = idOf(applied, 201, 'letterId');
    const act = (payload: Record<string, unknown>) =>
        gw.app.inject({
            method: 'POST',
            url: `/v1/guarantees/${letterId}/actions`,
            headers: gw.auth('agency', f.agency),
            payload,
        });
    body(await act({ action: 'approve' }), 200);
    body(await act({ action: 'pay', amount: 5_000 }), 200);
    const form = multipartBody(
        { action: 'issue' },
        {
            name: 'letter',
            filename: 'letter.pdf',
            content: Buffer.concat([Buffer.from('%PDF-1.7 letter\n'), randomBytes(2_000)]),
            contentType: 'application/pdf',
        },
    );
    const issued = await gw.app.inject({
        method: 'POST',
        url: `/v1/guarantees/${letterId}/actions`,
        headers: { ...gw.auth('agency', f.agency), ...form.headers },
        payload: form.payload,
    });
    body(issued, 200);
    return letterId;
}

async function preservationStep(
    gw: Harness,
    f: { applicationId: string },
    role: 'party' | 'judge',
    sub: string,
    payload: object,
) {
    const res = await gw.app.inject({
        method: 'POST',
        url: `/v1/preservations/${f.applicationId}/actions`,
        headers: gw.auth(role, sub),
        payload,
    });
    body(res, 200);
}

/**
 * A case with everything a participant can touch, built over HTTP: the court registers it and records the
 * plaintiff, the defendant and the plaintiff's agent; the defendant's evidence, exchanged; the plaintiff's
 * preservation application with an issued, bound letter, granted; a service to the plaintiff; an enforcement
 * case (creditor the plaintiff, debtor the defendant) under the same case id.
 */
export async function buildCase(gw: Harness, label: string): Promise<CaseFixture> {
    const tag = `${label}-${randomBytes(4).toString('hex')}`;
    const caseId = `M-${tag}`;
    const people = { party: `p-${tag}`, defendant: `d-${tag}`, agent: `l-${tag}`, agency: `ag-${tag}` };
    await enrol(gw, caseId, [
        { sub: people.party },
        { sub: people.defendant, side: 'defendant' },
        { sub: people.agent, side: 'agent-of', agentOf: people.party },
    ]);
    const submitted = await gw.app.inject({
        method: 'POST',
        url: '/v1/evidence',
        headers: gw.auth('party', people.defendant),
        payload: { caseId, digests: { sha256: sha256(randomBytes(16)) } },
    });
    const evidenceId = idOf(submitted, 201, 'evidenceId');
    const exchanged = await gw.app.inject({
        method: 'POST',
        url: `/v1/evidence/${evidenceId}/custody`,
        headers: gw.auth('clerk', CLERK),
        payload: { event: 'exchange' },
    });
    body(exchanged, 200);
    const applied = await gw.app.inject({
        method: 'POST',
        url: '/v1/preservations',
        headers: gw.auth('party', people.party),
        payload: { caseId, respondent: people.defendant, amount: 1_000_000, propertyDigest: sha256('property') },
    });
    const applicationId = idOf(applied, 201, 'applicationId');
    const base = { caseId, ...people, evidenceId, applicationId };
    const letterId = await issueLetter(gw, base);
    await preservationStep(gw, base, 'party', people.party, { action: 'bind-guarantee', letterId });
    await preservationStep(gw, base, 'judge', JUDGE, {
        action: 'rule',
        decision: 'granted',
        rulingDigest: sha256('ruling'),
    });
    const form = multipartBody(
        { caseId, documentType: 'summons', recipient: people.party, channel: 'platform', addressConfirmed: 'true' },
        { name: 'document', filename: 'summons.pdf', content: randomBytes(1_000), contentType: 'application/pdf' },
    );
    const served = await gw.app.inject({
        method: 'POST',
        url: '/v1/services',
        headers: { ...gw.auth('clerk', CLERK), ...form.headers },
        payload: form.payload,
    });
    const serviceId = idOf(served, 201, 'serviceId');
    const opened = await gw.app.inject({
        method: 'POST',
        url: '/v1/enforcement/cases',
        headers: gw.auth('enforcement', OFFICER),
        payload: {
            caseId,
            basis: { documentType: 'judgment', sha256: sha256('judgment') },
            creditor: people.party,
            debtor: people.defendant,
            amountDue: 100_000,
            deadline: new Date(Date.now() - DAY).toISOString(),
        },
    });
    body(opened, 201);
    return { ...base, letterId, serviceId };
}
