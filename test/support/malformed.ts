import { METHODS } from 'node:http';
import fc from 'fast-check';

/**
 * Generators of malformed HTTP requests for the gateway, driven by its OpenAPI document: every body is
 * invalid by construction (bad JSON, wrong JSON type, or a schema-derived object with at least one
 * violation), every path parameter is invalid or names nothing, and headers and query strings are
 * garbage more often than not. Used by test/property.test.ts.
 */

/** The parts of JSON Schema the gateway's OpenAPI document uses. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One path of the OpenAPI document with its operations (methods upper-case). */
export interface RouteSpec {
  template: string;
  operations: Map<string, OpenApiOperation>;
  /** Path parameters in template order. */
  params: { name: string; schema: JsonSchema }[];
}

const HTTP_VERBS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace'];

/** Every path of the document with its operations. */
export function routesOf(doc: OpenApiDocument): RouteSpec[] {
  return Object.entries(doc.paths).map(([template, item]) => {
    const operations = new Map<string, OpenApiOperation>();
    for (const [verb, op] of Object.entries(item)) {
      if (HTTP_VERBS.includes(verb)) operations.set(verb.toUpperCase(), op);
    }
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
    const params = names.map((name) => {
      for (const op of operations.values()) {
        const found = op.parameters?.find((p) => p.in === 'path' && p.name === name);
        if (found?.schema) return { name, schema: found.schema };
      }
      return { name, schema: { type: 'string' } };
    });
    return { template, operations, params };
  });
}

/** The JSON request-body schema of an operation, if it has one. */
export function bodySchemaOf(op: OpenApiOperation | undefined): JsonSchema | undefined {
  return op?.requestBody?.content['application/json']?.schema;
}

/** Standard methods every path either has or must refuse with 405. */
export const STANDARD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Methods Node's HTTP parser knows but no route uses (fetch forbids CONNECT, TRACE and TRACK). */
export const EXTENSION_METHODS = METHODS.filter(
  (m) => !STANDARD_METHODS.includes(m) && !['CONNECT', 'TRACE', 'TRACK'].includes(m),
);
/** Method tokens that Node's HTTP parser does not know (it answers them itself, before any route). */
export const UNKNOWN_METHODS = ['FOO', 'BREW', 'GETS', 'X-SECRET', 'M-SEARCHX'];

/** What the generators need from the running system. */
export interface Context {
  adminToken: string;
  editorToken: string;
  /** Ids and slugs that exist: path parameters must never name one of them. */
  existing: Set<string>;
  /** Real cursors of lists, to forge from. */
  cursors: string[];
  /** Every request-body schema of the document (for methods a path lacks). */
  bodySchemas: JsonSchema[];
  bodyLimit: number;
}

const built = new WeakMap<Context, Map<string, Map<unknown, unknown>>>();

/** Builds an arbitrary once per context, kind and key: building them (regexes, tokens) costs more than drawing. */
function cached<T>(ctx: Context, kind: string, key: unknown, make: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let kinds = built.get(ctx);
  if (!kinds) built.set(ctx, (kinds = new Map()));
  let store = kinds.get(kind);
  if (!store) kinds.set(kind, (store = new Map()));
  let arbitrary = store.get(key) as fc.Arbitrary<T> | undefined;
  if (!arbitrary) store.set(key, (arbitrary = make()));
  return arbitrary;
}

/** A malformed request as it is sent, with notes on what makes it malformed. */
export interface MalformedRequest {
  method: string;
  /** Path and query, exactly as they go on the wire (already percent-encoded, or deliberately not). */
  path: string;
  headers: Record<string, string>;
  /** Raw body text, sent as bytes so that fetch adds no Content-Type of its own. */
  body: string | undefined;
  /** Whether Accept asked for XML (then problem+xml is acceptable too). */
  xmlAsked: boolean;
  /** A valid X-Request-Id the client sent, which must be echoed. */
  requestId: string | undefined;
  notes: string[];
}

// ---------------------------------------------------------------------------------------------------
// JSON values: valid ones for a schema (the base of a mutation) and invalid ones (the mutation).

const SAFE_KEY = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/);

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

/** The alternatives of a schema (`anyOf`), or the schema itself. */
function alternatives(schema: JsonSchema): JsonSchema[] {
  return schema.anyOf ?? [schema];
}

/** Whether some alternative of the schema takes a value of this JSON type. */
function typeAllowedBySome(schema: JsonSchema, value: Json): boolean {
  return alternatives(schema).some((alternative) => jsonTypeAllowed(alternative, value));
}

function jsonTypeAllowed(schema: JsonSchema, value: Json): boolean {
  const types = typesOf(schema);
  if (types.length === 0) return true;
  if (value === null) return types.includes('null');
  if (Array.isArray(value)) return types.includes('array');
  if (typeof value === 'number')
    return types.includes('number') || (types.includes('integer') && Number.isInteger(value));
  return types.includes(typeof value);
}

/** A value that satisfies the schema (best effort: the mutation, not the base, makes bodies invalid). */
export function validValue(schema: JsonSchema): fc.Arbitrary<Json> {
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...(schema.enum as Json[]));
  const [type] = typesOf(schema);
  switch (type) {
    case 'string': {
      if (schema.format === 'email') return fc.constantFrom('ana@example.com', 'x.y@rcr.test');
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      const min = schema.minLength ?? 0;
      return fc.string({ minLength: min, maxLength: Math.max(min, Math.min(schema.maxLength ?? 24, 24)) });
    }
    case 'integer': {
      const min = Math.max(schema.minimum ?? -1000, (schema.exclusiveMinimum ?? -1001) + 1);
      return fc.integer({ min, max: Math.min(schema.maximum ?? 100_000, 100_000) });
    }
    case 'number': {
      const min = Math.max(schema.minimum ?? -1000, (schema.exclusiveMinimum ?? -1001) + 0.5);
      const max = Math.min(schema.maximum ?? 100_000, 100_000);
      return fc.integer({ min: Math.ceil(min * 10), max: Math.floor(max * 10) }).map((n) => n / 10);
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    case 'object':
      return validObject(schema);
    default:
      return fc.constant('x');
  }
}

