import { PRINCIPAL_ID_PATTERN } from '../shared/actor';
import { LedgerError } from '../shared/errors';
import { CASE_SIDES, type CaseSide, type ParticipantInput } from './model';

/** Case types: 1–32 characters of `[a-z0-9-]`, e.g. `civil-first-instance` (the court's own vocabulary). */
export const CASE_TYPE_PATTERN = /^[a-z0-9-]{1,32}$/;

/** Returns `value` if it is a case type ({@link CASE_TYPE_PATTERN}), else `INVALID_ARGUMENT` (field `caseType`). */
export function validateCaseType(value: string): string {
    if (!CASE_TYPE_PATTERN.test(value)) {
        throw new LedgerError('INVALID_ARGUMENT', 'caseType must be 1-32 characters of [a-z0-9-]', 'caseType');
    }
    return value;
}

/**
 * Returns `value` if it is a participant id: the same shape as `actor.sub` (1–128 characters of
 * `[A-Za-z0-9._:@-]`, which a 64-hex pseudonym also is), else `INVALID_ARGUMENT` naming `field`.
 */
export function validateParticipantId(value: string, field = 'participant'): string {
    if (!PRINCIPAL_ID_PATTERN.test(value)) {
        throw new LedgerError('INVALID_ARGUMENT', `${field} must be 1-128 characters of [A-Za-z0-9._:@-]`, field);
    }
    return value;
}

function isSide(value: string): value is CaseSide {
    return (CASE_SIDES as readonly string[]).includes(value);
}

/**
 * Parses the arguments of `case:addParticipant`: `agentOf` is required with side `agent-of` (and must differ
 * from the participant) and must be `''` with any other side. `INVALID_ARGUMENT` naming the field.
 */
export function parseParticipantInput(participant: string, side: string, agentOf: string): ParticipantInput {
    const id = validateParticipantId(participant);
    if (!isSide(side)) {
        throw new LedgerError('INVALID_ARGUMENT', `side must be one of: ${CASE_SIDES.join(', ')}`, 'side');
    }
    if (side !== 'agent-of') {
        if (agentOf !== '') {
            throw new LedgerError('INVALID_ARGUMENT', 'agentOf is only for side agent-of', 'agentOf');
        }
        return { id, side };
    }
    const principal = validateParticipantId(agentOf, 'agentOf');
    if (principal === id) {
        throw new LedgerError('INVALID_ARGUMENT', 'an agent cannot act for itself', 'agentOf');
    }
    return { id, side, agentOf: principal };
}

/** Parses `selfRegistration` of `case:setPolicy`: `true` or `false`, else `INVALID_ARGUMENT`. */
export function parseSelfRegistration(value: string): boolean {
    if (value !== 'true' && value !== 'false') {
        throw new LedgerError('INVALID_ARGUMENT', 'selfRegistration must be true or false', 'selfRegistration');
    }
    return value === 'true';
}
