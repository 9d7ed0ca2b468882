import { expect } from 'chai';
import fc from 'fast-check';
import { startGateway, type Harness } from '../support/gateway-harness';
import { postgresServer } from '../support/environment';

/**
 * Fuzzing every route through `inject()`: requests are generated from each route's own schemas (the OpenAPI
 * document the gateway builds from its TypeBox schemas), then mutated (values swapped for junk, `"Infinity"`,
 * `"1e999"`, control characters, unknown fields), with random content types and multipart bodies. Whatever
 * arrives, the answer is never 5xx.
 */

type JsonSchema = Readonly<Record<string, unknown>>;

interface Operation {
    readonly method: string;
    readonly path: string;
    readonly params: readonly { name: string; in: string; required?: boolean; schema: JsonSchema }[];
    readonly body?: JsonSchema;
    readonly multipart: boolean;
}

/** Values that have crashed this gateway before, and their relatives. */
const NASTY: readonly unknown[] = [
    'Infinity',
    '-Infinity',
    '1e999',
    '-1e999',
    'NaN',
    '1e20',
    '0x10',
    '',
    ' ',
    'a\u0000b',
    '\u0000',
    '\u0007bell',
    'line\nbreak',
    '\uFFFF',
    '\uD800',
    '__proto__',
    'constructor',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '+275760-09-13T00:00:00.000Z',
    'A'.repeat(64),
    'é'.repeat(300),
    -1,
    0,
    1.5,
    Number.MAX_SAFE_INTEGER + 2,
    null,
    true,
    [],
    {},
    [1, 2],
    { md5: 'x' },
];

const nasty = fc.constantFrom(...NASTY);

function arbitraryOf(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
    if (schema === undefined || depth > 4) {
        return fc.oneof(nasty, fc.jsonValue({ maxDepth: 2 }));
    }
    const mutated = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
        fc.oneof(
            { arbitrary: valid, weight: 6 },
            { arbitrary: nasty, weight: 2 },
            { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
        );
    if ('const' in schema) {
        return mutated(fc.constant(schema.const));
    }
    if (Array.isArray(schema.enum)) {
        return mutated(fc.constantFrom(...(schema.enum as unknown[])));
    }
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
        const options = schema[key];
        if (Array.isArray(options) && options.length > 0) {
            return fc.oneof(...(options as JsonSchema[]).map((s) => arbitraryOf(s, depth + 1)));
        }
    }
    switch (schema.type) {
        case 'string': {
            const pattern = typeof schema.pattern === 'string' ? schema.pattern : undefined;
            const valid =
                pattern !== undefined
                    ? fc.stringMatching(new RegExp(pattern, 'u'), { size: 'small' })
                    : schema.format === 'date-time'
                      ? fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
                      : fc.string({ unit: 'binary', maxLength: 40 });
            return mutated(valid);
        }
        case 'integer':
        case 'number': {
            const min = typeof schema.minimum === 'number' ? schema.minimum : -1e6;
            const max = typeof schema.maximum === 'number' ? schema.maximum : 1e6;
            return mutated(
                fc.oneof(
                    fc.integer({ min: Math.max(min, -2147483648), max: Math.min(max, 2147483647) }),
                    fc.constant(max),
                ),
            );
        }
        case 'boolean':
            return mutated(fc.boolean());
        case 'array': {
            const items = arbitraryOf(schema.items as JsonSchema | undefined, depth + 1);
            return mutated(fc.array(items, { maxLength: 4 }));
        }
        case 'object': {
            const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
            const required = new Set((schema.required ?? []) as string[]);
            const entries = Object.entries(properties).map(
                ([name, sub]) =>
                    [
                        name,
                        required.has(name)
                            ? fc.option(arbitraryOf(sub, depth + 1), { freq: 10, nil: undefined })
                            : fc.option(arbitraryOf(sub, depth + 1), { freq: 2, nil: undefined }),
                    ] as const,
            );
            const record = fc.record(Object.fromEntries(entries));
            const extra = fc.option(fc.tuple(fc.constantFrom('extra', '__proto__', 'md5', ''), nasty), { freq: 5 });
            return mutated(
                fc.tuple(record, extra).map(([value, more]) => {
                    const clean = Object.fromEntries(
                        Object.entries(value as object).filter(([, v]) => v !== undefined),
                    );
                    return more === null ? clean : { ...clean, [more[0]]: more[1] };
                }),
            );
        }
        default:
            return fc.oneof(nasty, fc.jsonValue({ maxDepth: 2 }));
    }
}