function validObject(schema: JsonSchema): fc.Arbitrary<{ [key: string]: Json }> {
  const props = schema.properties ?? {};
  const model = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, validValue(s)]));
  return fc.record(model, {
    requiredKeys: (schema.required ?? []).filter((k) => k in props),
  }) as fc.Arbitrary<{
    [key: string]: Json;
  }>;
}

/** A value with a reason: something the schema must reject. */
interface Invalid {
  value: Json;
  why: string;
}

const WRONG_TYPED: Json[] = ['x', '9', '', 9, -1, 1.5, 0, true, false, null, [], [1], {}, { a: 1 }];

/** A value the schema rejects: wrong JSON type, out of range, too long or short, not in the enum… */
export function invalidValue(schema: JsonSchema, depth = 0): fc.Arbitrary<Invalid> | undefined {
  const options: fc.Arbitrary<Invalid>[] = [];
  const wrong = WRONG_TYPED.filter((v) => !typeAllowedBySome(schema, v));
  if (schema.anyOf) {
    // With alternatives only a JSON type none of them takes is surely invalid.
    return wrong.length > 0
      ? fc.constantFrom(...wrong).map((value) => ({ value, why: `wrong type ${JSON.stringify(value)}` }))
      : undefined;
  }
  if (wrong.length > 0)
    options.push(
      fc.constantFrom(...wrong).map((value) => ({ value, why: `wrong type ${JSON.stringify(value)}` })),
    );
  const types = typesOf(schema);
  if (types.includes('string')) {
    if ((schema.minLength ?? 0) >= 1) options.push(fc.constant({ value: '', why: 'empty string' }));
    if (schema.maxLength !== undefined) {
      const max = schema.maxLength;
      options.push(
        fc.tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom('x', 'ñ', '字')).map(([extra, ch]) => ({
          value: ch.repeat(max + extra),
          why: `${max + extra} chars (max ${max})`,
        })),
      );
    }
    if (schema.enum) {
      const first = String(schema.enum[0]);
      const candidates = ['', 'NOPE', first.toUpperCase(), ` ${first}`, `${first}x`].filter(
        (c) => !schema.enum?.includes(c),
      );
      options.push(fc.constantFrom(...candidates).map((value) => ({ value, why: 'not in the enum' })));
    }
    if (schema.pattern) {
      const re = new RegExp(schema.pattern);
      const candidates = ['', 'ESP', 'E', '12', 'en-US', 'Zz', 'yesterday', '../x'].filter(
        (c) => !re.test(c),
      );
      if (candidates.length > 0)
        options.push(fc.constantFrom(...candidates).map((value) => ({ value, why: 'pattern mismatch' })));
    }
    if (schema.format === 'email') {
      options.push(
        fc
          .constantFrom('not-an-email', 'a@b', '@example.com', 'a@', 'a b@example.com', 'ñ@ñ.ñ')
          .map((value) => ({ value, why: 'not an email' })),
      );
    }
  }
  if (types.includes('number') || types.includes('integer')) {
    const { minimum, maximum, exclusiveMinimum } = schema;
    if (maximum !== undefined && maximum < Number.MAX_SAFE_INTEGER)
      options.push(
        fc
          .constantFrom(maximum + 1, maximum + 0.5, maximum * 10 + 1, 1e21)
          .map((value) => ({ value, why: `above ${maximum}` })),
      );
    if (minimum !== undefined)
      options.push(
        fc
          .constantFrom(minimum - 1, minimum - 0.5, -1e9)
          .map((value) => ({ value, why: `below ${minimum}` })),
      );
    if (exclusiveMinimum !== undefined)
      options.push(
        fc
          .constantFrom(exclusiveMinimum, exclusiveMinimum - 1)
          .map((value) => ({ value, why: `not above ${exclusiveMinimum}` })),
      );
    if (types.includes('integer') && !types.includes('number'))
      options.push(fc.constantFrom(1.5, 2.25).map((value) => ({ value, why: 'not an integer' })));
    options.push(
      fc.constantFrom('9', '11', '-1', '9.5').map((value) => ({ value, why: 'number as a string' })),
    );
  }
  if (types.includes('array')) {
    const items = schema.items ?? {};
    if (schema.maxItems !== undefined) {
      const max = schema.maxItems;
      options.push(
        fc
          .array(validValue(items), { minLength: max + 1, maxLength: max + 4 })
          .map((value) => ({ value, why: `more than ${max} items` })),
      );
    }
    const badItem = depth < 3 ? invalidValue(items, depth + 1) : undefined;
    if (badItem)
      options.push(
        fc
          .tuple(fc.array(validValue(items), { maxLength: 2 }), badItem)
          .map(([ok, bad]) => ({ value: [...ok, bad.value], why: `an item: ${bad.why}` })),
      );
  }
  if (types.includes('object') && depth < 3) options.push(invalidObject(schema, depth + 1));
  return options.length > 0 ? fc.oneof(...options) : undefined;
}

type Mutation = { why: string; apply: (o: { [key: string]: Json }) => { [key: string]: Json } };

