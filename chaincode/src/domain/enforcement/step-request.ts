/** Parsing of a step request `{step, …fields}` (the body of `POST /v1/enforcement/cases/{id}/steps`). */
import {
    choiceParam,
    digestParam,
    parseActionParams,
    timeParam,
    type ActionParams,
    type ParamSpec,
} from '../shared/action-params';
import { LedgerError } from '../shared/errors';
import { validateServiceId } from '../service/service-validation';
import { validatePseudonym } from '../shared/validation';
import {
    AUCTION_OUTCOMES,
    CONCLUSION_KINDS,
    CONTROL_MEASURES,
    OVER_CONTROL_REASONS,
    PAYMENT_SOURCES,
    PROPERTY_KINDS,
    RESTRICTION_LIFT_REASONS,
    STEP_KINDS,
    TRUST_BREAKING_REASONS,
    TRUST_BREAKING_REMOVALS,
    VALUATION_METHODS,
    type StepDetail,
    type StepKind,
} from './model';
import { parseFen } from './money';

/** Release reasons an officer may give; `performed-in-full` and `case-concluded` are only emitted automatically. */
export const REQUESTED_RELEASE_REASONS = ['officer-decision', 'over-control', 'objection-upheld'] as const;

/** Longest control term or renewal asked for, in days (the longest lawful term is 3 years). */
export const MAX_TERM_DAYS = 3 * 366;

/** The fields each step takes besides `step`. */
export const STEP_PARAMS: Readonly<Record<StepKind, ParamSpec>> = {
    notice: { required: ['serviceId'] },
    'property-inquiry': { required: ['sources', 'resultsSha256'] },
    control: {
        required: ['propertyKind', 'itemSha256', 'value', 'measure', 'termDays'],
        optional: ['overControlReason'],
    },
    'renew-control': { required: ['controlNo', 'termDays'] },
    release: { required: ['controlNo', 'reason'], optional: ['value'] },
    valuation: { required: ['controlNo', 'method', 'referencePrice', 'reportSha256'] },
    'auction-listed': { required: ['controlNo', 'round', 'reserve', 'deposit', 'startAt', 'announcedAt'] },
    'auction-result': { required: ['controlNo', 'outcome'], optional: ['price', 'buyerPseudonym'] },
    'sale-at-price': { required: ['controlNo', 'price', 'buyerPseudonym'] },
    'payment-in': { required: ['amount'], optional: ['source'] },
    payout: { required: ['amount', 'payeePseudonym'] },
    'trust-breaking-add': { required: ['reason'], optional: ['extensionYears'] },
    'trust-breaking-remove': { required: ['reason'] },
    'consumption-restriction-add': { required: ['orderSha256'] },
    'consumption-restriction-remove': { required: ['reason'] },
    conclude: { required: ['kind', 'documentSha256'] },
};

function integer(params: ActionParams, name: string, min: number, max: number): number {
    const value = params[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
        throw new LedgerError('INVALID_ARGUMENT', `${name} must be an integer from ${min} to ${max}`, name);
    }
    return value;
}

function text(params: ActionParams, name: string): string {
    const value = params[name];
    if (typeof value !== 'string') {
        throw new LedgerError('INVALID_ARGUMENT', `${name} must be a string`, name);
    }
    return value;
}

/** Most sources one property inquiry names. */
export const MAX_INQUIRY_SOURCES = 32;

const SOURCE_PATTERN = /^[a-z0-9._-]{1,64}$/;

function sources(params: ActionParams): string[] {
    const value = params.sources;
    const valid =
        Array.isArray(value) &&
        value.length >= 1 &&
        value.length <= MAX_INQUIRY_SOURCES &&
        value.every((item) => typeof item === 'string' && SOURCE_PATTERN.test(item)) &&
        new Set(value).size === value.length;
    if (!valid) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            `sources must be 1-${MAX_INQUIRY_SOURCES} distinct names of [a-z0-9._-] (e.g. bank, real-estate-registry)`,
            'sources',
        );
    }
    return value as string[];
}

const controlNo = (params: ActionParams): number => integer(params, 'controlNo', 1, 10_000);
const termDays = (params: ActionParams): number => integer(params, 'termDays', 1, MAX_TERM_DAYS);
const pseudonym = (params: ActionParams, name: string): string => validatePseudonym(text(params, name), name);

/**
 * Parses a step request: a JSON object with `step` (one of {@link STEP_KINDS}) and exactly the fields
 * {@link STEP_PARAMS} names. Amounts are integer fen (`parseFen`); digests `INVALID_DIGEST`; everything else
 * `INVALID_ARGUMENT` naming the field. Only the shape is checked here; the rules are applied by `applyStep`.
 */
