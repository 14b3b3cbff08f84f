import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { startTestSystem } from './support/system.ts';
import { ApiClient, cameraBody, PushClient, reviewBody } from './support/client.ts';
import { runPublishFlow, TEST_ADMIN } from './support/flow.ts';

type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  code: string;
  errors?: { field: string; message: string }[];
};

let system: EmbeddedSystem;
let api: ApiClient;
let editorToken: string;
let otherToken: string;
let cameraId: string;

beforeAll(async () => {
  system = await startTestSystem();
  api = new ApiClient(system.gateway.url);
  const admin = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
  for (const who of ['first', 'second']) {
    await api.must(
      'POST',
      '/v1/editors',
      { email: `${who}@test.rcr`, name: `Editor ${who}`, password: 'editor-password-1' },
      admin.accessToken,
      201,
    );
  }
  editorToken = (await api.login('first@test.rcr', 'editor-password-1')).accessToken;
  otherToken = (await api.login('second@test.rcr', 'editor-password-1')).accessToken;
  cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), editorToken, 201)).id;
});

afterAll(async () => {
  await system?.stop();
});

function expectProblem(
  res: { status: number; headers: Headers; body: unknown },
  status: number,
  code?: string,
): Problem {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = res.body as Problem;
  expect(problem).toMatchObject({
    status,
    title: expect.any(String),
    detail: expect.any(String),
    requestId: expect.any(String),
  });
  expect(JSON.stringify(problem)).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
  if (code) expect(problem.code).toBe(code);
  return problem;
}