/** An object the schema rejects: a valid-looking base with one to three violations. */
export function invalidObject(schema: JsonSchema, depth = 0): fc.Arbitrary<Invalid> {
  const props = schema.properties ?? {};
  const mutations: fc.Arbitrary<Mutation>[] = [];
  if (schema.additionalProperties === false) {
    mutations.push(
      fc
        .tuple(
          fc.oneof(
            SAFE_KEY,
            fc.constantFrom('id', 'version', 'status', 'authorId', 'isAdmin', 'constructor'),
          ),
          fc.jsonValue({ maxDepth: 2 }),
        )
        .filter(([key]) => !(key in props))
        .map(([key, value]) => ({
          why: `unknown field ${key}`,
          apply: (o) => ({ ...o, [key]: value as Json }),
        })),
    );
  }
  for (const key of schema.required ?? []) {
    mutations.push(
      fc.constant({
        why: `missing ${key}`,
        apply: (o) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key)),
      }),
    );
  }
  for (const [key, sub] of Object.entries(props)) {
    const bad = invalidValue(sub, depth);
    if (!bad) continue;
    mutations.push(
      bad.map((invalid) => ({
        why: `${key}: ${invalid.why}`,
        apply: (o) => ({ ...o, [key]: invalid.value }),
      })),
    );
  }
  if (mutations.length === 0) return fc.constant({ value: [], why: 'an array instead of an object' });
  return fc
    .tuple(validObject(schema), fc.array(fc.oneof(...mutations), { minLength: 1, maxLength: 3 }))
    .map(([base, applied]) => ({
      value: applied.reduce((o, m) => m.apply(o), base),
      why: applied.map((m) => m.why).join('; '),
    }));
}

/**
 * An object every alternative of the body schema rejects: invalid for its one object alternative (the
 * others, like `null`, reject any object). Two object alternatives would need a smarter generator.
 */
function invalidObjectFor(schema: JsonSchema): fc.Arbitrary<Invalid> {
  const objects = alternatives(schema).filter((a) => typesOf(a).includes('object'));
  if (objects.length > 1)
    throw new Error('a body schema with several object alternatives: extend the generator');
  const [object] = objects;
  return object ? invalidObject(object) : fc.constant({ value: {}, why: 'an object where none is taken' });
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''));
    return true;
  } catch {
    return false;
  }
}

const BROKEN_JSON = [
  '{',
  '}',
  '{"a":',
  "{'a':1}",
  '{"a":1,}',
  'NaN',
  'undefined',
  '{"a":1}{"b":2}',
  '[1,2',
  '{"a" 1}',
  '\u0000',
  'nul',
  'tru',
  '{"rating":0x10}',
  '{"rating":.5}',
  '{"title":"\\u12"}',
  '\uFEFF{',
];

/** A request body text that no route may accept, and why. */
export function malformedBody(schema: JsonSchema | undefined, ctx: Context): fc.Arbitrary<Invalid> {
  return cached(ctx, 'body', schema ?? 'none', () => buildMalformedBody(schema, ctx));
}

function buildMalformedBody(schema: JsonSchema | undefined, ctx: Context): fc.Arbitrary<Invalid> {
  // A method a path lacks gets a body made for some other route (it must be refused either way).
  const object = fc.oneof(...(schema ? [schema] : ctx.bodySchemas).map(invalidObjectFor));
  const text = (why: string) => (value: Json) => ({ value: JSON.stringify(value), why });
  // Top-level JSON of a type no alternative takes (logout's body may be null, for one).
  const kinds: [Json, fc.Arbitrary<Json>][] = [
    [[], fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }).map((a) => a as Json)],
    [0, fc.integer()],
    [0.5, fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n))],
    ['', fc.string({ maxLength: 20 })],
    [true, fc.boolean()],
    [null, fc.constant(null)],
  ];
  const wrongTypes = kinds
    .filter(([example]) => !schema || !typeAllowedBySome(schema, example))
    .map(([, arbitrary]) => arbitrary.filter((value) => !schema || !typeAllowedBySome(schema, value)));
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(object, fc.constantFrom('', '\uFEFF', '  \n'), fc.boolean())
        .map(([bad, prefix, pretty]) => ({
          value: prefix + JSON.stringify(bad.value, null, pretty ? 2 : undefined),
          why: bad.why,
        })),
    },
    ...(wrongTypes.length > 0
      ? [{ weight: 2, arbitrary: fc.oneof(...wrongTypes).map(text('JSON of the wrong type')) }]
      : []),
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom(...BROKEN_JSON),
          // Never blank: a blank body may count as no body, which is valid where the body is optional.
          fc
            .string({ unit: 'binary', minLength: 1, maxLength: 60 })
            .filter((s) => s.trim() !== '' && !isJsonText(s)),
          object.map((bad) => JSON.stringify(bad.value).slice(0, -1)),
        )
        .map((value) => ({ value, why: 'not JSON' })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        {
          value: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}',
          why: 'prototype poisoning',
        },
        { value: `${'['.repeat(4000)}${']'.repeat(4000)}`, why: 'a 4000-deep array' },
        { value: `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`, why: 'a 2000-deep object' },
        { value: `{"a":"${'\\u0000'.repeat(2000)}"}`, why: 'NUL characters' },
        { value: '{"title":"Lone \\ud800 surrogate","brand":"\\udfff"}', why: 'lone surrogates' },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 200_000 }).map((extra) => ({
        value: `{"title":"${'x'.repeat(ctx.bodyLimit + extra)}"}`,
        why: `over the body limit by ${extra + 12} bytes`,
      })),
    },
  );
}

// ---------------------------------------------------------------------------------------------------
// Path parameters: invalid, or valid in form but naming nothing.

/** Path segments that are well percent-encoded and at most 200 characters (the router's limit). */
export function nothingOrInvalidSegment(schema: JsonSchema, ctx: Context): fc.Arbitrary<string> {
  return cached(ctx, 'segment', schema, () => buildSegment(schema, ctx));
}

