/**
 * The shared ledger holds no personal data in clear (issue #11, item 2). A walkthrough of every feature —
 * cases registered with their participants (an agent, a self-registration), evidence with a custody note,
 * service of a document with a detail naming a person, a party reading it, preservation, a letter of guarantee,
 * enforcement, a performance agreement whose default opens its case `<agreementId>-enf`, batch anchoring — then
 * every block is scanned (raw, base64, hex, UTF-16LE) for every sub, name, e-mail address, clear case number and
 * agreement id it used: in the embedded ledger's
 * block files, and on Fabric in the blocks the guarantee agency's peer serves to the agency's own identity.
 * Authorised readers still see the clear case numbers and texts, and a full index rebuild gets them back.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { expect } from 'chai';
import pino from 'pino';
import { LedgerFailure } from '@court-ledger/ledger-api';
import { rebuildGatewayIndex } from '@court-ledger/gateway/dist/src/cli/index-rebuild';
import { BlockScan, embeddedBlockFiles, embeddedPrivateStore } from '../support/block-scan';
import { createAgreement, signer } from '../support/enforcement';
import { agencyPeerBlocks } from '../support/fabric-blocks';
import { startGateway, type Harness } from '../support/gateway-harness';
import { dropIndex } from '../support/index-db';
import { forEachMode } from '../support/modes';
import { multipartBody } from '../support/multipart';

function sha256(data: Buffer | string): string {
    return createHash('sha256').update(data).digest('hex');
}

function unique(prefix: string): string {
    return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** A fresh three-character Chinese name (CJK Unified Ideographs), so no earlier run's block can hold it. */
function chineseName(): string {
    return String.fromCodePoint(...Array.from({ length: 3 }, () => randomInt(0x4e00, 0x9fa6)));
}

/** Everything personal the walkthrough uses. */
interface People {
    readonly party: string;
    readonly agent: string;
    readonly respondent: string;
    readonly recipient: string;
    readonly address: string;
    readonly clerk: string;
    readonly judge: string;
    readonly agency: string;
    readonly officer: string;
    readonly creditor: string;
    readonly debtor: string;
    readonly subsystem: string;
    readonly name: string;
    /** A case type of this run only (its self-registration policy must not reach other suites' cases). */
    readonly caseType: string;
    readonly cases: {
        readonly evidence: string;
        readonly service: string;
        readonly preservation: string;
        readonly enforcement: string;
    };
    /** A performance agreement's id, a mediation case number (`<id>-enf` names the case its default opens). */
    readonly agreement: string;
}

function people(): People {
    const number = () => randomInt(100_000, 999_999);
    return {
        party: unique('privacy-party'),
        agent: unique('privacy-agent'),
        respondent: unique('privacy-respondent'),
        recipient: unique('privacy-recipient'),
        address: `${unique('privacy-mail')}@example.org`,
        clerk: unique('privacy-clerk'),
        judge: unique('privacy-judge'),
        agency: unique('privacy-agency'),
        officer: unique('privacy-officer'),
        creditor: unique('privacy-creditor'),
        debtor: unique('privacy-debtor'),
        subsystem: unique('privacy-trial'),
        name: chineseName(),
        caseType: unique('privacy'),
        cases: {
            evidence: `(2026)京0491民初${number()}号`,
            service: `(2026)京0491民初${number()}号`,
            preservation: `(2026)京0491财保${number()}号`,
            enforcement: `(2026)京0491执${number()}号`,
        },
        agreement: `(2026)京0491民调${number()}号`,
    };
}

/** The secrets a block must never hold (`signers`: the agreement's parties), each with a label. */
function secretsOf(p: People, signers: readonly string[]): [string, string][] {
    const subs = [p.party, p.agent, p.respondent, p.recipient, p.clerk, p.judge, p.agency, p.officer, p.creditor];
    return [
        ...signers.map((sub): [string, string] => ['sub', sub]),
        ['agreement id', p.agreement],
        ['agreement id', p.agreement.slice(6)],
        ['agreement default case', `${p.agreement}-enf`],
        ...subs.map((sub): [string, string] => ['sub', sub]),
        ['sub', p.debtor],
        ['sub', p.subsystem],
        ['e-mail', p.address],
        ['name', p.name],
        ...Object.values(p.cases).map((number): [string, string] => ['case number', number]),
        // The numeric core of a case number, on its own.
        ...Object.values(p.cases).map((number): [string, string] => ['case number', number.slice(6)]),
    ];
}

