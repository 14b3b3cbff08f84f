import { KeyRing, LinkSigner, newKeyRingSpec } from '@rcr/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, cameraBody, PushClient, reviewBody, type ApiResponse } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { createEditor, TEST_ADMIN } from './support/flow.ts';
import { startTestS3, type TestS3 } from './support/s3.ts';
import { SseClient } from './support/sse.ts';
import { startTestSystem } from './support/system.ts';

// Exports through a running embedded gateway: POST /v1/exports → a job on the in-process queue → a file in
// the local bucket behind a signed link; its events pushed to the owner's private user:<id> topic only.

type Problem = { status: number; code: string; errors?: { field: string; message: string }[] };
interface Job {
  id: string;
  kind: string;
  status: string;
  progress: number;
  attempts: number;
  error?: string;
  result?: { url: string; expiresAt: string; bytes: number; rows: number; contentType: string };
  format: string;
  filter: Record<string, unknown>;
}

const ENCRYPTION_KEY = newKeyRingSpec('k-test');
/** Signs links with the system's own key ring (as a test may: it set RCR_ENCRYPTION_KEY). */
const signer = new LinkSigner(KeyRing.parse(ENCRYPTION_KEY).macKeys('file links'));

let system: EmbeddedSystem;
let api: ApiClient;
let admin: string;
let first: { id: string; token: string };
let second: { id: string; token: string };
let cameraId: string;
/** Published reviews of the first editor; one has a title that is a spreadsheet formula. */
const HOSTILE_TITLE = '=HYPERLINK("http://evil.example","click")';

const editor = (name: string) => createEditor(api, admin, name);

async function publish(token: string, body: Record<string, unknown>): Promise<string> {
  const { id } = await api.must<{ id: string }>('POST', '/v1/reviews', body, token, 201);
  await api.must('POST', `/v1/reviews/${id}/publish`, undefined, token);
  return id;
}

async function exportJob(token: string, body: unknown, headers: Record<string, string> = {}) {
  return api.request<{ data: Job }>('POST', '/v1/exports', { body, token, headers });
}

async function finished(token: string, id: string, timeoutMs = 20_000): Promise<Job> {
  let job: Job | undefined;
  await eventually(async () => {
    const res = await api.request<{ data: Job }>('GET', `/v1/jobs/${id}`, { token });
    expect(res.status).toBe(200);
    job = res.body.data;
    expect(['succeeded', 'failed']).toContain(job.status);
  }, timeoutMs);
  return job as Job;
}

async function download(url: string, method = 'GET') {
  const response = await fetch(`${system.gateway.url}${url}`, { method });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function expectProblem(res: ApiResponse, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  if (code) expect((res.body as Problem).code).toBe(code);
}

beforeAll(async () => {
  system = await startTestSystem({ RCR_ENCRYPTION_KEY: ENCRYPTION_KEY });
  api = new ApiClient(system.gateway.url);
  admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  first = await editor('first');
  second = await editor('second');
  cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), first.token, 201)).id;
  await publish(first.token, reviewBody(cameraId, { title: HOSTILE_TITLE, rating: 9 }));
  await publish(first.token, reviewBody(cameraId, { title: 'Plain, with "quotes"', rating: 6 }));
  await publish(second.token, reviewBody(cameraId, { title: 'By the second editor', rating: 7 }));
  // A draft is never exported.
  await api.must('POST', '/v1/reviews', reviewBody(cameraId, { title: 'Just a draft' }), first.token, 201);
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

