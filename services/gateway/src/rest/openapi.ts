import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { OpenAPIV3_1 } from 'openapi-types';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { documentConsistency } from './consistency.ts';
import { documentLoginDevice } from './rate-limit.ts';

/** The OpenAPI 3.1 document's frame; paths and schemas come from the route schemas. */
export const openApiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'rcr — RandomCameraReviews API',
      version: '1.0.0',
      description:
        'Camera reviews by professional editors. JSON (or XML by `Accept`) success envelope `{data, meta, links}`; errors are `application/problem+json` (RFC 9457) with a stable `code`. Reads send `ETag` and `Cache-Control`; `If-None-Match` → 304. Anonymous public reads (`/v1/content…`, `/v1/cameras…`, `/v1/comparisons…`) say `X-Cache: HIT` or `MISS`; while the back end cannot answer one, the last good answer is served with `X-Cache: STALE`, `Warning: 110 - "Response is Stale"` and `Age`. A back-end service that keeps failing is not called for a while: 503 `UPSTREAM_CIRCUIT_OPEN` with `Retry-After`. Real-time: Socket.IO at `/socket.io`.',
      contact: { name: 'rcr team', url: 'https://rcr.dev' },
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: 'http://localhost:8080', description: 'npm start (embedded mode)' }],
    tags: [
      { name: 'auth', description: 'Sessions, tokens and the caller’s account' },
      { name: 'editors', description: 'Editor accounts (admins)' },
      { name: 'cameras', description: 'The camera catalogue' },
      { name: 'reviews', description: 'Writing reviews (editors)' },
      { name: 'content', description: 'Published reviews (public)' },
      {
        name: 'events',
        description: 'Real-time events as Server-Sent Events, resumable (public; editor topics need a token)',
      },
      { name: 'operations', description: 'Health' },
      {
        name: 'administration',
        description:
          'Dead letters, the read model’s anti-entropy check, keys and the audit log of every change (admins)',
      },
      { name: 'jobs', description: 'Long tasks: exports of published reviews (editors)' },
      { name: 'files', description: 'Files of the bucket, by signed link' },
      {
        name: 'webhooks',
        description:
          'Outgoing webhooks (admins register endpoints; deliveries signed per Standard Webhooks) and the signed inbound price feed (partners)',
      },
    ],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Access token from POST /v1/auth/login',
        },
      },
    },
  },
  transform: jsonSchemaTransform,
  transformObject: (input) =>
    documentLoginDevice(
      documentConsistency(
        plainTextMetrics(
          namedWildcards(withConventions(jsonSchemaTransformObject(input) as OpenAPIV3_1.Document)),
        ),
      ),
    ),
};

/** `GET /metrics` answers Prometheus text, not JSON. */
function plainTextMetrics(doc: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const ok = doc.paths?.['/metrics']?.get?.responses?.['200'] as OpenAPIV3_1.ResponseObject | undefined;
  if (ok) ok.content = { 'text/plain': { schema: { type: 'string' } } };
  return doc;
}

/**
 * Fastify's wildcard routes (`/v1/files/*`, whose key spans segments) as OpenAPI paths with a named
 * parameter (`/v1/files/{key}`); such a route answers its file's own type whatever Accept says (no 406).
 */
function namedWildcards(doc: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const paths = doc.paths ?? {};
  for (const [path, item] of Object.entries(paths)) {
    if (!path.endsWith('/{*}') || !item) continue;
    delete paths[path];
    for (const operation of Object.values(item) as OpenAPIV3_1.OperationObject[]) {
      if (typeof operation !== 'object' || !operation.responses) continue;
      operation.parameters = (operation.parameters as OpenAPIV3_1.ParameterObject[] | undefined)?.map(
        (parameter) => (parameter.name === '*' ? { ...parameter, name: 'key' } : parameter),
      );
      delete operation.responses['406'];
      const ok = operation.responses['200'] as OpenAPIV3_1.ResponseObject | undefined;
      if (ok) ok.content = { '*/*': { schema: { type: 'string', format: 'binary' } } };
    }
    paths[path.replace('{*}', '{key}')] = item;
  }
  return doc;
}

/** Answers every route can give because of gateway-wide conventions, documented on each operation. */
const CONVENTIONS: {
  status: string;
  description: string;
  applies: (method: string, operation: OpenAPIV3_1.OperationObject) => boolean;
}[] = [
  {
    status: '304',
    description: 'Not modified (If-None-Match matched the ETag)',
    applies: (m) => m === 'get',
  },
  { status: '406', description: 'Neither JSON nor XML is acceptable', applies: () => true },
  {
    status: '409',
    description: 'A request with this Idempotency-Key is still running',
    applies: (m, operation) => m === 'post' && honoursIdempotencyKey(operation),
  },
  {
    status: '422',
    description: 'The Idempotency-Key was used with a different request',
    applies: (m, operation) => m === 'post' && honoursIdempotencyKey(operation),
  },
  {
    status: '503',
    description: 'Idempotency-Key records cannot be reached right now (see Retry-After)',
    applies: (m, operation) => m === 'post' && honoursIdempotencyKey(operation),
  },
  { status: '429', description: 'Rate limit exceeded (see Retry-After)', applies: () => true },
];

/** Whether a POST takes part in Idempotency-Key replays (routes that return credentials do not). */
const honoursIdempotencyKey = (operation: OpenAPIV3_1.OperationObject) =>
  (operation as { 'x-idempotency-key'?: string })['x-idempotency-key'] !== 'ignored';

/**
 * Adds the convention answers to every operation and drops the input variants of response-only schemas
 * that the zod transform registers but nothing references.
 */
function withConventions(doc: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const problem = { $ref: '#/components/schemas/Problem' };
  for (const item of Object.values(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {}) as [string, OpenAPIV3_1.OperationObject][]) {
      if (typeof operation !== 'object' || !operation.responses) continue;
      for (const convention of CONVENTIONS) {
        if (!convention.applies(method, operation) || operation.responses[convention.status]) continue;
        operation.responses[convention.status] =
          convention.status === '304'
            ? { description: convention.description }
            : {
                description: convention.description,
                content: { 'application/problem+json': { schema: problem } },
              };
      }
    }
  }
  const schemas = doc.components?.schemas;
  if (schemas) {
    const text = JSON.stringify({
      paths: doc.paths,
      schemas: Object.fromEntries(Object.entries(schemas).filter(([k]) => !k.endsWith('Input'))),
    });
    for (const name of Object.keys(schemas)) {
      if (name.endsWith('Input') && !text.includes(`#/components/schemas/${name}"`)) delete schemas[name];
    }
  }
  return doc;
}
