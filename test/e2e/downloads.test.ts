/**
 * Downloads carry the uploaded file's media type and name (issue #11, item 6): `Content-Disposition:
 * attachment` per RFC 6266 with `filename*=UTF-8''…` (RFC 5987) for a Chinese name, and a name written to
 * break out of the header (quotes, CR LF) stays a name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { startGateway, type Harness } from '../support/gateway-harness';
import { forEachMode } from '../support/modes';
import { multipartBody } from '../support/multipart';

function unique(prefix: string): string {
    return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** The file name a `Content-Disposition` header gives (`filename*` preferred), parsed by the same package. */
async function filenameOf(header: string | undefined): Promise<string | undefined> {
    const { parse } = await import('content-disposition');
    expect(header).to.be.a('string');
    const { type, parameters } = parse(header ?? '');
    expect(type).to.equal('attachment');
    return parameters.filename;
}

forEachMode('downloads: media type and file name', (mode) => {
    let gw: Harness;
    const recipient = unique('download-recipient');

    before(async () => {
        gw = await startGateway({ database: mode.database, ledger: mode.ledger });
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    type Upload = { filename: string; contentType?: string; filenameParameter?: string };

    /** `POST /v1/services` of `content` uploaded as `file` to {@link recipient}, as a clerk. */
    function issue(file: Upload, content: Buffer) {
        const fields = { documentType: 'judgment', recipient, channel: 'platform', addressConfirmed: 'true' };
        const caseId = `(2026)京0491民初${randomBytes(3).readUIntBE(0, 3)}号`;
        const form = multipartBody({ caseId, ...fields }, { name: 'document', content, ...file });
        const headers = { ...gw.auth('clerk', 'clerk-1'), ...form.headers };
        return gw.app.inject({ method: 'POST', url: '/v1/services', headers, payload: form.payload });
    }

    /** {@link issue}, expecting 201; returns the service id. */
    async function serve(file: Upload, content: Buffer): Promise<string> {
        const res = await issue(file, content);
        expect(res.statusCode, res.body).to.equal(201);
        return res.json<{ serviceId: string }>().serviceId;
    }

    function download(serviceId: string) {
        return gw.app.inject({ url: `/v1/services/${serviceId}/document`, headers: gw.auth('party', recipient) });
    }

    it('round-trips a Chinese file name (filename* in UTF-8, an ASCII fallback) with the uploaded media type', async () => {
        const name = '民事判决书（2026）第12号.pdf';
        const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4_000)]);
        const id = await serve({ filename: name, contentType: 'application/pdf' }, content);
        const res = await download(id);
        expect(res.statusCode, res.body.slice(0, 200)).to.equal(200);
        expect(res.rawPayload.equals(content)).to.equal(true);
        expect(res.headers['content-type']).to.equal('application/pdf');
        expect(res.headers['x-content-type-options']).to.equal('nosniff');
        const header = res.headers['content-disposition'] as string;
        expect(header).to.equal(`attachment; filename=${id}.pdf; filename*=UTF-8''${encodeURIComponent(name)}`);
        expect(await filenameOf(header)).to.equal(name);
    });

    it('keeps a name with quotes and CR LF a name: no header is injected', async () => {
        const content = randomBytes(1_000);
        // Quotes and a parameter of its own inside the name (RFC 5987-encoded, as a client may send it).
        const quoted = 'a"; filename="evil.html"; x=".pdf';
        const id = await serve(
            {
                filename: '',
                contentType: 'application/pdf',
                filenameParameter: `filename*=UTF-8''${encodeURIComponent(quoted)}`,
            },
            content,
        );
        const res = await download(id);
        expect(res.statusCode, res.body.slice(0, 200)).to.equal(200);
        const header = res.headers['content-disposition'] as string;
        expect(await filenameOf(header)).to.equal(quoted);
        expect(res.rawPayload.equals(content)).to.equal(true);

        // CR LF in a file name: the upload has no file part (the multipart parser drops it), nothing is served.
        const crlf = encodeURIComponent('a.pdf\r\nSet-Cookie: stolen=1');
        const refused = await issue({ filename: '', filenameParameter: `filename*=UTF-8''${crlf}` }, content);
        expect(refused.statusCode, refused.body).to.equal(400);
        expect(refused.headers['set-cookie']).to.equal(undefined);
        expect(refused.json()).to.include({ code: 'INVALID_ARGUMENT', field: 'document' });
    });

    it('names a document that came without an upload after its record, and guesses no extension it cannot know', async () => {
        const content = randomBytes(2_000);
        await serve({ filename: 'first.pdf', contentType: 'application/pdf' }, content);
        const res = await gw.app.inject({
            method: 'POST',
            url: '/v1/services',
            headers: gw.auth('clerk', 'clerk-1'),
            payload: {
                caseId: '(2026)京0491民初1号',
                documentType: 'judgment',
                recipient,
                channel: 'platform',
                addressConfirmed: true,
                documentDigest: createHash('sha256').update(content).digest('hex'),
            },
        });
        expect(res.statusCode, res.body).to.equal(201);
        const id = res.json<{ serviceId: string }>().serviceId;
        const again = await download(id);
        expect(again.statusCode).to.equal(200);
        // Another record's upload does not name it: file names are the uploader's, per record.
        expect(again.headers['content-type']).to.equal('application/octet-stream');
        expect(again.headers['content-disposition']).to.equal(`attachment; filename=${id}.bin`);
    });

    it('takes the media type from the extension when the client declared none', async () => {
        const id = await serve(
            { filename: 'C:\\Users\\clerk\\传票.docx', contentType: 'application/octet-stream' },
            randomBytes(500),
        );
        const res = await download(id);
        expect(res.headers['content-type']).to.equal(
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        );
        expect(await filenameOf(res.headers['content-disposition'])).to.equal('传票.docx');
    });
});
