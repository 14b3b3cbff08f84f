import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { startTestSystem } from './support/system.ts';
import {
  atRoute,
  atRouterEdges,
  atUnknownPaths,
  bodySchemaOf,
  describeRequest,
  judge,
  routesOf,
  withUnknownMethods,
  type Context,
  type JsonSchema,
  type MalformedRequest,
  type OpenApiDocument,
} from './support/malformed.ts';

/**
 * Issue 3: thousands of malformed requests at every route of the OpenAPI document (plus methods a path
 * lacks, unknown methods and unknown paths), anonymously and with the admin's valid token. For every
 * answer: never a 5xx; a malformed write never succeeds; every error is application/problem+json (or
 * problem+xml when Accept asked for XML) with status/title/detail/requestId/code and no stack trace.
 * Afterwards the admin sees exactly the state seeded before. Fixed seeds, so every run sends the same
 * requests; a failure prints the exact requests as fetch calls.
 */

const SEED = 0x5eed_0003;
/** Requests in flight at once (one fast-check run sends one batch). */
const BATCH = 4;
const RUNS_PER_ROUTE = 72;
const RUNS_UNKNOWN_PATHS = 50;
const RUNS_ROUTER_EDGES = 25;
const RUNS_UNKNOWN_METHODS = 15;
const REQUEST_TIMEOUT_MS = 15_000;
const BODY_LIMIT = 1_048_576;

const openapi = JSON.parse(
  readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8'),
) as OpenApiDocument;
const ROUTES = routesOf(openapi);

let system: EmbeddedSystem;
let api: ApiClient;
let baseUrl: string;
let ctx: Context;
let adminToken: string;
let refreshTokens: { admin: string; editor: string };
let before: Record<string, unknown>;

const stats = {
  startedAt: Date.now(),
  requests: 0,
  unanswered: 0,
  byStatus: new Map<number, number>(),
  byGroup: new Map<string, number>(),
  byAuth: new Map<string, number>(),
  byMethod: new Map<string, number>(),
  byOperation: new Map<string, number>(),
};
const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

// ---------------------------------------------------------------------------------------------------
// The system, its seed data and the state snapshot.

const SNAPSHOT_PATHS = [
  '/v1/editors?limit=100',
  '/v1/cameras?limit=100',
  '/v1/reviews?limit=100',
  '/v1/content?limit=100',
  '/v1/me',
];

/** What the admin sees of the stored state, without the per-answer requestId and timestamp. */
async function snapshot(): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  for (const path of SNAPSHOT_PATHS) {
    const res = await api.request<{ meta?: Record<string, unknown> }>('GET', path, { token: adminToken });
    expect(res.status, `GET ${path}`).toBe(200);
    const { meta, ...rest } = res.body;
    const { requestId: _id, timestamp: _at, ...stable } = meta ?? {};
    state[path] = { ...rest, meta: stable };
  }
  return state;
}

async function until(what: string, check: () => Promise<boolean>) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  system = await startTestSystem({
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    RATE_LIMIT_EDITOR_PER_MINUTE: '1000000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
    // The inbound price feed is configured, so its route is exercised beyond its 503 "not set up".
    RCR_INBOUND_PRICES_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
  });
  baseUrl = system.gateway.url;
  api = new ApiClient(baseUrl);
  const admin = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
  adminToken = admin.accessToken;

  // Seed: an editor, two cameras (PUT), a draft and a published review.
  const editorEmail = 'property-editor@test.rcr';
  const editor = await api.must<{ id: string }>(
    'POST',
    '/v1/editors',
    { email: editorEmail, name: 'Property Editor', password: 'editor-password-1', role: 'editor' },
    adminToken,
    201,
  );
  const editorSession = await api.login(editorEmail, 'editor-password-1');
  const cameraIds = ['prop-cam-alpha', 'prop-cam-beta'];
  for (const id of cameraIds) await api.must('PUT', `/v1/cameras/${id}`, cameraBody(id), adminToken, 201);
  const draft = await api.must<{ id: string; slug: string }>(
    'POST',
    '/v1/reviews',
    reviewBody('prop-cam-alpha', { title: 'A draft nobody may touch' }),
    editorSession.accessToken,
    201,
  );
  const published = await api.must<{ id: string; slug: string }>(
    'POST',
    '/v1/reviews',
    reviewBody('prop-cam-beta', { title: 'A published review nobody may touch', rating: 7 }),
    editorSession.accessToken,
    201,
  );
  await api.must('POST', `/v1/reviews/${published.id}/publish`, undefined, editorSession.accessToken);
  await until('the read model to show the seed', async () => {
    const content = await api.request<{ meta: { total: number } }>('GET', '/v1/content', {
      token: adminToken,
    });
    const cameras = await api.request<{ data: { reviewCount: number }[] }>('GET', '/v1/cameras', {
      token: adminToken,
    });
    return (
      content.body.meta.total === 1 &&
      cameras.body.data.length === 2 &&
      cameras.body.data.some((c) => c.reviewCount === 1)
    );
  });

  // Real cursors, for forged ones.
  const cursors: string[] = [];
  for (const path of [
    '/v1/reviews?limit=1',
    '/v1/reviews?limit=1&sort=-rating,title',
    '/v1/editors?limit=1',
  ]) {
    const res = await api.request<{ meta: { nextCursor?: string | null } }>('GET', path, {
      token: adminToken,
    });
    if (res.body.meta.nextCursor) cursors.push(res.body.meta.nextCursor);
  }
  const me = await api.request<{ data: { id: string } }>('GET', '/v1/me', { token: adminToken });

  const bodySchemas: JsonSchema[] = [];
  for (const route of ROUTES)
    for (const op of route.operations.values()) {
      const schema = bodySchemaOf(op);
      if (schema) bodySchemas.push(schema);
    }
  ctx = {
    adminToken,
    editorToken: editorSession.accessToken,
    existing: new Set([
      me.body.data.id,
      editor.id,
      draft.id,
      draft.slug,
      published.id,
      published.slug,
      ...cameraIds,
    ]),
    cursors,
    bodySchemas,
    bodyLimit: BODY_LIMIT,
  };
  refreshTokens = { admin: admin.refreshToken, editor: editorSession.refreshToken };
  before = await snapshot();
  stats.startedAt = Date.now();
});

