import type { GuaranteeRecord } from '../domain/guarantee/model';
import type { PreservationRecord } from '../domain/preservation/model';
import { LedgerError } from '../domain/shared/errors';
import type { CourtContext } from './court-context';

/**
 * Composite-key object types of preservation applications (`preservation`/[applicationId]) and letters of
 * guarantee (`guarantee`/[letterId]). Both contracts read each other's records through this module (one
 * chaincode, one namespace).
 */
export const PRESERVATION_KEYS = {
    application: 'preservation',
    letter: 'guarantee',
} as const;

/** A record and the state key it lives under. */
export interface Stored<T> {
    readonly key: string;
    readonly record: T;
}

/** The state key of application `applicationId`. */
export function applicationKey(ctx: CourtContext, applicationId: string): string {
    return ctx.key(PRESERVATION_KEYS.application, [applicationId]);
}

/** The state key of letter `letterId` (the key its key-level endorsement policy is set on). */
export function letterKey(ctx: CourtContext, letterId: string): string {
    return ctx.key(PRESERVATION_KEYS.letter, [letterId]);
}

/** Reads application `applicationId`; `APPLICATION_NOT_FOUND` when absent. */
export async function loadApplication(ctx: CourtContext, applicationId: string): Promise<Stored<PreservationRecord>> {
    const key = applicationKey(ctx, applicationId);
    const record = await ctx.getJson<PreservationRecord>(key);
    if (record === undefined) {
        throw new LedgerError('APPLICATION_NOT_FOUND', `no preservation application ${applicationId}`, 'applicationId');
    }
    return { key, record };
}

/** Reads letter `letterId`, undefined when absent. */
export async function findLetter(ctx: CourtContext, letterId: string): Promise<GuaranteeRecord | undefined> {
    return ctx.getJson<GuaranteeRecord>(letterKey(ctx, letterId));
}

/** Reads letter `letterId`; `LETTER_NOT_FOUND` when absent. */
export async function loadLetter(ctx: CourtContext, letterId: string): Promise<Stored<GuaranteeRecord>> {
    const key = letterKey(ctx, letterId);
    const record = await ctx.getJson<GuaranteeRecord>(key);
    if (record === undefined) {
        throw new LedgerError('LETTER_NOT_FOUND', `no letter of guarantee ${letterId}`, 'letterId');
    }
    return { key, record };
}
