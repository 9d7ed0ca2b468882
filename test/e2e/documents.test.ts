import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { startGateway, type Harness } from '../support/gateway-harness';
import { multipartBody } from '../support/multipart';

function sha256(data: Buffer): string {
    return createHash('sha256').update(data).digest('hex');
}

describe('uploaded documents [embedded ledger, PGlite]', () => {
    let gw: Harness;

    before(async () => {
        gw = await startGateway({ database: 'pglite' });
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    function serve(content: Buffer, fields: Readonly<Record<string, string>>) {
        const form = multipartBody(
            {
                caseId: 'C-DOC-1',
                documentType: 'summons',
                recipient: 'alice-doc',
                addressConfirmed: 'true',
                ...fields,
            },
            { name: 'document', filename: 'summons.pdf', content, contentType: 'application/pdf' },
        );
        return gw.app.inject({
            method: 'POST',
            url: '/v1/services',
            headers: { ...gw.auth('clerk', 'clerk-1'), ...form.headers },
            payload: form.payload,
        });
    }

    it('stores the document of a refused service (400) nowhere, and that of an issued one', async () => {
        const refusedContent = randomBytes(20_000);
        const refused = await serve(refusedContent, { channel: 'email' }); // e-mail without an address
        expect(refused.statusCode, refused.body).to.equal(400);
        expect(refused.json()).to.include({ field: 'address' });
        const invalid = await serve(refusedContent, { channel: 'carrier-pigeon' }); // fails the schema
        expect(invalid.statusCode, invalid.body).to.equal(400);
        expect(await gw.app.documents.has(sha256(refusedContent))).to.equal(false);
        expect(await readdir(path.join(gw.app.documents.root, 'tmp'))).to.deep.equal([]);

        const servedContent = randomBytes(20_000);
        const served = await serve(servedContent, { channel: 'platform' });
        expect(served.statusCode, served.body).to.equal(201);
        expect(await gw.app.documents.has(sha256(servedContent))).to.equal(true);
        expect(await readdir(path.join(gw.app.documents.root, 'tmp'))).to.deep.equal([]);
    });

    it('removes the temporaries of uploads killed mid-way at the next start', async () => {
        const tmp = path.join(gw.app.documents.root, 'tmp');
        await mkdir(tmp, { recursive: true });
        await writeFile(path.join(tmp, 'killed-upload.part'), randomBytes(1000));
        await gw.close();
        gw = await startGateway({ database: 'pglite', dataDir: gw.dataDir });
        expect(await readdir(tmp)).to.deep.equal([]);
    });
});
