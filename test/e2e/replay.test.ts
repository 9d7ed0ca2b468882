import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import pino from 'pino';
import { rebuildGatewayIndex } from '@court-ledger/gateway/dist/src/cli/index-rebuild';
import { PROJECTED_TABLES, projectionSnapshot } from '@court-ledger/gateway/dist/test/platform/store/snapshot';
import { createAgreement, signer } from '../support/enforcement';
import { eventually } from '../support/eventually';
import { enrol } from '../support/cases';
import { startGateway, type Harness } from '../support/gateway-harness';
import { dropIndex } from '../support/index-db';
import { forEachMode } from '../support/modes';
import { multipartBody } from '../support/multipart';

const CASE = '(2026)京0491民初99号';
const DAY = 24 * 3600 * 1000;

function unique(prefix: string): string {
    return `${prefix}-${randomBytes(6).toString('hex')}`;
}

function sha256(data: Buffer | string): string {
    return createHash('sha256').update(data).digest('hex');
}

/** POSTs JSON and expects `status`; returns the body. */
async function post<T>(gw: Harness, url: string, headers: Record<string, string>, payload: object, status: number) {
    const res = await gw.app.inject({ method: 'POST', url, headers, payload });
    expect(res.statusCode, `${url}: ${res.body}`).to.equal(status);
    return res.json<T>();
}

/** Writes through every feature: evidence and custody, anchors, a service with events and a key, guarantees. */
async function useEveryFeature(gw: Harness, recipient: string): Promise<void> {
    const partySub = unique('party');
    const applicant = unique('party');
    await enrol(gw, CASE, [{ sub: partySub }, { sub: applicant }]);
    const policy = await gw.app.inject({
        method: 'PUT',
        url: '/v1/case-types/civil/policy',
        headers: gw.auth('judge', 'judge-1'),
        payload: { selfRegistration: false },
    });
    expect(policy.statusCode, policy.body).to.equal(200);
    const party = gw.auth('party', partySub);
    const evidence = await post<{ evidenceId: string }>(
        gw,
        '/v1/evidence',
        party,
        { caseId: CASE, digests: { sha256: sha256(randomBytes(16)) } },
        201,
    );
    await post(
        gw,
        `/v1/evidence/${evidence.evidenceId}/custody`,
        gw.auth('clerk', 'clerk-1'),
        { event: 'exchange', note: 'exchanged at the pre-trial meeting' },
        200,
    );

    const items = [0, 1, 2].map(() => ({ digest: randomBytes(32).toString('hex'), kind: 'transcript' }));
    await post(gw, '/v1/anchors', gw.auth('subsystem', 'trial'), { items }, 202);
    await gw.app.batcher.flush();
    await eventually(async () => ((await gw.app.pendingItems?.()) === 0 ? true : undefined), 'anchored items');

    const form = multipartBody(
        {
            caseId: CASE,
            documentType: 'summons',
            recipient,
            channel: 'platform',
            address: `${recipient}@example.org`,
            addressConfirmed: 'true',
        },
        { name: 'document', filename: 'summons.pdf', content: randomBytes(2_000), contentType: 'application/pdf' },
    );
    const issued = await gw.app.inject({
        method: 'POST',
        url: '/v1/services',
        headers: { ...gw.auth('clerk', 'clerk-1'), ...form.headers },
        payload: form.payload,
    });
    expect(issued.statusCode, issued.body).to.equal(201);
    const { serviceId, recipientPseudonym } = issued.json<{ serviceId: string; recipientPseudonym: string }>();
    const read = await gw.app.inject({ url: `/v1/services/${serviceId}`, headers: gw.auth('party', recipient) });
    expect(read.statusCode, read.body).to.equal(200);
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await post(gw, `/v1/recipients/${recipientPseudonym}/keys`, gw.auth('clerk', 'clerk-1'), { publicKeyPem }, 201);

    const application = await post<{ applicationId: string }>(
        gw,
        '/v1/preservations',
        gw.auth('party', applicant),
        { caseId: CASE, respondent: unique('respondent'), amount: 1_000_000, propertyDigest: sha256('property') },
        201,
    );
    const letter = await post<{ letterId: string }>(
        gw,
        '/v1/guarantees',
        gw.auth('party', applicant),
        {
            applicationId: application.applicationId,
            agency: 'agency-a',
            amount: 500_000,
            validFrom: new Date(Date.now() - 60_000).toISOString(),
            validTo: new Date(Date.now() + 365 * DAY).toISOString(),
        },
        201,
    );
    await post(
        gw,
        `/v1/guarantees/${letter.letterId}/actions`,
        gw.auth('agency', 'agency-a'),
        { action: 'approve' },
        200,
    );
    await useEnforcement(gw);
}

