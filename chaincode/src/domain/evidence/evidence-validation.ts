import { createHash } from 'node:crypto';
import { parseDigests } from '../shared/digests';
import { LedgerError } from '../shared/errors';
import { parseDecimalInteger, validateCaseId } from '../shared/validation';
import type { EvidenceDigests } from './model';

/** Evidence ids: `ev_` and 32 lowercase hex characters. */
export const EVIDENCE_ID_PATTERN = /^ev_[0-9a-f]{32}$/;

/**
 * `ev_` + the first 32 hex characters of SHA-256(caseId ‖ 0x00 ‖ sha256 ‖ 0x00 ‖ submitterSub), strings in
 * UTF-8. The same (case, digest, submitter) always gives the same id, which makes submission idempotent.
 * Inputs are expected to be validated already (none of them can contain 0x00).
 */
export function deriveEvidenceId(caseId: string, sha256: string, submitterSub: string): string {
    const hash = createHash('sha256');
    hash.update(caseId, 'utf8');
    hash.update(Buffer.of(0));
    hash.update(sha256, 'utf8');
    hash.update(Buffer.of(0));
    hash.update(submitterSub, 'utf8');
    return `ev_${hash.digest('hex').slice(0, 32)}`;
}

/** Returns `value` if it looks like an evidence id, else throws `INVALID_ARGUMENT` (field `evidenceId`). */
export function validateEvidenceId(value: string): string {
    if (!EVIDENCE_ID_PATTERN.test(value)) {
        throw new LedgerError('INVALID_ARGUMENT', 'evidenceId must be ev_ followed by 32 lowercase hex', 'evidenceId');
    }
    return value;
}

/** `''` → undefined; otherwise a non-negative safe integer in plain decimal (field `size`). */
export function parseOptionalSize(value: string): number | undefined {
    return value === '' ? undefined : parseDecimalInteger(value, 'size', 0);
}

/** RFC 6838 `type/subtype` restricted names, without parameters. */
const MEDIA_TYPE_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * `''` → undefined; otherwise an RFC 6838 `type/subtype` (no parameters), returned in lowercase since media
 * types are case-insensitive. Throws `INVALID_ARGUMENT` (field `mediaType`).
 */
export function parseOptionalMediaType(value: string): string | undefined {
    if (value === '') {
        return undefined;
    }
    const lower = value.toLowerCase();
    if (!MEDIA_TYPE_PATTERN.test(lower)) {
        throw new LedgerError('INVALID_ARGUMENT', 'mediaType must be type/subtype (RFC 6838)', 'mediaType');
    }
    return lower;
}

/** A validated `evidence:submit` request. */
export interface EvidenceSubmission {
    readonly caseId: string;
    readonly digests: EvidenceDigests;
    readonly size?: number;
    readonly mediaType?: string;
}

/** The raw string arguments of `evidence:submit` (`''` = not given). */
export interface SubmitArgs {
    readonly caseId: string;
    readonly sha256: string;
    readonly sm3: string;
    readonly size: string;
    readonly mediaType: string;
}

/** Validates `evidence:submit` arguments (INVALID_ARGUMENT / INVALID_DIGEST naming the field). */
export function parseSubmission(args: SubmitArgs): EvidenceSubmission {
    const caseId = validateCaseId(args.caseId);
    const digests = parseDigests(args.sha256, args.sm3);
    const size = parseOptionalSize(args.size);
    const mediaType = parseOptionalMediaType(args.mediaType);
    return {
        caseId,
        digests,
        ...(size === undefined ? {} : { size }),
        ...(mediaType === undefined ? {} : { mediaType }),
    };
}
