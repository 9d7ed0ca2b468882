import { GUARANTEE_ACTION_PARAMS, PRESERVATION_ACTION_PARAMS, type ParamSpec } from '@court-ledger/chaincode';
import { HttpError } from '../../platform/http/errors';
import type { GuaranteeActionBody, PreservationActionBody } from './schemas';

/** Fields holding times: normalised to the ledger's one spelling (UTC, milliseconds). */
const TIME_FIELDS: ReadonlySet<string> = new Set(['until', 'validTo', 'validFrom']);

/** `new Date(x).toISOString()`: the one spelling of an instant the chaincode accepts (400 if not a time). */
export function normaliseTime(value: string, field: string): string {
    const time = new Date(value);
    if (Number.isNaN(time.getTime())) {
        throw new HttpError(400, 'INVALID_ARGUMENT', `${field} is not an ISO 8601 time`, field);
    }
    return time.toISOString();
}

/**
 * The `params` object of an `act` call from a request body `{action, …fields}`: exactly the fields the
 * chaincode's table (`spec`) names for the action, times normalised. A field the action does not take, or a
 * missing required one, is 400 `INVALID_ARGUMENT` naming it — before anything is submitted.
 */
export function actionParams(
    body: Readonly<Record<string, unknown>> & { readonly action: string },
    spec: ParamSpec,
): Record<string, unknown> {
    const known = new Set([...spec.required, ...(spec.optional ?? [])]);
    const params: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(body)) {
        if (field === 'action' || value === undefined) {
            continue;
        }
        if (!known.has(field)) {
            throw new HttpError(400, 'INVALID_ARGUMENT', `action ${body.action} takes no ${field}`, field);
        }
        params[field] = TIME_FIELDS.has(field) && typeof value === 'string' ? normaliseTime(value, field) : value;
    }
    for (const field of spec.required) {
        if (params[field] === undefined) {
            throw new HttpError(400, 'INVALID_ARGUMENT', `action ${body.action} needs ${field}`, field);
        }
    }
    return params;
}

/** The `params` of `preservation:act` (see {@link actionParams}; the chaincode's PRESERVATION_ACTION_PARAMS). */
export function preservationParams(body: PreservationActionBody): Record<string, unknown> {
    return actionParams(body, PRESERVATION_ACTION_PARAMS[body.action]);
}

/** The `params` of `guarantee:act` (see {@link actionParams}; the chaincode's GUARANTEE_ACTION_PARAMS). */
export function guaranteeParams(body: GuaranteeActionBody): Record<string, unknown> {
    return actionParams(body, GUARANTEE_ACTION_PARAMS[body.action]);
}