afterAll(async () => {
  const seconds = ((Date.now() - stats.startedAt) / 1000).toFixed(1);
  const sorted = <K>(map: Map<K, number>) =>
    Object.fromEntries([...map.entries()].sort(([a], [b]) => String(a).localeCompare(String(b))));
  console.log(
    [
      `[property] ${stats.requests} malformed requests answered in ${seconds} s (${stats.unanswered} unanswered)`,
      `[property] by status: ${JSON.stringify(sorted(stats.byStatus))}`,
      `[property] by method: ${JSON.stringify(sorted(stats.byMethod))}`,
      `[property] by auth: ${JSON.stringify(sorted(stats.byAuth))}`,
      `[property] by group: ${JSON.stringify(sorted(stats.byGroup))}`,
    ].join('\n'),
  );
  await system?.stop();
});

// ---------------------------------------------------------------------------------------------------
// Sending and judging one request.

interface Outcome {
  req: MalformedRequest;
  answer: string;
  wrong: string[];
}

async function send(req: MalformedRequest, group: string): Promise<Outcome> {
  const init: RequestInit = {
    method: req.method,
    headers: req.headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  };
  // Bytes, not a string: fetch then adds no Content-Type, so "missing" really is missing.
  if (req.body !== undefined) init.body = new TextEncoder().encode(req.body);
  bump(stats.byGroup, group);
  bump(stats.byOperation, req.notes[0] ?? '?');
  bump(stats.byMethod, req.method);
  bump(stats.byAuth, req.notes.find((n) => n.startsWith('auth: '))?.slice(6) ?? '?');
  try {
    const res = await fetch(baseUrl + req.path, init);
    const text = await res.text();
    stats.requests++;
    bump(stats.byStatus, res.status);
    const type = res.headers.get('content-type') ?? '(none)';
    const excerpt = text.length > 300 ? `${text.slice(0, 300)}…` : text;
    return {
      req,
      answer: `${res.status} ${type} ${excerpt}`,
      wrong: judge(req, res.status, res.headers, text),
    };
  } catch (err) {
    stats.unanswered++;
    const cause = (err as { cause?: unknown }).cause;
    const reason = `${(err as Error).message}${cause instanceof Error ? `: ${cause.message}` : ''}`;
    return {
      req,
      answer: '(no answer)',
      wrong: [`no HTTP answer (${reason}) — a hang or a dropped connection`],
    };
  }
}

/** Sends batches of `BATCH` requests per run; any wrong answer fails the run with the exact requests. */
async function check(group: string, request: fc.Arbitrary<MalformedRequest>, seed: number, numRuns: number) {
  const printable = request.map((req) =>
    Object.defineProperty(req, fc.toStringMethod, { value: () => describeRequest(req), enumerable: false }),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(printable, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const outcomes = await Promise.all(batch.map((req) => send(req, group)));
      const failed = outcomes.filter((o) => o.wrong.length > 0);
      if (failed.length > 0) {
        throw new Error(
          failed
            .map((o) => `${describeRequest(o.req)}\n  → ${o.answer}\n  ✗ ${o.wrong.join('; ')}`)
            .join('\n'),
        );
      }
    }),
    { seed, numRuns },
  );
}

// ---------------------------------------------------------------------------------------------------

describe('malformed requests at every documented route (fast-check, fixed seeds)', () => {
  ROUTES.forEach((route, index) => {
    it(`${route.template} [${[...route.operations.keys()].join(' ')}]: never 5xx, errors are problems, no malformed write succeeds`, async () => {
      await check(`route ${route.template}`, atRoute(route, ctx), SEED + index, RUNS_PER_ROUTE);
      // Every documented method of the path was really exercised.
      for (const method of route.operations.keys()) {
        const sent = stats.byOperation.get(`${method} ${route.template}`) ?? 0;
        expect(sent, `${method} ${route.template}`).toBeGreaterThanOrEqual(20);
      }
    }, 120_000);
  });
});

describe('malformed requests outside the documented routes', () => {
  it('unknown paths, with every method: 404/405 problems, never a 5xx', async () => {
    await check('unknown paths', atUnknownPaths(ctx), SEED + 100, RUNS_UNKNOWN_PATHS);
  }, 120_000);

  it('path parameters over the router limit or with broken percent-encoding: problems, never a 5xx', async () => {
    await check('router edges', atRouterEdges(ROUTES, ctx), SEED + 101, RUNS_ROUTER_EDGES);
  }, 120_000);

  it('method tokens no route knows: problems, never a 5xx', async () => {
    await check('unknown methods', withUnknownMethods(ROUTES, ctx), SEED + 102, RUNS_UNKNOWN_METHODS);
  }, 120_000);
});

describe('after the malformed requests', () => {
  it('nothing stored changed: the admin sees the same editors, cameras, reviews and content, and sessions still refresh', async () => {
    // Let any event a request might have caused reach the read model before looking.
    await new Promise((r) => setTimeout(r, 500));
    expect(await snapshot()).toEqual(before);
    for (const [who, refreshToken] of Object.entries(refreshTokens)) {
      const res = await api.request('POST', '/v1/auth/refresh', { body: { refreshToken } });
      expect(res.status, `${who}'s session was revoked`).toBe(200);
    }
  });
});