function operationsOf(document: { paths?: Record<string, Record<string, unknown>> }): Operation[] {
    const operations: Operation[] = [];
    for (const [path, methods] of Object.entries(document.paths ?? {})) {
        for (const [method, raw] of Object.entries(methods)) {
            const op = raw as {
                parameters?: Operation['params'];
                requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
                responses?: Record<string, { content?: Record<string, unknown> } | undefined>;
            };
            if ('text/event-stream' in (op.responses?.['200']?.content ?? {})) {
                // A stream (GET /v1/events) is never answered in full; its refusals are tested in
                // notifications.test.ts.
                continue;
            }
            const content = op.requestBody?.content ?? {};
            const body = content['application/json']?.schema;
            operations.push({
                method: method.toUpperCase(),
                path,
                params: op.parameters ?? [],
                ...(body === undefined ? {} : { body }),
                multipart: 'multipart/form-data' in content || path === '/v1/verify',
            });
        }
    }
    return operations;
}

/** Every byte percent-encoded (also lone surrogates, which `encodeURIComponent` refuses). */
function percentEncoded(value: unknown): string {
    return Buffer.from(String(value)).toString('hex').replace(/../g, '%$&');
}

function multipart(fields: Record<string, string>, withFile: string | undefined, boundary: string): Buffer {
    const parts = Object.entries(fields).map(
        ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
    if (withFile !== undefined) {
        parts.push(
            `--${boundary}\r\nContent-Disposition: form-data; name="${withFile}"; filename="f.txt"\r\n` +
                'Content-Type: text/plain\r\n\r\ncontent\r\n',
        );
    }
    return Buffer.from(parts.join('') + `--${boundary}--\r\n`);
}

describe('fuzzing every route: no input makes a 5xx', function () {
    this.timeout(120_000);
    let gw: Harness;
    let operations: Operation[];

    before(async () => {
        // One mode is enough here: the PostgreSQL server when there is one (faster), else PGlite.
        gw = await startGateway({ database: postgresServer().available ? 'server' : 'pglite' });
        operations = operationsOf((gw.app as unknown as { swagger(): never }).swagger());
        expect(operations.length).to.be.greaterThan(20);
    });
    after(async () => {
        await gw.close({ destroy: true });
    });

    const roles = ['party', 'agent', 'clerk', 'judge', 'enforcement', 'subsystem', 'agency'] as const;
    const headersArb = fc.record({
        auth: fc.option(fc.constantFrom(...roles), { freq: 4 }),
        badAuth: fc.constantFrom(undefined, 'Bearer x', 'Basic Zm9v', 'Bearer ', 'Bearer a.b.c'),
        accept: fc.constantFrom(undefined, 'text/html', 'application/json', '*/*', 'x/\u0001'),
    });

    function request(op: Operation) {
        const pathParams = op.params.filter((p) => p.in === 'path');
        const query = op.params.filter((p) => p.in === 'query');
        return fc.record({
            path: fc.tuple(...pathParams.map((p) => arbitraryOf(p.schema))).map((values) => {
                let url = op.path;
                pathParams.forEach((p, i) => {
                    url = url.replace(`{${p.name}}`, percentEncoded(values[i]));
                });
                return url;
            }),
            query: fc.tuple(...query.map((p) => fc.option(arbitraryOf(p.schema), { nil: undefined }))).map((values) =>
                query
                    .map((p, i) => (values[i] === undefined ? '' : `${p.name}=${percentEncoded(values[i])}`))
                    .filter(Boolean)
                    .join('&'),
            ),
            body: arbitraryOf(op.body),
            kind: fc.constantFrom('json', 'json', 'multipart', 'multipart-no-boundary', 'text', 'garbage-json', 'none'),
            fields: fc.dictionary(
                fc.constantFrom('action', 'amount', 'caseId', 'channel', 'validTo', 'recipient'),
                fc.oneof(fc.string(), nasty.map(String)),
                { maxKeys: 3 },
            ),
            file: fc.constantFrom(undefined, 'file', 'document', 'letter', 'other'),
            headers: headersArb,
        });
    }

    it('answers every generated request below 500', async () => {
        const arb = fc.constantFrom(...operations).chain((op) => request(op).map((r) => ({ op, r })));
        await fc.assert(
            fc.asyncProperty(arb, async ({ op, r }) => {
                const headers: Record<string, string> = {};
                if (r.headers.auth !== null) {
                    Object.assign(headers, gw.auth(r.headers.auth, 'fuzz-1'));
                } else if (r.headers.badAuth !== undefined) {
                    headers.authorization = r.headers.badAuth;
                }
                if (r.headers.accept !== undefined) {
                    headers.accept = r.headers.accept;
                }
                let payload: string | Buffer | undefined;
                const hasBody = op.method === 'POST' || op.method === 'PUT';
                if (hasBody) {
                    switch (r.kind) {
                        case 'json':
                            headers['content-type'] = 'application/json';
                            payload = JSON.stringify(r.body ?? null);
                            break;
                        case 'multipart':
                            headers['content-type'] = 'multipart/form-data; boundary=fuzzb';
                            payload = multipart(r.fields, r.file, 'fuzzb');
                            break;
                        case 'multipart-no-boundary':
                            headers['content-type'] = 'multipart/form-data';
                            payload = 'x';
                            break;
                        case 'text':
                            headers['content-type'] = 'text/plain';
                            payload = 'hello';
                            break;
                        case 'garbage-json':
                            headers['content-type'] = 'application/json';
                            payload = '{"a":1e999,"b":';
                            break;
                        default:
                            break;
                    }
                }
                const url = r.query === '' ? r.path : `${r.path}?${r.query}`;
                const res = await gw.app.inject({
                    method: op.method as 'GET' | 'POST',
                    url,
                    headers,
                    ...(payload === undefined ? {} : { payload }),
                });
                expect(
                    res.statusCode,
                    `${op.method} ${url} ${String(payload).slice(0, 200)} → ${res.body}`,
                ).to.be.below(500);
            }),
            { numRuns: 400, seed: 20261129 },
        );
    });

    const amountCases: [string, string, unknown][] = [];
    for (const amount of ['Infinity', '1e999', 1e300]) {
        amountCases.push([
            'pay-fee',
            '/v1/preservations/pa_00000000000000000000000000000000/actions',
            { action: 'pay-fee', amount },
        ]);
        amountCases.push([
            'set-security',
            '/v1/preservations/pa_00000000000000000000000000000000/actions',
            { action: 'set-security', amount },
        ]);
        amountCases.push([
            'amend',
            '/v1/guarantees/lg_00000000000000000000000000000000/actions',
            { action: 'amend', amount, documentDigest: 'a'.repeat(64) },
        ]);
    }
    for (const [action, url, body] of amountCases) {
        it(`refuses ${action} with amount ${JSON.stringify((body as { amount: unknown }).amount)} as 400 naming amount`, async () => {
            const role = action === 'amend' ? 'agency' : action === 'set-security' ? 'clerk' : 'party';
            const res = await gw.app.inject({
                method: 'POST',
                url,
                headers: gw.auth(role, 'x-1'),
                payload: body as object,
            });
            expect(res.statusCode).to.equal(400);
            expect(res.json()).to.include({ code: 'INVALID_ARGUMENT', field: 'amount' });
        });
    }

    for (const limit of ['1e999', 'Infinity']) {
        it(`refuses ?limit=${limit} on a list route with 400 naming limit`, async () => {
            const res = await gw.app.inject({
                url: `/v1/recipients/me/services?limit=${limit}`,
                headers: gw.auth('party', 'p-1'),
            });
            expect(res.statusCode).to.equal(400);
            expect(res.json()).to.include({ code: 'INVALID_ARGUMENT', field: 'limit' });
        });
    }
});
