import type { PreservationRecord } from '../preservation/model';
import { effectiveStatus } from './guarantee-lifecycle';
import {
    COURT_CHECK_CONDITIONS,
    type CheckCondition,
    type CourtCheckCondition,
    type GuaranteeCheck,
    type GuaranteeRecord,
} from './model';

function condition(name: CourtCheckCondition, ok: boolean, detail: string): CheckCondition {
    return { name, ok, detail };
}

function letterConditions(letter: GuaranteeRecord, application: PreservationRecord, at: string): CheckCondition[] {
    const { status } = letter;
    const bound = letter.applicationId === application.applicationId;
    const chosen = application.guaranteeLetterId === letter.letterId;
    const security = application.securityRequired;
    return [
        condition('exists', true, `letter ${letter.letterId}`),
        condition('issued', status === 'issued' || status === 'amended', `status ${status}`),
        condition('not-cancelled', status !== 'cancelled', `status ${status}`),
        condition('not-released', status !== 'released', `status ${status}`),
        condition('not-claimed', status !== 'claimed' && status !== 'settled', `status ${status}`),
        condition(
            'not-expired',
            effectiveStatus(letter, at) !== 'expired',
            `valid ${letter.validFrom} to ${letter.validTo}, checked at ${at}`,
        ),
        condition(
            'bound-to-application',
            bound && chosen,
            !bound
                ? `letter is for ${letter.applicationId}`
                : chosen
                  ? `bound to ${application.applicationId}`
                  : `application ${application.applicationId} has not bound this letter`,
        ),
        condition(
            'covers-security',
            security !== undefined && letter.amount >= security,
            security === undefined
                ? 'the court has not set the security'
                : `amount ${letter.amount} ${letter.amount >= security ? '≥' : '<'} security ${security} (fen)`,
        ),
    ];
}

/**
 * The court's check of a letter of guarantee against a preservation application at `at` (the query's
 * transaction time): every condition of {@link COURT_CHECK_CONDITIONS} with whether it holds and why; `ok`
 * when all hold. A missing letter fails every condition. `not-claimed` also fails for a settled letter;
 * `not-expired` uses {@link effectiveStatus}; `bound-to-application` needs the letter to be for this
 * application and the application's `guaranteeLetterId` to be this letter; `covers-security` needs the
 * security set and amount ≥ security.
 */
export function courtCheck(
    letter: GuaranteeRecord | undefined,
    application: PreservationRecord,
    at: string,
): GuaranteeCheck {
    const conditions =
        letter === undefined
            ? COURT_CHECK_CONDITIONS.map((name) => condition(name, false, 'no such letter'))
            : letterConditions(letter, application, at);
    return { ok: conditions.every((entry) => entry.ok), conditions };
}