describe('embedded mode: the foundation flow', () => {
  it('when an editor publishes a review, then readers see it in /v1/content and feed subscribers get review.published', async () => {
    const { latencyMs } = await runPublishFlow(system.gateway.url);
    console.log(`embedded publish→push latency: ${latencyMs} ms`);
  });

  it('when a request carries X-Request-Id, then the answer echoes it', async () => {
    const res = await api.request('GET', '/v1/content', { headers: { 'x-request-id': 'trace-me-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-me-123');
    expect((res.body as { meta: { requestId: string } }).meta.requestId).toBe('trace-me-123');
  });
});

describe('embedded mode: bad input gets clear answers', () => {
  it('when the JSON is malformed, then 400 problem+json', async () => {
    const res = await api.request('POST', '/v1/reviews', {
      rawBody: '{"title": ',
      token: editorToken,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400, 'MALFORMED_JSON');
  });

  it('when fields are unknown or missing, then 400 naming each field', async () => {
    const res = await api.request('POST', '/v1/reviews', {
      body: { cameraId, title: 'Hola', colour: 'red' },
      token: editorToken,
    });
    const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
    const fields = problem.errors?.map((e) => e.field) ?? [];
    expect(fields).toEqual(expect.arrayContaining(['body', 'rating', 'verdict']));
    expect(problem.errors).toContainEqual({ field: 'colour', message: 'is not a known field' });
  });

  it('when the rating is 11, then 400 on the rating field and nothing is stored', async () => {
    const before = await api.request<{ meta: { total: number } }>('GET', '/v1/reviews', {
      token: editorToken,
    });
    const res = await api.request('POST', '/v1/reviews', {
      body: reviewBody(cameraId, { rating: 11 }),
      token: editorToken,
    });
    const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'rating' })]);
    const after = await api.request<{ meta: { total: number } }>('GET', '/v1/reviews', {
      token: editorToken,
    });
    expect(after.body.meta.total).toBe(before.body.meta.total);
  });

  it('when the body is not JSON, then 415', async () => {
    const res = await api.request('POST', '/v1/reviews', {
      rawBody: 'title=x',
      token: editorToken,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(res, 415);
  });

  it('when the body is huge, then 413 and the process is fine', async () => {
    const res = await api.request('POST', '/v1/reviews', {
      rawBody: JSON.stringify({ body: 'x'.repeat(2 * 1024 * 1024) }),
      token: editorToken,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 413, 'BODY_TOO_LARGE');
    expect((await api.request('GET', '/healthz')).status).toBe(200);
  });

  it('when the password is wrong or the email unknown, then the same 401', async () => {
    const wrong = await api.request('POST', '/v1/auth/login', {
      body: { email: 'first@test.rcr', password: 'not-the-password' },
    });
    const unknown = await api.request('POST', '/v1/auth/login', {
      body: { email: 'nobody@test.rcr', password: 'not-the-password' },
    });
    const a = expectProblem(wrong, 401);
    const b = expectProblem(unknown, 401);
    expect(a.detail).toBe(b.detail);
    expect(a.code).toBe(b.code);
  });

  it('when the token is missing or tampered, then 401 with WWW-Authenticate', async () => {
    const missing = await api.request('GET', '/v1/me');
    expectProblem(missing, 401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="rcr"');
    const [header, payload, signature] = editorToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const tampered = await api.request('GET', '/v1/me', { token: `${header}.${forged}.${signature}` });
    expectProblem(tampered, 401, 'TOKEN_INVALID');
    // RFC 6750 §3: a token was sent and is refused.
    expect(tampered.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="rcr", error="invalid_token", error_description="[^"]+"$/,
    );
    expect((await api.request('GET', '/v1/me', { token: editorToken })).status).toBe(200);
  });

  it('when the token has expired, then 401 TOKEN_EXPIRED', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 16 * 60 * 1000 });
    try {
      const res = await api.request('GET', '/v1/me', { token: editorToken });
      expectProblem(res, 401, 'TOKEN_EXPIRED');
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    } finally {
      vi.useRealTimers();
    }
  });

  it('when an editor changes another editor\u2019s review, then 404 (it does not exist for them) and the review is unchanged', async () => {
    const review = await api.must<{ id: string; title: string }>(
      'POST',
      '/v1/reviews',
      reviewBody(cameraId),
      editorToken,
      201,
    );
    const patch = await api.request('PATCH', `/v1/reviews/${review.id}`, {
      body: { title: 'Hijacked title' },
      token: otherToken,
    });
    // To another editor someone's review does not exist (as reading it says): no oracle for drafts.
    expectProblem(patch, 404, 'REVIEW_NOT_FOUND');
    const publish = await api.request('POST', `/v1/reviews/${review.id}/publish`, { token: otherToken });
    expectProblem(publish, 404, 'REVIEW_NOT_FOUND');
    const del = await api.request('DELETE', `/v1/reviews/${review.id}`, { token: otherToken });
    expectProblem(del, 404, 'REVIEW_NOT_FOUND');
    const after = await api.request<{ data: { title: string; status: string } }>(
      'GET',
      `/v1/reviews/${review.id}`,
      { token: editorToken },
    );
    expect(after.body.data).toMatchObject({ title: review.title, status: 'draft' });
  });

  it('when a published review is published again, then 200 and no second review.published', async () => {
    const review = await api.must<{ id: string }>(
      'POST',
      '/v1/reviews',
      reviewBody(cameraId),
      editorToken,
      201,
    );
    const push = new PushClient(system.gateway.url);
    try {
      await push.subscribe('feed');
      const first = await api.request<{ data: { version: number } }>(
        'POST',
        `/v1/reviews/${review.id}/publish`,
        { token: editorToken },
      );
      const second = await api.request<{ data: { version: number } }>(
        'POST',
        `/v1/reviews/${review.id}/publish`,
        { token: editorToken },
      );
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.body.data.version).toBe(first.body.data.version);
      await push.waitFor((e) => e.data.reviewId === review.id);
      await new Promise((r) => setTimeout(r, 300));
      expect(
        push.events.filter((e) => e.type === 'review.published' && e.data.reviewId === review.id),
      ).toHaveLength(1);
    } finally {
      push.close();
    }
  });

  it('when If-Match carries a stale version, then 412 and nothing changes', async () => {
    const review = await api.must<{ id: string; version: number }>(
      'POST',
      '/v1/reviews',
      reviewBody(cameraId),
      editorToken,
      201,
    );
    const ok = await api.request('PATCH', `/v1/reviews/${review.id}`, {
      body: { rating: 9 },
      token: editorToken,
      headers: { 'if-match': `"v${review.version}"` },
    });
    expect(ok.status).toBe(200);
    const stale = await api.request('PATCH', `/v1/reviews/${review.id}`, {
      body: { rating: 2 },
      token: editorToken,
      headers: { 'if-match': `"v${review.version}"` },
    });
    expectProblem(stale, 412, 'VERSION_MISMATCH');
    const after = await api.request<{ data: { rating: number } }>('GET', `/v1/reviews/${review.id}`, {
      token: editorToken,
    });
    expect(after.body.data.rating).toBe(9);
  });

  it('when a review is deleted twice, then 204 then 404, never 500', async () => {
    const review = await api.must<{ id: string }>(
      'POST',
      '/v1/reviews',
      reviewBody(cameraId),
      editorToken,
      201,
    );
    expect((await api.request('DELETE', `/v1/reviews/${review.id}`, { token: editorToken })).status).toBe(
      204,
    );
    expectProblem(
      await api.request('DELETE', `/v1/reviews/${review.id}`, { token: editorToken }),
      404,
      'REVIEW_NOT_FOUND',
    );
  });

  it('when a socket asks for an unknown room or someone else\u2019s editor room, then it is refused', async () => {
    const push = new PushClient(system.gateway.url);
    try {
      expect((await push.subscribe('admin-secrets')).ok).toBe(false);
      expect((await push.subscribe('editor:01a204c5-545b-72d8-a938-731f3563466d')).ok).toBe(false);
    } finally {
      push.close();
    }
  });
});

describe('embedded mode: outages', () => {
  it('when the content service is down, then reads answer 503 problem+json quickly, not a hang', async () => {
    const content = system.services.find((s) => s.name === 'content');
    await content?.stop();
    const started = Date.now();
    // A page no one read before (a cached one may still be served: the cache is a fallback by design).
    const res = await api.request('GET', '/v1/content?limit=17');
    expectProblem(res, 503, 'UPSTREAM_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(5000);
    const ready = await api.request<{ checks: Record<string, boolean> }>('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.content).toBe(false);
    // Readiness also says whether the revocations are known (tokens are refused until they are).
    expect(ready.body.checks.revocations).toBe(true);
  });
});