forEachMode('privacy: the shared ledger holds no personal data in clear', (mode) => {
    let gw: Harness;
    const p = people();
    let evidenceId = '';
    let serviceId = '';
    const signers: string[] = [];
    const note = `交换证据时${p.name}在场`;
    const detail = `已交由${p.name}本人签收`;

    before(async () => {
        gw = await startGateway({ database: mode.database, ledger: mode.ledger });
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    async function post(url: string, role: Parameters<Harness['auth']>[0], sub: string, payload: object) {
        const res = await gw.app.inject({ method: 'POST', url, headers: gw.auth(role, sub), payload });
        expect(res.statusCode, `${url}: ${res.body}`).to.be.oneOf([200, 201, 202]);
        return res;
    }

    async function put(url: string, role: Parameters<Harness['auth']>[0], sub: string, payload: object) {
        const res = await gw.app.inject({ method: 'PUT', url, headers: gw.auth(role, sub), payload });
        expect(res.statusCode, `${url}: ${res.body}`).to.equal(200);
        return res;
    }

    it('walks through every feature', async function () {
        this.timeout(300_000);
        // Cases: registered by the court, participants recorded by sub, an agent, a self-registration policy.
        for (const caseId of [p.cases.evidence, p.cases.preservation]) {
            const url = `/v1/cases/${encodeURIComponent(caseId)}`;
            await put(url, 'clerk', p.clerk, { caseType: p.caseType });
            await post(`${url}/participants`, 'judge', p.judge, { participant: { sub: p.party }, side: 'plaintiff' });
        }
        const evidenceCase = `/v1/cases/${encodeURIComponent(p.cases.evidence)}`;
        await post(`${evidenceCase}/participants`, 'clerk', p.clerk, {
            participant: { sub: p.agent },
            side: 'agent-of',
            agentOf: { sub: p.party },
        });
        await put(`/v1/case-types/${p.caseType}/policy`, 'judge', p.judge, { selfRegistration: true });
        const listed = await gw.app.inject({ url: `${evidenceCase}/participants`, headers: gw.auth('agent', p.agent) });
        expect(listed.statusCode, listed.body).to.equal(200);
        expect(listed.json<{ caseId: string }>().caseId).to.equal(p.cases.evidence);

        // Evidence, with a custody note naming a person; the respondent self-registers by submitting.
        const submitted = await post('/v1/evidence', 'party', p.party, {
            caseId: p.cases.evidence,
            digests: { sha256: sha256(randomBytes(32)) },
        });
        evidenceId = submitted.json<{ evidenceId: string }>().evidenceId;
        await post('/v1/evidence', 'party', p.respondent, {
            caseId: p.cases.evidence,
            digests: { sha256: sha256(randomBytes(32)) },
        });
        await post(`/v1/evidence/${evidenceId}/custody`, 'clerk', p.clerk, { event: 'exchange', note });
        await post(`/v1/evidence/${evidenceId}/custody`, 'judge', p.judge, { event: 'present' });

        // Service of a summons, an event detail naming a person, the recipient reading it.
        const form = multipartBody(
            {
                caseId: p.cases.service,
                documentType: 'summons',
                recipient: p.recipient,
                channel: 'platform',
                address: p.address,
                addressConfirmed: 'true',
            },
            // The file name is free text too (it names the person): gateway-local, never on the ledger.
            {
                name: 'document',
                filename: `${p.name}传票.pdf`,
                content: randomBytes(2_000),
                contentType: 'application/pdf',
            },
        );
        const issued = await gw.app.inject({
            method: 'POST',
            url: '/v1/services',
            headers: { ...gw.auth('clerk', p.clerk), ...form.headers },
            payload: form.payload,
        });
        expect(issued.statusCode, issued.body).to.equal(201);
        serviceId = issued.json<{ serviceId: string }>().serviceId;
        await post(`/v1/services/${serviceId}/events`, 'clerk', p.clerk, { type: 'sent', detail });
        const read = await gw.app.inject({ url: `/v1/services/${serviceId}`, headers: gw.auth('party', p.recipient) });
        expect(read.statusCode, read.body).to.equal(200);

        // Preservation and a letter of guarantee from an agency.
        const applied = await post('/v1/preservations', 'party', p.party, {
            caseId: p.cases.preservation,
            respondent: p.respondent,
            amount: 1_000_000,
            propertyDigest: sha256('property list'),
        });
        const applicationId = applied.json<{ applicationId: string }>().applicationId;
        const letter = await post('/v1/guarantees', 'party', p.party, {
            applicationId,
            agency: p.agency,
            amount: 500_000,
            validFrom: new Date(Date.now() - 60_000).toISOString(),
            validTo: new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString(),
        });
        const letterId = letter.json<{ letterId: string }>().letterId;
        await post(`/v1/guarantees/${letterId}/actions`, 'agency', p.agency, { action: 'approve' });

        // Enforcement: a case and a step.
        await post('/v1/enforcement/cases', 'enforcement', p.officer, {
            caseId: p.cases.enforcement,
            basis: { documentType: 'judgment', sha256: sha256('judgment') },
            creditor: p.creditor,
            debtor: p.debtor,
            amountDue: 1_000_000,
            deadline: new Date(Date.now() - 24 * 3600 * 1000).toISOString(),
        });
        await post(`/v1/enforcement/cases/${encodeURIComponent(p.cases.enforcement)}/steps`, 'enforcement', p.officer, {
            step: 'property-inquiry',
            sources: ['bank'],
            resultsSha256: sha256('results'),
        });

        // A performance agreement: signed, paid in part, in default after its first instalment: the case opens.
        const creditor = await signer(gw, 'privacy-agreement-creditor');
        const debtor = await signer(gw, 'privacy-agreement-debtor');
        signers.push(creditor.sub, debtor.sub);
        const firstDue = Date.now() + 1_500;
        await createAgreement(
            gw,
            {
                agreementId: p.agreement,
                basis: { documentType: 'mediation-document', sha256: sha256('mediation') },
                instalments: [
                    { dueAt: new Date(firstDue).toISOString(), amount: 300_000 },
                    { dueAt: new Date(firstDue + 30 * 86_400_000).toISOString(), amount: 700_000 },
                ],
                graceDays: 0,
            },
            creditor,
            debtor,
        );
        const agreementUrl = `/v1/enforcement/agreements/${encodeURIComponent(p.agreement)}`;
        await post(`${agreementUrl}/payments`, 'enforcement', p.officer, { amount: 100_000 });
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstDue - Date.now()) + 200));
        const checked = await post(`${agreementUrl}/check-due`, 'enforcement', p.officer, {});
        expect(checked.json<{ opened?: { caseId: string } }>().opened?.caseId).to.equal(`${p.agreement}-enf`);
        await post(
            `/v1/enforcement/cases/${encodeURIComponent(`${p.agreement}-enf`)}/steps`,
            'enforcement',
            p.officer,
            {
                step: 'property-inquiry',
                sources: ['bank'],
                resultsSha256: sha256('agreement results'),
            },
        );

        // A court subsystem anchors a batch (its sub becomes one of the batch's sources).
        const digest = sha256(randomBytes(32));
        await post('/v1/anchors', 'subsystem', p.subsystem, { items: [{ digest, kind: 'transcript' }] });
        for (let tries = 0; tries < 200; tries++) {
            const res = await gw.app.inject({
                url: `/v1/anchors/${digest}/receipt`,
                headers: gw.auth('subsystem', p.subsystem),
            });
            if (res.statusCode === 200 && res.json<{ status?: string }>().status !== 'pending') {
                break;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    });

    it('shows authorised readers the clear case numbers and texts', async () => {
        const byCase = await gw.app.inject({
            url: `/v1/cases/${encodeURIComponent(p.cases.evidence)}/evidence`,
            headers: gw.auth('clerk', p.clerk),
        });
        expect(byCase.statusCode, byCase.body).to.equal(200);
        const listed = byCase.json<{ evidence: { evidenceId: string; caseId: string }[] }>().evidence;
        expect(listed.map((e) => e.caseId)).to.deep.equal([p.cases.evidence, p.cases.evidence]);
        expect(listed.map((e) => e.evidenceId)).to.include(evidenceId);

        const evidence = await gw.app.inject({ url: `/v1/evidence/${evidenceId}`, headers: gw.auth('clerk', p.clerk) });
        const body = evidence.json<{ caseId: string; notes: { note: string }[] }>();
        expect(body.caseId).to.equal(p.cases.evidence);
        expect(body.notes.map((n) => n.note)).to.deep.equal([note]);

        const service = await gw.app.inject({ url: `/v1/services/${serviceId}`, headers: gw.auth('clerk', p.clerk) });
        const view = service.json<{
            caseId: string;
            events: { type: string; detail?: string; detailSha256?: string }[];
        }>();
        expect(view.caseId).to.equal(p.cases.service);
        const sent = view.events.find((event) => event.detail === detail);
        expect(sent?.detailSha256, 'the ledger holds the salted digest').to.match(/^[0-9a-f]{64}$/);
        expect(sent?.detailSha256).to.not.equal(sha256(detail));

        const enforcement = await gw.app.inject({
            url: `/v1/enforcement/cases/${encodeURIComponent(p.cases.enforcement)}`,
            headers: gw.auth('enforcement', p.officer),
        });
        expect(enforcement.statusCode, enforcement.body).to.equal(200);
        expect(enforcement.json<{ caseId: string }>().caseId).to.equal(p.cases.enforcement);

        const opened = await gw.app.inject({
            url: `/v1/enforcement/cases/${encodeURIComponent(`${p.agreement}-enf`)}/timeline`,
            headers: gw.auth('enforcement', p.officer),
        });
        expect(opened.statusCode, opened.body).to.equal(200);
        expect(opened.json<{ caseId: string; steps: unknown[] }>()).to.deep.include({ caseId: `${p.agreement}-enf` });
        const agreements = await gw.app.index.db.query<{ agreement_id: string }>(
            'SELECT agreement_id FROM enforcement_agreements WHERE agreement_id = $1',
            [p.agreement],
        );
        expect(agreements).to.have.length(1);

        const rows = await gw.app.index.db.query<{ case_id: string }>(
            `SELECT case_id FROM evidence WHERE evidence_id = $1
             UNION ALL SELECT case_id FROM services WHERE service_id = $2`,
            [evidenceId, serviceId],
        );
        expect(rows.map((row) => row.case_id)).to.deep.equal([p.cases.evidence, p.cases.service]);

        const participants = await gw.app.inject({
            url: `/v1/cases/${encodeURIComponent(p.cases.evidence)}/participants`,
            headers: gw.auth('clerk', p.clerk),
        });
        const kase = participants.json<{ caseId: string; participants: { id: string; via: string }[] }>();
        expect(kase.caseId).to.equal(p.cases.evidence);
        const pseudonym = (sub: string) => gw.app.pepper.pseudonym(sub);
        expect(kase.participants.map((entry) => [entry.id, entry.via])).to.deep.equal([
            [pseudonym(p.party), 'court'],
            [pseudonym(p.agent), 'court'],
            [pseudonym(p.respondent), 'self'],
        ]);
    });

    it(`puts no sub, name, e-mail or case number in any block ${mode.ledger === 'fabric' ? 'the agency’s peer holds' : 'file'}`, async function () {
        this.timeout(300_000);
        const blocks = mode.ledger === 'fabric' ? await agencyPeerBlocks() : await embeddedBlockFiles(gw.dataDir);
        expect(blocks.length).to.be.greaterThan(0);
        const scan = new BlockScan(blocks);
        // Controls: the scan sees what the transactions carried, keyed.
        expect(scan.holds(gw.app.pepper.pseudonym(p.party)), 'the party as a pseudonym').to.equal(true);
        expect(scan.holds(gw.app.pepper.caseKey(p.cases.evidence)), 'the case number as a key').to.equal(true);
        expect(scan.holds(gw.app.pepper.pseudonym(p.agent)), 'a recorded participant as a pseudonym').to.equal(true);
        expect(scan.holds(evidenceId)).to.equal(true);
        expect(scan.holds(gw.app.pepper.caseKey(p.agreement)), 'the agreement id as a key').to.equal(true);
        expect(scan.holds(`${gw.app.pepper.caseKey(p.agreement)}-enf`), 'its default case').to.equal(true);
        const found = secretsOf(p, signers)
            .map(([label, secret]) => ({ label, secret, forms: scan.findings(secret) }))
            .filter((finding) => finding.forms.length > 0);
        expect(found).to.deep.equal([]);
    });

    if (mode.ledger === 'embedded') {
        it('keeps the clear case numbers and the recipient in the court’s private data, where they belong', async () => {
            const store = new BlockScan([await embeddedPrivateStore(gw.dataDir)]);
            for (const number of [...Object.values(p.cases).slice(0, 3), p.agreement]) {
                expect(store.holds(number), number).to.equal(true);
            }
            expect(store.holds(p.recipient)).to.equal(true);
            expect(store.holds(p.address)).to.equal(true);
        });

        it('restores the clear case numbers with a full index rebuild from the ledger', async function () {
            this.timeout(300_000);
            await gw.close();
            await dropIndex(gw);
            const report = await rebuildGatewayIndex(gw.config, pino({ level: 'silent' }));
            expect(report.problems).to.deep.equal([]);
            gw = await startGateway({ database: mode.database, dataDir: gw.dataDir, databaseUrl: gw.databaseUrl });
            const rows = await gw.app.index.db.query<{ case_id: string }>(
                `SELECT case_id FROM evidence UNION SELECT case_id FROM services
                 UNION SELECT case_id FROM preservations UNION SELECT case_id FROM enforcement_cases`,
            );
            expect(rows.map((row) => row.case_id).sort()).to.deep.equal(
                [...Object.values(p.cases), `${p.agreement}-enf`].sort(),
            );
            const agreements = await gw.app.index.db.query<{ agreement_id: string }>(
                'SELECT agreement_id FROM enforcement_agreements',
            );
            expect(agreements.map((row) => row.agreement_id)).to.deep.equal([p.agreement]);
            const cases = await gw.app.index.db.query<{ case_id: string }>('SELECT case_id FROM cases ORDER BY 1');
            expect(cases.map((row) => row.case_id)).to.deep.equal([p.cases.evidence, p.cases.preservation].sort());
            const byCase = await gw.app.inject({
                url: `/v1/cases/${encodeURIComponent(p.cases.evidence)}/evidence`,
                headers: gw.auth('judge', p.judge),
            });
            expect(byCase.json<{ evidence: unknown[] }>().evidence).to.have.length(2);
        });
    } else {
        it('reads the clear case number from the court’s peer only, with a court identity', async () => {
            const held = await gw.app.ledger.evaluate({
                contract: 'casenumber',
                fn: 'get',
                args: [gw.app.pepper.caseKey(p.cases.service)],
                actor: { sub: p.clerk, role: 'clerk', org: 'CourtMSP' },
            });
            expect(JSON.parse(Buffer.from(held).toString('utf8'))).to.deep.include({ caseNumber: p.cases.service });
            // The agency may not ask (and its peer does not hold the collection).
            const refused = await gw.app.ledger
                .evaluate({
                    contract: 'casenumber',
                    fn: 'get',
                    args: [gw.app.pepper.caseKey(p.cases.service)],
                    actor: { sub: p.agency, role: 'agency', org: 'AgencyMSP' },
                })
                .then(
                    () => undefined,
                    (error: unknown) => error,
                );
            expect(refused).to.be.instanceOf(LedgerFailure).and.to.include({ code: 'FORBIDDEN_ROLE' });
        });
    }
});
