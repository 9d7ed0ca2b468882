import { validateDigest } from './digests';
import { LedgerError } from './errors';
import { parseIsoTimestamp } from './time';
import { isAmount } from './validation';

/** The parsed `params` argument of an `act` function: a JSON object whose fields the action names. */
export type ActionParams = Readonly<Record<string, unknown>>;

/** The fields an action takes in `params`. */
export interface ParamSpec {
    readonly required: readonly string[];
    readonly optional?: readonly string[];
}

/**
 * Parses the `params` argument of an `act` function: a JSON object (`{}` for none; the gateway sends canonical
 * JSON) holding exactly the `required` fields and any of the `optional` ones. Throws `INVALID_ARGUMENT` naming
 * `params` (not an object, unknown field) or the missing field.
 */
export function parseActionParams(text: string, spec: ParamSpec): ActionParams {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        throw new LedgerError('INVALID_ARGUMENT', 'params must be a JSON object', 'params');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new LedgerError('INVALID_ARGUMENT', 'params must be a JSON object', 'params');
    }
    const params = parsed as Record<string, unknown>;
    const known = new Set([...spec.required, ...(spec.optional ?? [])]);
    const unknown = Object.keys(params).filter((name) => !known.has(name));
    if (unknown.length > 0) {
        throw new LedgerError('INVALID_ARGUMENT', `params has unknown fields: ${unknown.join(', ')}`, 'params');
    }
    for (const name of spec.required) {
        if (params[name] === undefined) {
            throw new LedgerError('INVALID_ARGUMENT', `params.${name} is required`, name);
        }
    }
    return params;
}

function stringParam(params: ActionParams, name: string): string {
    const value = params[name];
    if (typeof value !== 'string') {
        throw new LedgerError('INVALID_ARGUMENT', `params.${name} must be a string`, name);
    }
    return value;
}

/** `params[name]` as a SHA-256 digest (64 lowercase hex), else `INVALID_DIGEST` naming `name`. */
export function digestParam(params: ActionParams, name: string): string {
    return validateDigest(stringParam(params, name), name);
}

/** `params[name]` as an amount in integer fen (a JSON number, safe integer ≥ 1), else `INVALID_ARGUMENT`. */
export function amountParam(params: ActionParams, name: string): number {
    const value = params[name];
    if (!isAmount(value)) {
        throw new LedgerError('INVALID_ARGUMENT', `params.${name} must be an integer amount in fen ≥ 1`, name);
    }
    return value;
}

/** Like {@link amountParam}, undefined when the field is absent. */
export function optionalAmountParam(params: ActionParams, name: string): number | undefined {
    return params[name] === undefined ? undefined : amountParam(params, name);
}

/** `params[name]` as an ISO 8601 UTC time with milliseconds (`parseIsoTimestamp`), else `INVALID_ARGUMENT`. */
export function timeParam(params: ActionParams, name: string): string {
    return parseIsoTimestamp(stringParam(params, name), name);
}

/** Like {@link timeParam}, undefined when the field is absent. */
export function optionalTimeParam(params: ActionParams, name: string): string | undefined {
    return params[name] === undefined ? undefined : timeParam(params, name);
}

/** `params[name]` as one of `values`, else `INVALID_ARGUMENT` naming `name`. */
export function choiceParam<T extends string>(params: ActionParams, name: string, values: readonly T[]): T {
    const value = stringParam(params, name);
    const found = values.find((known) => known === value);
    if (found === undefined) {
        throw new LedgerError('INVALID_ARGUMENT', `params.${name} must be one of ${values.join(', ')}`, name);
    }
    return found;
}

/** `params[name]` as a string `validate` accepts (it throws otherwise). */
export function validatedParam(params: ActionParams, name: string, validate: (value: string) => string): string {
    return validate(stringParam(params, name));
}
