import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';

/** Shared TypeBox schemas: every route declares its params, body and each response with these. */

export const Hex64 = Type.String({
    pattern: '^[0-9a-f]{64}$',
    description: 'hex, 32 bytes (upper-case is accepted and stored lower-case)',
});

/**
 * An integer that must also be finite: Ajv's type coercion turns the strings `"Infinity"` and `"1e999"` into
 * `Infinity` and then skips `maximum`; the `finite` keyword (server-options.ts) refuses them.
 */
export function FiniteInteger(options: { minimum: number; maximum: number; default?: number; description?: string }) {
    return Type.Integer({ ...options, finite: true });
}

/** Years a date in a request may have: 1970–2999 (a `0000-01-01` or `+275760` date is a mistake). */
export const SANE_YEAR_PATTERN = '^(19[7-9][0-9]|2[0-9]{3})-';
/** What the error mapper says when {@link SANE_YEAR_PATTERN} fails. */
export const SANE_DATE_RANGE = 'must be a date from 1970-01-01 to 2999-12-31';

/** Free text without control characters (PostgreSQL refuses NUL; none belong in a reference or a note). */
export const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001f\\u007f]*$';
/** Free text that may span lines (tab, LF, CR) but holds no other control character. */
export const NO_CONTROL_CHARACTERS_BUT_LINES = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$';

export const ErrorResponse = Type.Object(
    {
        code: Type.String({ description: 'stable error code, e.g. INVALID_DIGEST' }),
        message: Type.String(),
        field: Type.Optional(Type.String({ description: 'the request field at fault' })),
        component: Type.Optional(
            Type.Union([Type.Literal('ledger'), Type.Literal('database'), Type.Literal('document-store')], {
                description: 'with 503 UNAVAILABLE: the component that could not answer',
            }),
        ),
    },
    { $id: 'ErrorResponse' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

export const ErrorRef = Type.Ref('ErrorResponse');

export const Digests = Type.Object(
    {
        sha256: Hex64,
        sm3: Type.Optional(Hex64),
    },
    { additionalProperties: false },
);

export const CaseId = Type.String({ minLength: 1, maxLength: 64 });
/** The largest amount accepted, in fen: `Number.MAX_SAFE_INTEGER` (amounts travel as JSON numbers). */
export const MAX_AMOUNT_FEN = Number.MAX_SAFE_INTEGER;
/** Integer fen, 1 … {@link MAX_AMOUNT_FEN}; `"Infinity"` and `"1e999"` are refused. */
export const Amount = FiniteInteger({ minimum: 1, maximum: MAX_AMOUNT_FEN, description: 'integer fen' });
/** Any ISO 8601 date-time with a zone; the gateway normalises it with `new Date(x).toISOString()`. */
export const DateTime = Type.String({
    format: 'date-time',
    pattern: SANE_YEAR_PATTERN,
    description: 'ISO 8601 with a time zone, years 1970–2999',
});

export const ActorRef = Type.Object({ sub: Type.String(), role: Type.String() });

type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

/** A union of string literals that keeps each literal in the static type. */
export function oneOf<const T extends readonly string[]>(values: T): TUnion<Literals<T>> {
    const literals = values.map((value) => Type.Literal(value)) as unknown as Literals<T>;
    return Type.Union(literals) as TUnion<Literals<T>>;
}

/** A principal id (a token's `sub`). */
export const PrincipalId = Type.String({ pattern: '^[A-Za-z0-9._:@-]{1,128}$' });
/** A person's pseudonym on the ledger. */
export const Pseudonym = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'HMAC-SHA256(pepper, sub), hex' });

/** Error responses a public route (no token) can produce: no 401 or 403. */
export const publicErrors = {
    400: ErrorRef,
    413: ErrorRef,
    500: ErrorRef,
    503: ErrorRef,
} as const;

/** Standard error responses most routes can produce. */
export const commonErrors = {
    400: ErrorRef,
    401: ErrorRef,
    403: ErrorRef,
    413: ErrorRef,
    500: ErrorRef,
    503: ErrorRef,
} as const;

/** `?lang=` of a route that also answers a page (`Accept: text/html`): zh-CN by default, `en` switchable. */
export const PageLanguageQuery = Type.Object({
    lang: Type.Optional(Type.String({ maxLength: 16, description: 'page language: zh-CN (default) or en' })),
});