describe('exports', () => {
  it('when an editor exports CSV, then 202 + Location, the job succeeds and its signed file is formula-safe CSV', async () => {
    const res = await exportJob(first.token, { format: 'csv', filter: { cameraId } });
    expect(res.status).toBe(202);
    const queued = res.body.data;
    expect(res.headers.get('location')).toBe(`/v1/jobs/${queued.id}`);
    expect(queued).toMatchObject({ kind: 'export', format: 'csv', filter: { cameraId }, attempts: 0 });
    expect(['queued', 'running', 'succeeded']).toContain(queued.status);

    const job = await finished(first.token, queued.id);
    expect(job).toMatchObject({ status: 'succeeded', progress: 100, attempts: 1 });
    expect(job.result).toMatchObject({ rows: 3, contentType: expect.stringContaining('text/csv') });
    expect(job.result?.url).toMatch(
      new RegExp(`^/v1/files/exports/${job.id}\\.csv\\?expires=\\d+&signature=`),
    );
    expect(Date.parse(job.result?.expiresAt ?? '') - Date.now()).toBeGreaterThan(50 * 60_000);

    const file = await download(job.result?.url ?? '');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/csv');
    expect(file.headers.get('content-length')).toBe(String(job.result?.bytes));
    expect(file.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(file.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect(Number(/max-age=(\d+)/.exec(file.headers.get('cache-control') ?? '')?.[1])).toBeGreaterThan(3000);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${job.id}.csv"`);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    const records = file.text.split('\r\n');
    expect(records[0]).toMatch(/^"id","slug","title",/);
    expect(records.at(-1)).toBe('');
    expect(records).toHaveLength(5); // header, three reviews, the empty rest after the last CRLF
    // The formula is shown as text: prefixed with ' and quoted, its quotes doubled (RFC 4180).
    expect(file.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(file.text).toContain('"Plain, with ""quotes"""');
    expect(file.text).not.toContain('Just a draft');
    expect(file.text.split('\r\n').some((line) => line.startsWith('='))).toBe(false);

    const head = await download(job.result?.url ?? '', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers.get('content-length')).toBe(String(job.result?.bytes));
    expect(head.headers.get('etag')).toBe(file.headers.get('etag'));
  });

  it('when an editor exports JSON with filters, then the file is NDJSON of the matching reviews only', async () => {
    const res = await exportJob(first.token, {
      format: 'json',
      filter: { authorId: first.id, minRating: 8, brand: 'TESTBRAND' },
    });
    expect(res.status).toBe(202);
    const job = await finished(first.token, res.body.data.id);
    expect(job.status).toBe('succeeded');
    expect(job.result?.url).toContain('.ndjson?');
    const file = await download(job.result?.url ?? '');
    expect(file.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = file.text.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const review = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(review).toMatchObject({ title: HOSTILE_TITLE, rating: 9, authorId: first.id, cameraId });
    expect(review.brand).toBe('Testbrand');
  });

  it('when a filter matches nothing, then the job succeeds with an empty export', async () => {
    const res = await exportJob(first.token, { format: 'csv', filter: { q: 'no review says this' } });
    const job = await finished(first.token, res.body.data.id);
    expect(job).toMatchObject({ status: 'succeeded', result: { rows: 0 } });
  });

  it('when the same Idempotency-Key is sent twice, then one job is queued and the first answer replays', async () => {
    const headers = { 'idempotency-key': `export-${Date.now()}` };
    const body = { format: 'csv', filter: { minRating: 5 } };
    const one = await exportJob(first.token, body, headers);
    const two = await exportJob(first.token, body, headers);
    expect(one.status).toBe(202);
    expect(two.status).toBe(202);
    expect(two.body.data.id).toBe(one.body.data.id);
    const other = await exportJob(first.token, { ...body, format: 'json' }, headers);
    expect(other.status).toBe(422);
  });

  it.each([
    ['a bad format', { format: 'xlsx' }],
    ['no format', { filter: {} }],
    ['an unknown filter field', { format: 'csv', filter: { sql: 'DROP TABLE jobs' } }],
    ['an unknown top-level field', { format: 'csv', owner: 'someone' }],
    ['a filter of the wrong type', { format: 'csv', filter: { minRating: 'high' } }],
    ['a rating out of range', { format: 'csv', filter: { minRating: 11 } }],
    ['an author that is not an id', { format: 'csv', filter: { authorId: '../../etc' } }],
  ])('when the request has %s, then 400 and nothing is queued', async (_what, body) => {
    const before = await api.request<{ data: Job[] }>('GET', '/v1/jobs?limit=100', { token: second.token });
    const res = await exportJob(second.token, body);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect((res.body as unknown as Problem).errors?.length).toBeGreaterThan(0);
    const after = await api.request<{ data: Job[] }>('GET', '/v1/jobs?limit=100', { token: second.token });
    expect(after.body.data).toHaveLength(before.body.data.length);
  });

  it('when the request is anonymous, malformed, not JSON or huge, then 401, 400, 415 and 413', async () => {
    const anonymous = await api.request('POST', '/v1/exports', { body: { format: 'csv' } });
    expectProblem(anonymous, 401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    expectProblem(
      await api.request('POST', '/v1/exports', {
        rawBody: '{"format": "csv",',
        token: first.token,
        headers: { 'content-type': 'application/json' },
      }),
      400,
    );
    expectProblem(
      await api.request('POST', '/v1/exports', {
        rawBody: 'format=csv',
        token: first.token,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
    );
    expectProblem(
      await api.request('POST', '/v1/exports', {
        rawBody: JSON.stringify({ format: 'csv', filter: { q: 'x'.repeat(2 * 1024 * 1024) } }),
        token: first.token,
        headers: { 'content-type': 'application/json' },
      }),
      413,
      'BODY_TOO_LARGE',
    );
    expectProblem(await api.request('GET', '/v1/jobs/00000000-0000-7000-8000-000000000000'), 401);
  });

  it("when another editor asks for a job, then 404; an admin sees it; lists hold one's own jobs only", async () => {
    const res = await exportJob(first.token, { format: 'csv' });
    const id = res.body.data.id;
    expectProblem(await api.request('GET', `/v1/jobs/${id}`, { token: second.token }), 404, 'JOB_NOT_FOUND');
    expectProblem(
      await api.request('GET', '/v1/jobs/00000000-0000-7000-8000-000000000000', { token: first.token }),
      404,
      'JOB_NOT_FOUND',
    );
    expectProblem(await api.request('GET', '/v1/jobs/not-a-uuid', { token: first.token }), 400);
    expect((await api.request('GET', `/v1/jobs/${id}`, { token: admin })).status).toBe(200);
    const mine = await api.request<{ data: Job[] }>('GET', '/v1/jobs', { token: first.token });
    expect(mine.body.data.map((job) => job.id)).toContain(id);
    const theirs = await api.request<{ data: Job[] }>('GET', '/v1/jobs?limit=100', { token: second.token });
    expect(theirs.body.data.map((job) => job.id)).not.toContain(id);
  });
});

describe('file links', () => {
  let job: Job;
  let key: string;
  let query: URLSearchParams;

  beforeAll(async () => {
    const res = await exportJob(first.token, { format: 'csv' });
    job = await finished(first.token, res.body.data.id);
    const url = new URL(job.result?.url ?? '', 'http://x');
    key = url.pathname.slice('/v1/files/'.length);
    query = url.searchParams;
  });

  const link = (path: string, expires: string | null, signature: string | null) => {
    const params = new URLSearchParams();
    if (expires !== null) params.set('expires', expires);
    if (signature !== null) params.set('signature', signature);
    return `/v1/files/${path}?${params}`;
  };

  it('when a link is forged, truncated, stretched or incomplete, then 403 problem+json', async () => {
    const expires = query.get('expires') as string;
    const signature = query.get('signature') as string;
    const forged = `${signature.slice(0, -4)}${signature.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    for (const url of [
      link(key, expires, forged),
      link(key, expires, signature.slice(0, -10)),
      link(key, String(Number(expires) + 3600), signature),
      link(key, expires, null),
      link(key, null, signature),
      link(key, expires, `nokey.${signature.split('.')[1]}`),
      link(`exports/${job.id}.ndjson`, expires, signature),
    ]) {
      const res = await api.request('GET', url);
      expectProblem(res, 403, 'LINK_INVALID');
    }
  });

  it('when a genuine link has expired, then 403 LINK_EXPIRED; a forged expired one is LINK_INVALID', async () => {
    const old = signer.sign(key, 60, Date.now() - 3600_000);
    expectProblem(
      await api.request('GET', link(key, String(old.expires), old.signature)),
      403,
      'LINK_EXPIRED',
    );
    expectProblem(
      await api.request('GET', link(key, String(old.expires), 'k-test.AAAA')),
      403,
      'LINK_INVALID',
    );
    expectProblem(await api.request('HEAD', link(key, String(old.expires), old.signature)), 403);
  });

  it('when the client sends the file’s ETag (or *) in If-None-Match, then 304 without the bytes; another ETag gets the file', async () => {
    const url = `/v1/files/${key}?${query}`;
    const full = await fetch(`${system.gateway.url}${url}`);
    const etag = full.headers.get('etag') as string;
    expect([full.status, etag]).toEqual([200, expect.stringMatching(/^"/)]);
    const bytes = await full.text();
    for (const given of [etag, `W/${etag}`, '*', `"other", ${etag}`]) {
      const again = await fetch(`${system.gateway.url}${url}`, { headers: { 'if-none-match': given } });
      expect(again.status, given).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');
    }
    const other = await fetch(`${system.gateway.url}${url}`, { headers: { 'if-none-match': '"other"' } });
    expect([other.status, await other.text()]).toEqual([200, bytes]);
  });

  it('when a genuine link points to a file that is gone, then 404', async () => {
    const gone = signer.sign('exports/does-not-exist.csv', 600);
    expectProblem(
      await api.request('GET', link('exports/does-not-exist.csv', String(gone.expires), gone.signature)),
      404,
      'FILE_NOT_FOUND',
    );
  });

  it('when the key is hostile (traversal, encoded, odd characters), then 403 or 400 (404 once the client normalised the path) and never a file', async () => {
    const expires = query.get('expires') as string;
    const signature = query.get('signature') as string;
    for (const path of [
      '..%2F..%2Fsecrets%2Fencryption-key',
      'exports%2F..%2F..%2Fdb',
      '%2e%2e/%2e%2e/etc/passwd',
      'exports/..%5c..%5cwin.ini',
      'exports/%00.csv',
      `exports/${job.id}.csv%20`,
      'a'.repeat(500),
    ]) {
      const res = await api.request('GET', link(path, expires, signature));
      expect([400, 403, 404]).toContain(res.status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    // Even a correctly signed hostile key is refused by the bucket port's key rule.
    const hostile = '../secrets/encryption-key';
    const signed = signer.sign(hostile, 600);
    const res = await api.request(
      'GET',
      link('..%2Fsecrets%2Fencryption-key', String(signed.expires), signed.signature),
    );
    expectProblem(res, 400, 'STORAGE_INVALID_KEY');
  });
});

describe('job events are pushed to their owner only', () => {
  it('when a job runs, then its owner gets job.progress and job.completed on user:<id> (Socket.IO and SSE); nobody else does', async () => {
    const owner = new PushClient(system.gateway.url, { token: first.token });
    const intruder = new PushClient(system.gateway.url, { token: second.token });
    const adminSocket = new PushClient(system.gateway.url, { token: admin });
    const anonymous = new PushClient(system.gateway.url);
    const sse = new SseClient(system.gateway.url, `user:${first.id}`, { token: first.token });
    const feedSse = new SseClient(system.gateway.url, 'feed');
    try {
      expect(await owner.subscribe(`user:${first.id}`)).toEqual({ ok: true, room: `user:${first.id}` });
      expect(await intruder.subscribe(`user:${first.id}`)).toMatchObject({ ok: false });
      expect(await adminSocket.subscribe(`user:${first.id}`)).toMatchObject({ ok: false });
      expect(await anonymous.subscribe(`user:${first.id}`)).toMatchObject({ ok: false });
      expect(await intruder.subscribe('feed')).toEqual({ ok: true, room: 'feed' });
      expect(await intruder.subscribe(`user:${second.id}`)).toEqual({ ok: true, room: `user:${second.id}` });
      expect(await adminSocket.subscribe(`editor:${first.id}`)).toEqual({
        ok: true,
        room: `editor:${first.id}`,
      });
      await sse.opened;
      await feedSse.opened;

      const res = await exportJob(first.token, { format: 'json' });
      const id = res.body.data.id;
      const completed = await owner.waitFor((e) => e.type === 'job.completed' && e.subject === id);
      expect(completed.data).toMatchObject({ jobId: id, ownerId: first.id, kind: 'export', rows: 3 });
      await owner.waitFor((e) => e.type === 'job.progress' && e.subject === id);
      await eventually(() => {
        const about = sse.messages.filter((m) => (m.data as { subject?: string }).subject === id);
        expect(about.map((m) => m.type)).toEqual(expect.arrayContaining(['job.progress', 'job.completed']));
      });
      // Another job's events reach its own owner: the rooms work, so silence elsewhere means something.
      const theirs = await exportJob(second.token, { format: 'csv' });
      await intruder.waitFor((e) => e.type === 'job.completed' && e.subject === theirs.body.data.id);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const client of [intruder, adminSocket, anonymous]) {
        expect(client.events.filter((e) => e.subject === id)).toEqual([]);
      }
      expect(owner.events.filter((e) => e.subject === theirs.body.data.id)).toEqual([]);
      expect(feedSse.messages.filter((m) => m.type.startsWith('job.'))).toEqual([]);
    } finally {
      for (const client of [owner, intruder, adminSocket, anonymous]) client.close();
      sse.close();
      feedSse.close();
    }
  });

  it("when an SSE client asks for another user's topic, then 403; without a token, 401", async () => {
    const other = await api.request('GET', `/v1/events?topics=user:${first.id}`, { token: second.token });
    expectProblem(other, 403, 'TOPIC_FORBIDDEN');
    const byAdmin = await api.request('GET', `/v1/events?topics=user:${first.id}`, { token: admin });
    expectProblem(byAdmin, 403, 'TOPIC_FORBIDDEN');
    expectProblem(await api.request('GET', `/v1/events?topics=feed,user:${first.id}`), 401);
  });
});

describe('a job that keeps failing', () => {
  let s3: TestS3;
  let failing: EmbeddedSystem;

  beforeAll(async () => {
    s3 = await startTestS3();
    // The bucket named here does not exist in the store: every write of the result fails.
    failing = await startTestSystem({
      BUCKET_URL: 's3://no-such-bucket',
      S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      RCR_JOBS_MAX_ATTEMPTS: '2',
      RCR_JOBS_RETRY_DELAY: '100ms',
    });
  }, 120_000);

  afterAll(async () => {
    await failing?.stop();
    await s3?.close();
  });

  it('when every run fails, then after RCR_JOBS_MAX_ATTEMPTS runs the job is failed with the reason, and job.failed is pushed', async () => {
    const client = new ApiClient(failing.gateway.url);
    const token = (await client.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
    const me = await client.request<{ data: { id: string } }>('GET', '/v1/me', { token });
    const push = new PushClient(failing.gateway.url, { token });
    try {
      expect(await push.subscribe(`user:${me.body.data.id}`)).toMatchObject({ ok: true });
      const res = await client.request<{ data: Job }>('POST', '/v1/exports', {
        body: { format: 'csv' },
        token,
      });
      expect(res.status).toBe(202);
      const id = res.body.data.id;
      let job: Job | undefined;
      await eventually(async () => {
        job = (await client.request<{ data: Job }>('GET', `/v1/jobs/${id}`, { token })).body.data;
        expect(job.status).toBe('failed');
      }, 20_000);
      expect(job).toMatchObject({ attempts: 2, error: expect.stringMatching(/^gave up after 2 attempts: /) });
      expect(job?.result).toBeUndefined();
      const failed = await push.waitFor((e) => e.type === 'job.failed' && e.subject === id);
      expect(failed.data).toMatchObject({ attempt: 2, error: job?.error });
    } finally {
      push.close();
    }
  });
});
