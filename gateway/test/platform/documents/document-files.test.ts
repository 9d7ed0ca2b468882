import { expect } from 'chai';
import {
    cleanFileName,
    downloadHeaders,
    MAX_FILE_NAME_LENGTH,
    uploadedFile,
} from '../../../src/platform/documents/document-files';

describe('document files: what an upload said about itself, and the download headers', () => {
    it('keeps the last path segment of a name, without controls, format characters or leading dots', () => {
        const table: [string | undefined, string | undefined][] = [
            ['起诉状.pdf', '起诉状.pdf'],
            ['C:\\Users\\张三\\证据一.jpg', '证据一.jpg'],
            ['/home/clerk/summons.pdf', 'summons.pdf'],
            ['a\r\nSet-Cookie: x=1.pdf', 'aSet-Cookie: x=1.pdf'],
            ['invoice\u202Efdp.exe', 'invoicefdp.exe'], // a right-to-left override disguising the extension
            ['  ..hidden.txt ', 'hidden.txt'],
            ['e\u0301.txt', '\u00e9.txt'], // NFC
            ['\u0000\u0007', undefined],
            ['', undefined],
            [undefined, undefined],
        ];
        for (const [given, kept] of table) {
            expect(cleanFileName(given), JSON.stringify(given)).to.equal(kept);
        }
        const long = cleanFileName(`${'长'.repeat(300)}.pdf`);
        expect(Array.from(long ?? '')).to.have.length(MAX_FILE_NAME_LENGTH);
        expect(long?.endsWith('长.pdf')).to.equal(true);
    });

    it('keeps a well-formed declared media type, else the one the extension implies, else octet-stream', () => {
        const table: [string, string, string][] = [
            ['a.pdf', 'application/pdf', 'application/pdf'],
            ['a.pdf', 'Application/PDF; name=x', 'application/pdf'],
            ['a.pdf', 'application/octet-stream', 'application/pdf'],
            ['a.pdf', 'not a type', 'application/pdf'],
            ['a.unknownext', 'application/octet-stream', 'application/octet-stream'],
            ['', 'text/html\r\nx: y', 'application/octet-stream'],
        ];
        for (const [filename, mimetype, mediaType] of table) {
            expect(uploadedFile({ filename, mimetype }).mediaType, `${filename} ${mimetype}`).to.equal(mediaType);
        }
    });

    it('serves attachment with filename, and filename* in UTF-8 beside an ASCII fallback for other names', async () => {
        const ascii = await downloadHeaders({ mediaType: 'application/pdf', fileName: 'summons.pdf' }, 'svc_1');
        expect(ascii).to.deep.equal({
            'content-type': 'application/pdf',
            'content-disposition': 'attachment; filename=summons.pdf', // a token needs no quotes (RFC 6266)
            'x-content-type-options': 'nosniff',
        });
        const chinese = await downloadHeaders({ mediaType: 'application/pdf', fileName: '传票.pdf' }, 'svc_1');
        expect(chinese['content-disposition']).to.equal(
            `attachment; filename=svc_1.pdf; filename*=UTF-8''%E4%BC%A0%E7%A5%A8.pdf`,
        );
        const quoted = await downloadHeaders({ mediaType: 'text/plain', fileName: 'say "hi".txt' }, 'svc_1');
        expect(quoted['content-disposition']).to.equal('attachment; filename="say \\"hi\\".txt"');
        // A name that still held CR LF (cleanFileName removes them) would go percent-encoded, never raw.
        const broken = await downloadHeaders({ mediaType: 'text/plain', fileName: 'a\r\nSet-Cookie: x.txt' }, 'svc_1');
        expect(broken['content-disposition']).to.not.match(/[\r\n]/);
        expect(broken['content-disposition']).to.include("filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x.txt");
        const unnamed = await downloadHeaders({ mediaType: 'image/png', fileName: undefined }, 'svc_1');
        expect(unnamed['content-disposition']).to.equal('attachment; filename=svc_1.png');
        const nothing = await downloadHeaders(undefined, 'svc_1');
        expect(nothing['content-type']).to.equal('application/octet-stream');
        expect(nothing['content-disposition']).to.equal('attachment; filename=svc_1.bin');
    });
});
