import path from 'node:path';
import mime from 'mime-types';
import type { SqlExecutor } from '../store/db';

/**
 * What an upload said about its file: the media type and the original name. Both stay with the gateway
 * (table `document_files`, never on the ledger): a file name is free text and may name a person.
 */
export interface DocumentFile {
    /** `type/subtype`, lowercase, no parameters. */
    readonly mediaType: string;
    /** The name as uploaded, cleaned by {@link uploadedFile}; undefined when the upload gave none. */
    readonly fileName: string | undefined;
}

/** The media type of a file nobody described. */
export const UNKNOWN_MEDIA_TYPE = 'application/octet-stream';

/** Longest file name kept, in code points (longer names keep their extension and lose the middle). */
export const MAX_FILE_NAME_LENGTH = 200;

/** A media type as RFC 6838 restricts its names: `type/subtype` of restricted-name characters. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** Controls, format characters (bidi overrides that disguise an extension) and line/paragraph separators. */
const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** A name every client reads from a plain quoted `filename`. */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** An extension worth keeping in an ASCII fallback name: a dot and 1–10 ASCII letters or digits. */
const ASCII_EXTENSION = /^\.[A-Za-z0-9]{1,10}$/;

/**
 * The file name to keep from an upload's `filename`: its last path segment (browsers may send a full path),
 * NFC, without control, format or separator characters, without leading dots and surrounding spaces, at most
 * {@link MAX_FILE_NAME_LENGTH} code points. Undefined when nothing is left.
 */
export function cleanFileName(filename: string | undefined): string | undefined {
    const last = (filename ?? '').split(/[/\\]/).pop() ?? '';
    const cleaned = last.normalize('NFC').replace(UNSAFE_CHARACTERS, '').trim().replace(/^\.+/, '').trim();
    const points = Array.from(cleaned);
    if (points.length <= MAX_FILE_NAME_LENGTH) {
        return cleaned === '' ? undefined : cleaned;
    }
    const extension = Array.from(path.extname(cleaned)).slice(0, 16);
    return [...points.slice(0, MAX_FILE_NAME_LENGTH - extension.length), ...extension].join('');
}

/**
 * What to keep of an uploaded file part (`filename`, `mimetype` as the client declared them): a valid media
 * type (parameters dropped, lowercase) or, when it is missing, malformed or `application/octet-stream`, the
 * type the name's extension implies; and the {@link cleanFileName cleaned} name.
 */
export function uploadedFile(meta: { readonly filename?: string; readonly mimetype?: string }): DocumentFile {
    const fileName = cleanFileName(meta.filename);
    const declared = (meta.mimetype ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const known = MEDIA_TYPE.test(declared) && declared !== UNKNOWN_MEDIA_TYPE ? declared : undefined;
    const implied = fileName === undefined ? false : mime.lookup(fileName);
    return { mediaType: known ?? (implied === false ? UNKNOWN_MEDIA_TYPE : implied), fileName };
}

/**
 * Keeps what an upload said about the document `sha256` of record `owner` (a service id, a letter id). The
 * same record and document again replace it (the latest upload names it).
 */
export async function keepDocumentFile(
    db: SqlExecutor,
    owner: string,
    sha256: string,
    file: DocumentFile,
): Promise<void> {
    await db.query(
        `INSERT INTO document_files (owner, sha256, media_type, file_name) VALUES ($1, $2, $3, $4)
         ON CONFLICT (owner, sha256) DO UPDATE SET media_type = excluded.media_type, file_name = excluded.file_name`,
        [owner, sha256, file.mediaType, file.fileName ?? null],
    );
}

/** What was kept for the document `sha256` of `owner`; undefined when it came without an upload. */
export async function documentFileOf(
    db: SqlExecutor,
    owner: string,
    sha256: string,
): Promise<DocumentFile | undefined> {
    const rows = await db.query<{ media_type: string; file_name: string | null }>(
        'SELECT media_type, file_name FROM document_files WHERE owner = $1 AND sha256 = $2',
        [owner, sha256],
    );
    const row = rows[0];
    return row === undefined ? undefined : { mediaType: row.media_type, fileName: row.file_name ?? undefined };
}

/** The `content-disposition` package: an ES module, so loaded once by a dynamic import from this CommonJS one. */
let createDisposition: Promise<(name: string, options: { fallback: string | boolean }) => string> | undefined;

/** The headers a download is served with. */
export interface DownloadHeaders {
    readonly 'content-type': string;
    readonly 'content-disposition': string;
    readonly 'x-content-type-options': 'nosniff';
}

/**
 * The headers of a download of `file` (undefined: nothing was kept): its media type, and `Content-Disposition:
 * attachment` (RFC 6266, the `content-disposition` package) with the original name: a plain ASCII name as
 * `filename`, any other as `filename*=UTF-8''…` (RFC 5987) beside an ASCII `filename` made of `fallbackName`
 * and the name's extension. Without a name, `fallbackName`
 * and the extension of the media type. `nosniff`, since the media type is what the uploader declared.
 */
export async function downloadHeaders(file: DocumentFile | undefined, fallbackName: string): Promise<DownloadHeaders> {
    createDisposition ??= import('content-disposition').then((module) => module.create);
    const create = await createDisposition;
    const mediaType = file?.mediaType ?? UNKNOWN_MEDIA_TYPE;
    const typeExtension = mime.extension(mediaType);
    const name = file?.fileName ?? (typeExtension === false ? fallbackName : `${fallbackName}.${typeExtension}`);
    const extension = path.extname(name);
    const fallback = PRINTABLE_ASCII.test(name)
        ? true
        : `${fallbackName}${ASCII_EXTENSION.test(extension) ? extension : ''}`;
    return {
        'content-type': mediaType,
        'content-disposition': create(name, { fallback }),
        'x-content-type-options': 'nosniff',
    };
}