/** Enforcement: a case with a step, and a performance agreement with a payment. */
async function useEnforcement(gw: Harness): Promise<void> {
    const officer = gw.auth('enforcement', 'enf-1');
    const caseId = '(2026)京0491执99号';
    const basis = { documentType: 'judgment', sha256: sha256('judgment') };
    const opened = { caseId, basis, creditor: unique('creditor'), debtor: unique('debtor'), amountDue: 1_000 };
    await post(gw, '/v1/enforcement/cases', officer, { ...opened, deadline: new Date().toISOString() }, 201);
    const payment = { step: 'payment-in', amount: 400, source: 'debtor' };
    await post(gw, `/v1/enforcement/cases/${encodeURIComponent(caseId)}/steps`, officer, payment, 200);
    const agreementId = '(2026)京0491民调99号';
    const instalments = [{ dueAt: new Date(Date.now() + 30 * DAY).toISOString(), amount: 500 }];
    const terms = { agreementId, basis, instalments, graceDays: 3 };
    await createAgreement(gw, terms, await signer(gw, 'creditor'), await signer(gw, 'debtor'));
    await post(
        gw,
        `/v1/enforcement/agreements/${encodeURIComponent(agreementId)}/payments`,
        officer,
        { amount: 100 },
        200,
    );
}

/** Waits until the index has projected every block of the ledger. */
async function projectedAll(gw: Harness): Promise<void> {
    await eventually(async () => {
        const height = (await gw.app.ledger.health()).height ?? 0;
        return gw.app.projector.blockHeight >= height - 1 ? true : undefined;
    }, 'the projector at the ledger height');
}

/** An inbox body without the event notes (`detail`), which are not on the ledger. */
function withoutNotes(body: string): string {
    return JSON.stringify(JSON.parse(body, (key, value: unknown) => (key === 'detail' ? undefined : value)));
}

forEachMode('index replay', (mode) => {
    it('drops the index, replays from block 0 and gets identical rows for every feature', async function () {
        this.timeout(240_000);
        const recipient = unique('recipient');
        let gw = await startGateway({
            database: mode.database,
            ledger: mode.ledger,
            env: { ANCHOR_INTERVAL_MS: '3600000' },
        });
        try {
            await useEveryFeature(gw, recipient);
            await projectedAll(gw);
            const before = await projectionSnapshot(gw.app.index.db);
            for (const table of PROJECTED_TABLES) {
                expect(before[table], `rows in ${table}`).to.not.deep.equal([]);
            }
            const inbox = await gw.app.inject({
                url: '/v1/recipients/me/services',
                headers: gw.auth('party', recipient),
            });
            expect(inbox.json<{ services: unknown[] }>().services).to.have.length(1);
            await gw.close();

            await dropIndex(gw);
            await rebuildGatewayIndex(gw.config, pino({ level: 'silent' }));
            gw = await startGateway({
                database: mode.database,
                ledger: mode.ledger,
                dataDir: gw.dataDir,
                databaseUrl: gw.databaseUrl,
            });
            await gw.app.projector.whenCaughtUp();
            expect(await projectionSnapshot(gw.app.index.db)).to.deep.equal(before);
            // The recipient's inbox comes back from the ledger alone (keyed by pseudonym).
            const rebuilt = await gw.app.inject({
                url: '/v1/recipients/me/services',
                headers: gw.auth('party', recipient),
            });
            expect(rebuilt.statusCode).to.equal(200);
            // Event notes are free text kept off the ledger (off_chain_texts, gateway-local): a dropped database
            // loses them, the ledger keeps their salted digests.
            expect(withoutNotes(rebuilt.body)).to.equal(withoutNotes(inbox.body));
        } finally {
            await gw.close({ destroy: true });
        }
    });
});
