import { randomBytes } from 'node:crypto';

/**
 * Builds a multipart/form-data body for `inject()` (fields first, then one file part). The file part's name goes
 * as `filename="…"` (its UTF-8 bytes, as browsers send it), or as `filenameParameter` written verbatim (e.g.
 * `filename*=UTF-8''…`).
 */
export function multipartBody(
    fields: Readonly<Record<string, string>>,
    file?: { name: string; filename: string; content: Buffer; contentType?: string; filenameParameter?: string },
): { payload: Buffer; headers: Record<string, string> } {
    const boundary = `----court-ledger-${randomBytes(8).toString('hex')}`;
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries(fields)) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
    if (file !== undefined) {
        parts.push(
            Buffer.from(
                `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; ` +
                    `${file.filenameParameter ?? `filename="${file.filename}"`}\r\n` +
                    `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
            ),
            file.content,
            Buffer.from('\r\n'),
        );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
