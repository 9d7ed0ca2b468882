import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import {
    DocumentIntegrityError,
    DocumentNotFoundError,
    DocumentStore,
    type VerifiedDocument,
} from '../../../src/platform/documents/document-store';

function sha256(data: Buffer): string {
    return createHash('sha256').update(data).digest('hex');
}

async function bytesOf(document: VerifiedDocument): Promise<Buffer> {
    if (Buffer.isBuffer(document.body)) {
        return document.body;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of document.body as AsyncIterable<Buffer>) {
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}

describe('service-of-process: document store', () => {
    let root: string;
    let failures: DocumentIntegrityError[];

    beforeEach(async () => {
        root = await mkdtemp(path.join(os.tmpdir(), 'court-ledger-docs-'));
        failures = [];
    });
    afterEach(async () => {
        await rm(root, { recursive: true, force: true });
    });

    function store(bufferLimit?: number): DocumentStore {
        return new DocumentStore(root, {
            ...(bufferLimit === undefined ? {} : { bufferLimit }),
            onIntegrityFailure: (error) => failures.push(error),
        });
    }

    it('stores content-addressed under sha256/ab/cd/<digest> with SHA-256, SM3 and size, mode 0600', async () => {
        const content = randomBytes(200_000);
        const stored = await store().put(Readable.from([content.subarray(0, 5000), content.subarray(5000)]));
        expect(stored).to.deep.equal({
            sha256: sha256(content),
            sm3: createHash('sm3').update(content).digest('hex'),
            size: content.length,
        });
        const file = path.join(root, 'sha256', stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256);
        expect(store().pathOf(stored.sha256)).to.equal(file);
        expect((await stat(file)).mode & 0o777).to.equal(0o600);
        expect(await readdir(path.join(root, 'tmp'))).to.deep.equal([]);
        expect(await store().has(stored.sha256)).to.equal(true);
    });

    it('reads back verified bytes, buffered and streamed', async () => {
        const content = randomBytes(300_000);
        const { sha256: digest } = await store().put(Readable.from([content]));
        for (const limit of [undefined, 1024]) {
            const document = await store(limit).read(digest);
            expect(Buffer.isBuffer(document.body)).to.equal(limit === undefined);
            expect(sha256(await bytesOf(document))).to.equal(digest);
            expect(document.size).to.equal(content.length);
        }
        expect(failures).to.deep.equal([]);
    });

    it('refuses a tampered file with DocumentIntegrityError and reports it, buffered and streamed', async () => {
        const content = randomBytes(100_000);
        const { sha256: digest } = await store().put(Readable.from([content]));
        const tampered = Buffer.from(content);
        tampered[500] = (tampered[500] ?? 0) ^ 0xff;
        await writeFile(store().pathOf(digest), tampered);
        for (const limit of [undefined, 1024]) {
            let caught: unknown;
            try {
                await store(limit).read(digest);
            } catch (error) {
                caught = error;
            }
            expect(caught).to.be.instanceOf(DocumentIntegrityError);
            expect((caught as DocumentIntegrityError).actual).to.equal(sha256(tampered));
        }
        expect(failures).to.have.length(2);
        let inspected: unknown;
        await store()
            .inspect(digest)
            .catch((error: unknown) => (inspected = error));
        expect(inspected).to.be.instanceOf(DocumentIntegrityError);
    });

    it('cuts a stream short when the file changes after the verifying pass', async () => {
        const content = randomBytes(4 * 1024 * 1024 + 17);
        const { sha256: digest } = await store().put(Readable.from([content]));
        const document = await store(1024).read(digest);
        const altered = Buffer.from(content);
        altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
        await writeFile(store().pathOf(digest), altered);
        let received = 0;
        let caught: unknown;
        try {
            for await (const chunk of document.body as AsyncIterable<Buffer>) {
                received += chunk.length;
            }
        } catch (error) {
            caught = error;
        }
        expect(caught).to.be.instanceOf(DocumentIntegrityError);
        expect(received).to.be.lessThan(content.length);
    });

    it('answers DocumentNotFoundError for an unknown digest', async () => {
        let caught: unknown;
        await store()
            .read(sha256(Buffer.from('nothing')))
            .catch((error: unknown) => (caught = error));
        expect(caught).to.be.instanceOf(DocumentNotFoundError);
        expect(await store().has(sha256(Buffer.from('nothing')))).to.equal(false);
    });

    it('stores nothing when beforeCommit refuses (e.g. a truncated upload)', async () => {
        const content = randomBytes(1000);
        let caught: unknown;
        await store()
            .put(Readable.from([content]), () => {
                throw new Error('too large');
            })
            .catch((error: unknown) => (caught = error));
        expect((caught as Error).message).to.equal('too large');
        expect(await store().has(sha256(content))).to.equal(false);
        expect(await readdir(path.join(root, 'tmp'))).to.deep.equal([]);
    });
});