function buildSegment(schema: JsonSchema, ctx: Context): fc.Arbitrary<string> {
  const fresh = (s: string) => !ctx.existing.has(s) && !ctx.existing.has(s.toLowerCase());
  const nothing: fc.Arbitrary<string>[] = [];
  if (schema.format === 'uuid') {
    nothing.push(
      fc.uuid(),
      fc.constantFrom('ffffffff-ffff-ffff-ffff-ffffffffffff', '00000000-0000-0000-0000-000000000000'),
    );
    nothing.push(fc.uuid().map((u) => u.toUpperCase()));
  } else if (schema.pattern) {
    nothing.push(fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= 100));
  }
  const invalid = fc.oneof(
    fc.constantFrom(
      '..%2f..%2fetc%2fpasswd',
      '..%2F..%2F..%2Fv1%2Feditors',
      '%2e%2e%2f',
      '..%5c..%5cwindows',
      '%252e%252e%252f',
      '%00',
      'a%00b',
      '%0d%0aSet-Cookie:%20x=y',
      '%20',
      '+',
      ';jsessionid=1',
      '*',
      '~',
      'null',
      'undefined',
      '-1',
      '0',
      '1e309',
      'NaN',
      '%5B%5D',
      '%7B%7D',
      '%3F',
      '%23',
      '%2F',
      'ZZ-TOP',
      '-leading-hyphen',
      '%C3%B1and%C3%BA',
      '%F0%9F%93%B7',
      '%E2%80%AE',
      'ffffffff-ffff-ffff-ffff-fffffffffffff',
      '123e4567-e89b-12d3-a456-42661417400g',
      '123e4567e89b12d3a456426614174000',
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map(encodeURIComponent),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }).map(encodeURIComponent),
    fc.integer({ min: 101, max: 200 }).map((n) => 'a'.repeat(n)),
    fc.uuid().map((u) => `${u}x`),
  );
  return fc
    .oneof({ weight: 3, arbitrary: invalid }, ...nothing.map((arbitrary) => ({ weight: 2, arbitrary })))
    .filter((s) => s.length > 0 && s.length <= 200 && fresh(s) && !['.', '..'].includes(s));
}

/** Segments the router itself cannot take: over 200 characters, or broken percent-encoding. */
export const routerEdgeSegment: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 201, max: 2000 }).map((n) => 'a'.repeat(n)),
  fc
    .string({ unit: 'grapheme', minLength: 40, maxLength: 80 })
    .map(encodeURIComponent)
    .filter((s) => s.length > 200),
  fc.constantFrom(
    '%',
    '%E0%A4%A',
    '%C0%AF',
    '%ZZ',
    '%FF',
    'a%',
    '%u0041',
    '%%',
    '%E2%82',
    '%ED%A0%80',
    '%C3%28',
    '%2',
  ),
);

export function fillTemplate(route: RouteSpec, segments: string[]): string {
  let i = 0;
  return route.template.replace(/\{\w+\}/g, () => segments[i++] ?? 'x');
}

// ---------------------------------------------------------------------------------------------------
// Query strings.

const NASTY_TEXT = [
  '%00',
  'a%00b',
  '%01',
  '%1B%5B31m',
  '%C2%A0',
  '%E2%80%AE',
  "'%20OR%201=1--",
  '%25',
  '%5C',
  '*',
  '%3A*',
  '!',
  '(',
  '%26%7C',
  '%F0%9F%93%B7',
  '%ED%A0%80',
  '%EF%BF%BF',
];

const SORT_JUNK = [
  '-password',
  'title,,',
  ',',
  '+-rating',
  '--title',
  'rating%20desc',
  'x'.repeat(201),
  '-',
  '+',
  'id;drop',
];

function badQueryValues(param: OpenApiParameter, ctx: Context): fc.Arbitrary<string> {
  const schema = param.schema ?? {};
  const values: fc.Arbitrary<string>[] = [
    fc.constantFrom('', '%00', '%E2%80%AE', 'null', '[]', '%7B%7D', 'x'.repeat(600)),
  ];
  const types = typesOf(schema);
  // Free text that passes validation and reaches a service: control bytes, quotes, search operators.
  if (types.includes('string') && !schema.enum && !schema.pattern && !schema.format)
    values.push(
      fc.constantFrom(...NASTY_TEXT),
      fc.constantFrom(...NASTY_TEXT),
      fc.constantFrom('%00', 'a%00b', '%01', '%1F'),
      fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 12 }).map(encodeURIComponent),
    );
  if (types.includes('integer') || types.includes('number'))
    values.push(
      fc.constantFrom(
        '0',
        '-1',
        '1.5',
        'abc',
        '1e400',
        '9'.repeat(25),
        '0x10',
        '%201',
        '%EF%BC%91',
        '1000001',
        '101',
        '11',
        'NaN',
        'Infinity',
        '9,5',
      ),
    );
  if (schema.enum) values.push(fc.constantFrom('NOPE', 'ADMIN', 'true1', 'mine%00'));
  if (schema.pattern)
    values.push(fc.constantFrom('yesterday', '2024-13-45', '2024-02-30', '9999-99-99T99:99', '0000-00-00'));
  if (schema.format === 'uuid') values.push(fc.constantFrom('not-a-uuid', '%00'), fc.uuid());
  if (param.name === 'sort')
    values.push(
      fc.constantFrom(...SORT_JUNK),
      fc.stringMatching(/^[-+]?[a-zA-Z]{1,12}(,[-+]?[a-zA-Z]{1,12}){0,3}$/),
    );
  if (param.name === 'cursor') values.push(cursorJunk(ctx));
  if (param.name === 'cameras')
    values.push(
      fc.constantFrom('', 'a', 'a,b,c,d,e', 'a,a', ','.repeat(50), 'x'.repeat(421), 'A,B', '%00,%00'),
      fc
        .array(fc.stringMatching(/^zz-[a-z0-9]{1,8}$/), { minLength: 2, maxLength: 4 })
        .map((ids) => ids.join(',')),
    );
  if (schema.maxLength !== undefined) values.push(fc.constant('y'.repeat(schema.maxLength + 1)));
  return fc.oneof(...values);
}

