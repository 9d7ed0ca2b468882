import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { requireOrSkip } from '../support/environment';
import { startGateway, type Harness } from '../support/gateway-harness';
import { PostgresCluster, postgresBinaries } from '../support/postgres-cluster';
import { eventually } from '../support/eventually';

interface Status {
    openOutages: { component: string; message: string }[];
    outages: { component: string; startedAt: string; endedAt?: string }[];
}

// Embedded ledger only: what fails here is the index database (a private cluster this suite stops); the ledger
// is not under test, and the Fabric ledger's own outage (503 + Retry-After) is in test/fabric/.
requireOrSkip(
    'faults (Art. 40) [embedded ledger, PostgreSQL server stopped mid-run]',
    postgresBinaries(),
    'COURT_LEDGER_REQUIRE_PG',
    () => {
        describe('faults (Art. 40) [embedded ledger, PostgreSQL server stopped mid-run]', function () {
            this.timeout(120_000);
            let cluster: PostgresCluster;
            let gw: Harness;

            before(async () => {
                cluster = new PostgresCluster(30000 + Math.floor(Math.random() * 20000));
                cluster.start();
                gw = await startGateway({ database: 'server', databaseUrl: cluster.url });
            });
            after(async () => {
                await gw.close({ destroy: true });
                cluster.destroy();
            });

            it('answers reads 503 with Retry-After while the database is down, records the outage, still takes items and loses none', async () => {
                const subsystem = gw.auth('subsystem', 'trial');
                const accepted = Array.from({ length: 50 }, () => ({
                    digest: randomBytes(32).toString('hex'),
                    kind: 'file',
                }));
                const before = await gw.app.inject({
                    method: 'POST',
                    url: '/v1/anchors',
                    headers: subsystem,
                    payload: { items: accepted },
                });
                expect(before.statusCode).to.equal(202);

                cluster.stop();
                // The anchoring queue is not in the index: items are still taken while it is down.
                const during = { digest: randomBytes(32).toString('hex'), kind: 'file' };
                const taken = await gw.app.inject({
                    method: 'POST',
                    url: '/v1/anchors',
                    headers: subsystem,
                    payload: { items: [during] },
                });
                expect(taken.statusCode, taken.body).to.equal(202);
                accepted.push(during);
                const refused = await gw.app.inject({ url: '/v1/anchors/batches/b_any', headers: subsystem });
                expect(refused.statusCode).to.equal(503);
                expect(refused.headers['retry-after']).to.match(/^\d+$/);
                expect(refused.json()).to.include({ code: 'UNAVAILABLE', component: 'database' });
                const down = (await gw.app.inject({ url: '/v1/status' })).json<Status>();
                expect(down.openOutages.map((o) => o.component)).to.include('database');
                expect((await gw.app.inject({ url: '/readyz' })).statusCode).to.equal(503);

                cluster.start();
                const recovered = await eventually(async () => {
                    const status = (await gw.app.inject({ url: '/v1/status' })).json<Status>();
                    return status.openOutages.length === 0 ? status : undefined;
                }, 'the outage to end');
                const outage = recovered.outages.find((o) => o.component === 'database');
                expect(outage?.endedAt, 'the outage is recorded with its end').to.be.a('string');

                for (const item of accepted) {
                    await eventually(async () => {
                        const res = await gw.app.inject({
                            url: `/v1/anchors/${item.digest}/receipt`,
                            headers: subsystem,
                        });
                        return res.statusCode === 200 ? true : undefined;
                    }, `the receipt of ${item.digest}`);
                }
            });
        });
    },
);

describe('faults (Art. 40) [embedded ledger, PGlite]: each 503 names the component that failed', function () {
    this.timeout(120_000);
    let gw: Harness;

    before(async () => {
        gw = await startGateway({ database: 'pglite' });
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    async function openOutages(): Promise<string[]> {
        return (await gw.app.inject({ url: '/v1/status' })).json<Status>().openOutages.map((o) => o.component);
    }

    it('the document store failing to read: 503 component document-store, an outage that ends once it reads', async () => {
        const stored = await gw.app.documents.put(Readable.from([randomBytes(1024)]));
        const issued = await gw.app.inject({
            method: 'POST',
            url: '/v1/services',
            headers: gw.auth('clerk', 'clerk-1'),
            payload: {
                caseId: 'F-DOC',
                documentType: 'notice',
                recipient: 'party-doc',
                channel: 'platform',
                addressConfirmed: true,
                documentDigest: stored.sha256,
            },
        });
        expect(issued.statusCode, issued.body).to.equal(201);
        const url = `/v1/services/${issued.json<{ serviceId: string }>().serviceId}/document`;
        // The file becomes unreadable (a directory in its place: EISDIR on read, whoever the process runs as).
        const file = gw.app.documents.pathOf(stored.sha256);
        await rename(file, `${file}.moved`);
        await mkdir(file);
        try {
            const refused = await gw.app.inject({ url, headers: gw.auth('clerk', 'clerk-1') });
            expect(refused.statusCode, refused.body).to.equal(503);
            expect(refused.headers['retry-after']).to.match(/^\d+$/);
            expect(refused.json()).to.include({ code: 'UNAVAILABLE', component: 'document-store' });
            expect(await openOutages()).to.include('document-store');
        } finally {
            await rm(file, { recursive: true });
            await rename(`${file}.moved`, file);
        }
        await eventually(
            async () => ((await openOutages()).includes('document-store') ? undefined : true),
            'the document-store outage to end',
        );
        expect((await gw.app.inject({ url, headers: gw.auth('clerk', 'clerk-1') })).statusCode).to.equal(200);
    });

    it('the ledger gone: 503 component ledger, an open ledger outage', async () => {
        await gw.app.ledger.close();
        const refused = await gw.app.inject({
            method: 'POST',
            url: '/v1/evidence',
            headers: gw.auth('party', 'party-1'),
            payload: { caseId: 'F-LEDGER', digests: { sha256: randomBytes(32).toString('hex') } },
        });
        expect(refused.statusCode, refused.body).to.equal(503);
        expect(refused.headers['retry-after']).to.match(/^\d+$/);
        expect(refused.json()).to.include({ code: 'UNAVAILABLE', component: 'ledger' });
        expect(await openOutages()).to.include('ledger');
    });
});
