import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors';

export interface MultipartOptions<T> {
    /** Name of the one file part expected. */
    readonly filePart: string;
    /** Largest file accepted, in bytes (→ 413). */
    readonly uploadLimit: number;
    /** Consumes the file stream (hashing, storing); called once. `file.truncated` tells if the limit cut it. */
    readonly onFile: (file: MultipartFile['file'], meta: { filename: string; mimetype: string }) => Promise<T>;
}

/** A parsed multipart upload: its text fields and what `onFile` made of the file part. */
export interface MultipartUpload<T> {
    readonly fields: Record<string, string>;
    readonly file: T;
    /** The media type the client declared for the file part. */
    readonly mimetype: string;
    /** The file name the client gave the file part (free text: never for the ledger). */
    readonly filename: string;
}

/**
 * Reads a multipart request with exactly one file part (streamed through `onFile`, never buffered here) and
 * any text fields, in whatever order they arrive. A wrong file part is 400, a missing one 400, a file over
 * the limit 413 — each naming the part.
 */
export async function readMultipart<T>(
    request: FastifyRequest,
    options: MultipartOptions<T>,
): Promise<MultipartUpload<T>> {
    const fields: Record<string, string> = {};
    let upload: { file: T; mimetype: string; filename: string } | undefined;
    const { filePart, uploadLimit } = options;
    for await (const part of request.parts({ limits: { fileSize: uploadLimit, files: 1, fields: 16 } })) {
        if (part.type === 'file') {
            if (part.fieldname !== filePart) {
                throw new HttpError(
                    400,
                    'INVALID_ARGUMENT',
                    `unexpected file part "${part.fieldname}"`,
                    part.fieldname,
                );
            }
            const file = await options.onFile(part.file, { filename: part.filename, mimetype: part.mimetype });
            if (part.file.truncated) {
                throw new HttpError(
                    413,
                    'PAYLOAD_TOO_LARGE',
                    `${filePart} exceeds the upload limit of ${uploadLimit} bytes`,
                    filePart,
                );
            }
            upload = { file, mimetype: part.mimetype, filename: part.filename };
        } else if (typeof part.value === 'string') {
            fields[part.fieldname] = part.value;
        }
    }
    if (upload === undefined) {
        throw new HttpError(400, 'INVALID_ARGUMENT', `multipart upload needs a "${filePart}" part`, filePart);
    }
    return { fields, ...upload };
}