/** Cursors that are not base64url JSON, or are real ones with their values replaced. */
function cursorJunk(ctx: Context): fc.Arbitrary<string> {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const options: fc.Arbitrary<string>[] = [
    fc.constantFrom('bm9wZQ', '%FF%FE', 'eyJ9', '!!!', '====', 'x'.repeat(501)),
    fc.jsonValue({ maxDepth: 2 }).map(b64),
  ];
  if (ctx.cursors.length > 0) {
    const odd = fc.oneof(
      fc.constantFrom<Json>(
        null,
        '',
        '2024-02-30T00:00:00.000000Z',
        '9999-12-31T23:59:59.999999Z',
        'x\u0000y',
        -1e308,
        1e308,
        0,
        'ZZZ',
      ),
      fc.string({ maxLength: 30 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.uuid(),
      fc.jsonValue({ maxDepth: 1 }),
    );
    options.push(
      fc
        .tuple(fc.constantFrom(...ctx.cursors), fc.array(odd, { minLength: 0, maxLength: 5 }))
        .map(([real, values]) => {
          const decoded = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as Json[];
          return b64([decoded[0] ?? null, ...values]);
        }),
    );
  }
  return fc.oneof(...options);
}

/** A query string (with `?`, or empty): bad values of known parameters, unknown and repeated keys, junk. */
export function malformedQuery(op: OpenApiOperation | undefined, ctx: Context): fc.Arbitrary<string> {
  return cached(ctx, 'query', op ?? 'none', () => buildQuery(op, ctx));
}

function buildQuery(op: OpenApiOperation | undefined, ctx: Context): fc.Arbitrary<string> {
  const known = (op?.parameters ?? []).filter((p) => p.in === 'query');
  const item: fc.Arbitrary<string>[] = [
    fc.constantFrom(
      'foo=bar',
      '__proto__=1',
      'constructor=1',
      'hasOwnProperty=1',
      'page[]=1',
      'a[b][c]=d',
      'toString=x',
    ),
    fc.tuple(SAFE_KEY, fc.string({ maxLength: 10 }).map(encodeURIComponent)).map(([k, v]) => `${k}=${v}`),
    fc.constantFrom(
      '&',
      '&&',
      '=',
      '==',
      'a',
      '%26',
      '+',
      ';',
      '%',
      '%zz',
      'page=1&page=2',
      'limit=5&limit=6',
    ),
  ];
  // One known parameter alone: when its value passes validation it reaches a service (and its SQL).
  const values = known.map((p) => ({ name: p.name, value: badQueryValues(p, ctx) }));
  const single =
    values.length > 0 ? fc.oneof(...values.map((p) => p.value.map((v) => `${p.name}=${v}`))) : undefined;
  if (single) {
    item.push(
      single,
      fc.oneof(
        ...values.map((p) => fc.tuple(p.value, p.value).map(([a, b]) => `${p.name}=${a}&${p.name}=${b}`)),
      ),
    );
  }
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    ...(single ? [{ weight: 4, arbitrary: single.map((q) => `?${q}`) }] : []),
    {
      weight: 4,
      arbitrary: fc
        .array(fc.oneof(...item), { minLength: 1, maxLength: 4 })
        .map((parts) => `?${parts.join('&')}`),
    },
  );
}

// ---------------------------------------------------------------------------------------------------
// Headers.

const ACCEPTS: { value: string | undefined; xml: boolean }[] = [
  { value: undefined, xml: false },
  { value: 'application/json', xml: false },
  { value: 'application/xml', xml: true },
  { value: 'text/xml', xml: true },
  { value: 'application/problem+xml', xml: true },
  { value: 'application/xml;q=0.9, application/json;q=0.1', xml: true },
  { value: 'application/xml;q=0, application/json', xml: false },
  { value: 'image/png', xml: false },
  { value: '*/*', xml: false },
  { value: 'application/*', xml: false },
  { value: 'text/html', xml: false },
  { value: 'application/json;q=0', xml: false },
  { value: 'garbage', xml: false },
  { value: ',,;q=abc', xml: false },
];

const CONTENT_TYPES: (string | undefined)[] = [
  undefined,
  'text/plain',
  'application/json; charset=latin1',
  'application/json; charset=utf-8',
  'multipart/form-data',
  'multipart/form-data; boundary=----rcr',
  'application/x-www-form-urlencoded',
  'garbage',
  'application/merge-patch+json',
  'application/xml',
  'application/json, text/plain',
  'application/vnd.api+json',
  '',
  ';;;',
];

function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** A JWT with its payload changed and the original signature kept: forged, so it must not verify. */
function tamper(token: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${header}.${b64url(change(claims))}.${signature}`;
}

function authorizations(ctx: Context): { value: string | undefined; label: string; weight: number }[] {
  const none = b64url({ alg: 'none', typ: 'JWT' });
  return [
    { value: undefined, label: 'anonymous', weight: 6 },
    { value: `Bearer ${ctx.adminToken}`, label: 'admin', weight: 8 },
    { value: `bearer  ${ctx.adminToken}`, label: 'admin (odd spacing)', weight: 1 },
    { value: `Bearer ${ctx.editorToken}`, label: 'editor', weight: 2 },
    { value: 'Bearer x', label: 'garbage', weight: 1 },
    { value: 'Bearer ', label: 'empty bearer', weight: 1 },
    { value: 'Bearer a.b.c', label: 'garbage jwt', weight: 1 },
    { value: 'Basic YWRtaW5AdGVzdC5yY3I6YWRtaW4tdGVzdC1wYXNzd29yZA==', label: 'basic', weight: 1 },
    { value: 'Digest username="admin"', label: 'digest', weight: 1 },
    {
      value: `Bearer ${tamper(ctx.adminToken, (c) => ({ ...c, exp: 1, iat: 0 }))}`,
      label: 'expired-looking',
      weight: 1,
    },
    {
      value: `Bearer ${tamper(ctx.editorToken, (c) => ({ ...c, role: 'admin' }))}`,
      label: 'tampered role',
      weight: 1,
    },
    { value: `Bearer ${none}.${b64url({ sub: 'x', role: 'admin' })}.`, label: 'alg none', weight: 1 },
    { value: `Bearer ${ctx.adminToken.slice(0, -4)}AAAA`, label: 'bad signature', weight: 1 },
    { value: `Bearer ${'A'.repeat(5000)}.${'B'.repeat(10)}.${'C'.repeat(10)}`, label: 'huge jwt', weight: 1 },
    { value: `Bearer ${ctx.adminToken} ${ctx.adminToken}`, label: 'two tokens', weight: 1 },
  ];
}

const CONSISTENCY = [
  'garbage',
  '',
  '!!!',
  b64url([]),
  b64url({ a: 1 }),
  b64url(null),
  b64url([['x', 'a', 1]]),
  b64url([['c', 'a', -1]]),
  b64url([['r', 'a', 1.5]]),
  b64url([['c', 'x'.repeat(101), 1]]),
  b64url(Array.from({ length: 21 }, (_, i) => ['c', `a${i}`, 1])),
  b64url('[[[[[[[['),
  'x'.repeat(4000),
];

/** Garbage in every header the gateway reads, or the header absent. */
export function headersArb(
  ctx: Context,
  withBody: boolean,
): fc.Arbitrary<{
  headers: Record<string, string>;
  xmlAsked: boolean;
  requestId: string | undefined;
  notes: string[];
}> {
  return cached(ctx, 'headers', withBody, () => buildHeaders(ctx, withBody));
}

function buildHeaders(
  ctx: Context,
  withBody: boolean,
): fc.Arbitrary<{
  headers: Record<string, string>;
  xmlAsked: boolean;
  requestId: string | undefined;
  notes: string[];
}> {
  const pick = <T>(values: T[], absentWeight = 3) =>
    fc.oneof(
      { weight: absentWeight, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: fc.constantFrom(...values) },
    );
  return fc
    .record({
      accept: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...ACCEPTS.slice(0, 2)) },
        { weight: 3, arbitrary: fc.constantFrom(...ACCEPTS.filter((a) => a.xml)) },
        { weight: 2, arbitrary: fc.constantFrom(...ACCEPTS.slice(6)) },
      ),
      auth: fc.oneof(...authorizations(ctx).map((a) => ({ weight: a.weight, arbitrary: fc.constant(a) }))),
      contentType: withBody
        ? fc.oneof(
            { weight: 6, arbitrary: fc.constant<string | undefined>('application/json') },
            { weight: 5, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
          )
        : pick(CONTENT_TYPES, 8),
      ifMatch: pick([
        '*',
        'garbage',
        '"v0"',
        '"v999999999"',
        'W/"v1"',
        '"v1", "v2"',
        '"',
        '"v1-x"',
        'v1',
        '"v1.2.3"',
        '"v-1"',
        '"v99999999999"',
      ]),
      ifNoneMatch: pick(['*', 'garbage', '"x"', 'W/"x"', '"v1"', ',,,', '']),
      idempotencyKey: fc.oneof(
        { weight: 3, arbitrary: fc.constant<string | undefined>(undefined) },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            'k'.repeat(256),
            'k'.repeat(300),
            'cl\u00e9-\u00f1',
            'cl\u00c3\u00a9',
            '',
            ' ',
            'key with spaces',
            'tab\there',
            'prop-key-1',
          ),
        },
        { weight: 1, arbitrary: fc.stringMatching(/^[\x21-\x7e]{1,40}$/) },
      ),
      consistency: fc.oneof(
        { weight: 150, arbitrary: fc.constant<string | undefined>(undefined) },
        { weight: 50, arbitrary: fc.constantFrom(...CONSISTENCY) },
        // Well formed, naming nothing: the read waits up to 2 s, so only now and then.
        { weight: 1, arbitrary: fc.stringMatching(/^zz-[a-z]{1,6}$/).map((id) => b64url([['c', id, 1]])) },
      ),
      requestId: fc.oneof(
        { weight: 3, arbitrary: fc.constant<string | undefined>(undefined) },
        { weight: 1, arbitrary: fc.stringMatching(/^[\w.:-]{1,64}$/) },
        { weight: 1, arbitrary: fc.constantFrom('has space', 'x'.repeat(129), '\u00fcn\u00ef', '<script>') },
      ),
      extra: pick([
        ['traceparent', 'garbage'],
        ['traceparent', 'x'.repeat(1000)],
        ['traceparent', '00-00000000000000000000000000000000-0000000000000000-01'],
        ['origin', 'https://evil.example'],
        ['origin', 'null'],
        ['x-http-method-override', 'DELETE'],
        ['x-forwarded-for', 'garbage, ::1, 999.1.1.1'],
        ['content-encoding', 'gzip'],
        ['content-encoding', 'br'],
        ['cookie', 'session=garbage'],
        ['x-api-key', 'garbage'],
      ] as [string, string][]),
    })
    .map((h) => {
      const headers: Record<string, string> = {};
      const notes: string[] = [`auth: ${h.auth.label}`];
      if (h.accept.value !== undefined) headers.accept = h.accept.value;
      if (h.auth.value !== undefined) headers.authorization = h.auth.value;
      if (h.contentType !== undefined) headers['content-type'] = h.contentType;
      if (h.ifMatch !== undefined) headers['if-match'] = h.ifMatch;
      if (h.ifNoneMatch !== undefined) headers['if-none-match'] = h.ifNoneMatch;
      if (h.idempotencyKey !== undefined) headers['idempotency-key'] = h.idempotencyKey;
      if (h.consistency !== undefined) headers['rcr-consistency-token'] = h.consistency;
      if (h.requestId !== undefined) headers['x-request-id'] = h.requestId;
      if (h.extra !== undefined) headers[h.extra[0]] = h.extra[1];
      const validId =
        h.requestId !== undefined && /^[\w.:-]{1,128}$/.test(h.requestId) ? h.requestId : undefined;
      return { headers, xmlAsked: h.accept.xml, requestId: validId, notes };
    });
}

// ---------------------------------------------------------------------------------------------------
// Whole requests.

const NO_BODY = ['GET', 'HEAD'];

/**
 * A malformed request for `method` at `path`: a body (malformed, never empty without a Content-Type, so
 * an optional body is never silently "absent") unless the method cannot carry one, and garbage headers.
 */
export function requestFor(
  method: string,
  path: string,
  op: OpenApiOperation | undefined,
  ctx: Context,
  notes: string[],
): fc.Arbitrary<MalformedRequest> {
  const mustHaveBody = ['POST', 'PUT', 'PATCH'].includes(method);
  const canHaveBody = !NO_BODY.includes(method);
  const body: fc.Arbitrary<Invalid | undefined> = !canHaveBody
    ? fc.constant(undefined)
    : mustHaveBody
      ? malformedBody(bodySchemaOf(op), ctx)
      : fc.option(malformedBody(bodySchemaOf(op), ctx), { nil: undefined, freq: 2 });
  return fc.tuple(body, headersArb(ctx, canHaveBody), fc.boolean()).map(([b, h, emptyBody]) => {
    const headers = { ...h.headers };
    let text = b?.value as string | undefined;
    const why = b ? [`body: ${b.why}`] : [];
    // Now and then an empty body. The gateway takes an empty body as no body, so only where the schema
    // has required fields: elsewhere (logout) "no body" is a valid request.
    const schema = bodySchemaOf(op);
    const required = schema && !schema.anyOf ? (schema.required ?? []) : [];
    if (mustHaveBody && emptyBody && required.length > 0 && text !== undefined && text.length < 40) {
      text = '';
      why.splice(0, 1, 'body: empty');
    }
    if (!canHaveBody) delete headers['content-type'];
    return {
      method,
      path,
      headers,
      body: text,
      xmlAsked: h.xmlAsked,
      requestId: h.requestId,
      notes: [...notes, ...h.notes, ...why],
    };
  });
}

/**
 * The request as a fetch call that replays it exactly (the body goes as bytes, so fetch adds no
 * Content-Type); bodies over 300 characters are abbreviated to their length and start.
 */
export function describeRequest(req: MalformedRequest): string {
  const body =
    req.body === undefined
      ? ''
      : req.body.length > 300
        ? `, body: /* ${req.body.length} chars */ ${JSON.stringify(req.body.slice(0, 120))}`
        : `, body: new TextEncoder().encode(${JSON.stringify(req.body)})`;
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [
      k,
      v.length > 200 ? `${v.slice(0, 60)}…(${v.length} chars)` : v,
    ]),
  );
  const path = req.path.length > 300 ? `${req.path.slice(0, 200)}…(${req.path.length} chars)` : req.path;
  return (
    `fetch(BASE + ${JSON.stringify(path)}, { method: ${JSON.stringify(req.method)}, headers: ${JSON.stringify(headers)}${body} })` +
    `
    why malformed: ${req.notes.join(' | ')}`
  );
}

// ---------------------------------------------------------------------------------------------------
// Paths outside the document.

const UNKNOWN_PATHS = [
  '/',
  '/v1',
  '/v1/',
  '/v2/cameras',
  '/v1/camera',
  '/v1/cameras/',
  '/v1/editors/',
  '/v1/reviews/',
  '/V1/CAMERAS',
  '/v1//cameras',
  '//v1/cameras',
  '/.env',
  '/admin',
  '/graphql/x',
  '/v1/graphql',
  '/v1/events',
  '/v1/exports/x',
  '/v1/jobs/1/x',
  '/v1/webhook-endpoints',
  '/v1/files',
  '/v1/inbound/prices',
  '/metrics',
  '/docs/nope.js',
  '/openapi.yaml',
  '/openapi.json',
  '/docs',
  '/robots.txt',
  '/favicon.ico',
  '/v1/%2e%2e/editors',
  '/v1/cameras/..%2f..%2feditors',
  '/v1/..;/editors',
  '/v1/auth',
  '/v1/auth/jwks/x',
  '/v1/me/x',
  '/healthz/x',
  '/readyz/',
  '/v1/content/a/b',
  '/v1/cameras/a/reviews/b',
  '/v1/comparisons/x',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/v1/cameras%00',
  '/v1/cameras;x=1',
  '/v1/cameras%2Fx',
];

const SEGMENT = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_~-]{1,16}$/),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).map(encodeURIComponent),
);

/** Paths no route serves (Socket.IO's own endpoint excluded: engine.io answers there in its format). */
export const unknownPath: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom(...UNKNOWN_PATHS),
    fc
      .tuple(fc.uuid(), fc.constantFrom('approve', 'images', 'x', 'publish/now', 'deliveries'))
      .map(([id, rest]) => `/v1/reviews/${id}/${rest}`),
    fc
      .tuple(fc.boolean(), fc.array(SEGMENT, { minLength: 1, maxLength: 4 }))
      .map(([v1, segments]) => `${v1 ? '/v1/' : '/'}${segments.join('/')}`),
  )
  .filter((p) => !p.toLowerCase().startsWith('/socket.io') && p.length <= 200);

/** Unknown paths with broken percent-encoding. */
export const brokenPath: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('/', '/v1/', '/v1/cameras', '/v1/cameras/a', '/v1/reviews/'), routerEdgeSegment)
  .map(([prefix, segment]) => `${prefix}${segment.slice(0, 40)}`)
  .filter((p) => /%(?![0-9A-Fa-f]{2})|%[89A-Fa-f][0-9A-Fa-f]/.test(p));

// ---------------------------------------------------------------------------------------------------
// Requests per property.

/** A malformed request at one documented path: its methods, HEAD, OPTIONS, methods it lacks, others. */
export function atRoute(route: RouteSpec, ctx: Context): fc.Arbitrary<MalformedRequest> {
  const documented = [...route.operations.keys()];
  const lacking = STANDARD_METHODS.filter((m) => !route.operations.has(m) && m !== 'HEAD' && m !== 'OPTIONS');
  const method = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...documented) },
    { weight: 2, arbitrary: fc.constant('HEAD') },
    { weight: 1, arbitrary: fc.constant('OPTIONS') },
    ...(lacking.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...lacking) }] : []),
    { weight: 1, arbitrary: fc.constantFrom(...EXTENSION_METHODS) },
  );
  const segments = fc.tuple(...route.params.map((p) => nothingOrInvalidSegment(p.schema, ctx)));
  return fc.tuple(method, segments).chain(([m, values]) => {
    const op = route.operations.get(m);
    return malformedQuery(op ?? route.operations.get('GET'), ctx).chain((query) =>
      requestFor(m, fillTemplate(route, values) + query, op, ctx, [`${m} ${route.template}`]),
    );
  });
}

/** Documented routes whose path parameters the router itself cannot take, or unknown broken paths. */
export function atRouterEdges(routes: RouteSpec[], ctx: Context): fc.Arbitrary<MalformedRequest> {
  const parameterised = routes.filter((r) => r.params.length > 0);
  const routed = fc.tuple(fc.constantFrom(...parameterised), routerEdgeSegment).chain(([route, edge]) =>
    fc
      .tuple(
        fc.constantFrom(...route.operations.keys()),
        fc.tuple(...route.params.map((p) => nothingOrInvalidSegment(p.schema, ctx))),
        fc.nat({ max: route.params.length - 1 }),
      )
      .chain(([m, values, at]) => {
        const segments = values.map((v, i) => (i === at ? edge : v));
        return requestFor(m, fillTemplate(route, segments), route.operations.get(m), ctx, [
          `${m} ${route.template} with ${edge.length}-char parameter ${JSON.stringify(edge.slice(0, 24))}`,
        ]);
      }),
  );
  const unknown = fc
    .tuple(fc.constantFrom(...STANDARD_METHODS), brokenPath)
    .chain(([m, path]) => requestFor(m, path, undefined, ctx, [`broken path ${path}`]));
  return fc.oneof({ weight: 3, arbitrary: routed }, { weight: 1, arbitrary: unknown });
}

export function atUnknownPaths(ctx: Context): fc.Arbitrary<MalformedRequest> {
  return fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...STANDARD_METHODS) },
        { weight: 1, arbitrary: fc.constantFrom(...EXTENSION_METHODS) },
      ),
      unknownPath,
      malformedQuery(undefined, ctx),
    )
    .chain(([m, path, query]) => requestFor(m, path + query, undefined, ctx, [`unknown path ${path}`]));
}

export function withUnknownMethods(routes: RouteSpec[], ctx: Context): fc.Arbitrary<MalformedRequest> {
  const documentedPath = fc
    .constantFrom(...routes)
    .chain((route) =>
      fc
        .tuple(...route.params.map((p) => nothingOrInvalidSegment(p.schema, ctx)))
        .map((values) => fillTemplate(route, values)),
    );
  return fc
    .tuple(fc.constantFrom(...UNKNOWN_METHODS), fc.oneof(documentedPath, unknownPath))
    .chain(([m, path]) => requestFor(m, path, undefined, ctx, [`unknown method ${m}`]));
}

// ---------------------------------------------------------------------------------------------------
// The oracle.

const STACK_TRACE = [
  /\n\s*at\s/,
  /\bat (?:async )?[\w$.<>[\]]+ \([^)]*:\d+:\d+\)/,
  /\bat (?:file:\/\/)?\/[^\s"]+:\d+:\d+/,
  /\.(?:ts|js|mjs|cjs|tsx):\d+/,
  /node:internal|node_modules\//,
  /\b(?:TypeError|ReferenceError|SyntaxError|RangeError)\b/,
];

interface ProblemFields {
  status: unknown;
  title: unknown;
  detail: unknown;
  requestId: unknown;
  code: unknown;
}

function problemFromJson(text: string): ProblemFields | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as ProblemFields)
      : undefined;
  } catch {
    return undefined;
  }
}

function problemFromXml(text: string): ProblemFields | undefined {
  if (!/^<\?xml[^>]*\?>\s*<problem[\s>]/.test(text)) return undefined;
  const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
  const status = field('status');
  return {
    status: status === undefined ? undefined : Number(status),
    title: field('title'),
    detail: field('detail'),
    requestId: field('requestId'),
    code: field('code'),
  };
}

/** Everything wrong with one answer to a malformed request (empty when it is right). */
export function judge(req: MalformedRequest, status: number, headers: Headers, text: string): string[] {
  const wrong: string[] = [];
  if (status >= 500) wrong.push(`${status}: a 5xx`);
  if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && status < 400)
    wrong.push(`a malformed ${req.method} succeeded (${status})`);
  const requestId = headers.get('x-request-id');
  if (!requestId) wrong.push('no X-Request-Id');
  else if (req.requestId !== undefined && requestId !== req.requestId)
    wrong.push(`X-Request-Id ${requestId} is not the one sent (${req.requestId})`);
  if (status < 400) return wrong;

  const type = (headers.get('content-type') ?? '').toLowerCase();
  const isJson = type.startsWith('application/problem+json');
  const isXml = type.startsWith('application/problem+xml');
  if (!isJson && !(isXml && req.xmlAsked)) wrong.push(`error Content-Type is "${type}"`);
  if (status === 401 && !/^bearer\b/i.test(headers.get('www-authenticate') ?? ''))
    wrong.push('401 without WWW-Authenticate: Bearer');
  if (status === 405 && !headers.get('allow')) wrong.push('405 without Allow');
  if (req.method === 'HEAD') return wrong;

  const problem = isXml ? problemFromXml(text) : problemFromJson(text);
  if (!problem) {
    wrong.push('the error body is not a problem document');
  } else {
    if (problem.status !== status) wrong.push(`problem status ${String(problem.status)} ≠ HTTP ${status}`);
    for (const name of ['title', 'detail', 'requestId', 'code'] as const) {
      const value = problem[name];
      if (typeof value !== 'string' || value.length === 0) wrong.push(`problem without ${name}`);
    }
    if (requestId && problem.requestId !== requestId) wrong.push('problem requestId ≠ X-Request-Id');
  }
  const trace = STACK_TRACE.find((re) => re.test(text));
  if (trace) wrong.push(`stack trace text (${trace.source})`);
  return wrong;
}