export function parseStepRequest(json: string): StepDetail {
    const { step: kind } = parseActionParams(json, { required: ['step'], optional: allFieldNames() });
    const step = choiceParam({ step: kind }, 'step', STEP_KINDS);
    const spec = STEP_PARAMS[step];
    const p = parseActionParams(json, { required: ['step', ...spec.required], optional: spec.optional ?? [] });
    switch (step) {
        case 'notice':
            return { step, serviceId: validateServiceId(text(p, 'serviceId')) };
        case 'property-inquiry':
            return { step, sources: sources(p), resultsSha256: digestParam(p, 'resultsSha256') };
        case 'control': {
            const base = {
                step,
                propertyKind: choiceParam(p, 'propertyKind', PROPERTY_KINDS),
                itemSha256: digestParam(p, 'itemSha256'),
                value: parseFen(p.value, 'value'),
                measure: choiceParam(p, 'measure', CONTROL_MEASURES),
                termDays: termDays(p),
            };
            return p.overControlReason === undefined
                ? base
                : { ...base, overControlReason: choiceParam(p, 'overControlReason', OVER_CONTROL_REASONS) };
        }
        case 'renew-control':
            return { step, controlNo: controlNo(p), termDays: termDays(p) };
        case 'release': {
            const base = { step, controlNo: controlNo(p), reason: choiceParam(p, 'reason', REQUESTED_RELEASE_REASONS) };
            return p.value === undefined ? base : { ...base, value: parseFen(p.value, 'value') };
        }
        case 'valuation':
            return {
                step,
                controlNo: controlNo(p),
                method: choiceParam(p, 'method', VALUATION_METHODS),
                referencePrice: parseFen(p.referencePrice, 'referencePrice'),
                reportSha256: digestParam(p, 'reportSha256'),
            };
        case 'auction-listed':
            return {
                step,
                controlNo: controlNo(p),
                round: integer(p, 'round', 1, 100),
                reserve: parseFen(p.reserve, 'reserve'),
                deposit: parseFen(p.deposit, 'deposit'),
                startAt: timeParam(p, 'startAt'),
                announcedAt: timeParam(p, 'announcedAt'),
            };
        case 'auction-result':
            return parseAuctionResult(p);
        case 'sale-at-price':
            return {
                step,
                controlNo: controlNo(p),
                price: parseFen(p.price, 'price'),
                buyerPseudonym: pseudonym(p, 'buyerPseudonym'),
            };
        case 'payment-in':
            return {
                step,
                amount: parseFen(p.amount, 'amount'),
                source: p.source === undefined ? 'debtor' : choiceParam(p, 'source', PAYMENT_SOURCES),
            };
        case 'payout':
            return { step, amount: parseFen(p.amount, 'amount'), payeePseudonym: pseudonym(p, 'payeePseudonym') };
        case 'trust-breaking-add': {
            const base = { step, reason: choiceParam(p, 'reason', TRUST_BREAKING_REASONS) };
            return p.extensionYears === undefined
                ? base
                : { ...base, extensionYears: integer(p, 'extensionYears', 1, 3) };
        }
        case 'trust-breaking-remove':
            return { step, reason: choiceParam(p, 'reason', TRUST_BREAKING_REMOVALS) };
        case 'consumption-restriction-add':
            return { step, orderSha256: digestParam(p, 'orderSha256') };
        case 'consumption-restriction-remove':
            return { step, reason: choiceParam(p, 'reason', RESTRICTION_LIFT_REASONS) };
        case 'conclude':
            return {
                step,
                kind: choiceParam(p, 'kind', CONCLUSION_KINDS),
                documentSha256: digestParam(p, 'documentSha256'),
            };
    }
}

function parseAuctionResult(p: ActionParams): StepDetail {
    const outcome = choiceParam(p, 'outcome', AUCTION_OUTCOMES);
    const base = { step: 'auction-result', controlNo: controlNo(p), outcome } as const;
    if (outcome !== 'sold') {
        if (p.price !== undefined || p.buyerPseudonym !== undefined) {
            throw new LedgerError('INVALID_ARGUMENT', `an ${outcome} result has no price or buyer`, 'price');
        }
        return base;
    }
    if (p.price === undefined || p.buyerPseudonym === undefined) {
        throw new LedgerError('INVALID_ARGUMENT', 'a sold result needs price and buyerPseudonym', 'price');
    }
    return { ...base, price: parseFen(p.price, 'price'), buyerPseudonym: pseudonym(p, 'buyerPseudonym') };
}

function allFieldNames(): string[] {
    return [...new Set(Object.values(STEP_PARAMS).flatMap((spec) => [...spec.required, ...(spec.optional ?? [])]))];
}
