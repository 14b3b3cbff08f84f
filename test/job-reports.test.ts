import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, reviewBody, type ApiResponse } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { startTestSystem } from './support/system.ts';
import { WebhookReceiver, type ReceivedWebhook } from './support/webhook-receiver.ts';

// Through a running embedded gateway: comparison reports (POST /v1/reports → a PDF behind a signed link,
// parsed with pdf-parse), job.completed / job.failed as signed webhooks to a real receiver on loopback,
// and the audit log recording admins' changes to webhook endpoints.

interface Job {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  error?: string;
  result?: { url: string; expiresAt: string; bytes: number; rows: number; contentType: string };
  format: string;
  filter: Record<string, unknown>;
  cameraIds?: string[];
}
interface CreatedEndpoint {
  id: string;
  secret: string;
}
interface AuditEntry {
  actor: { id: string; role: string };
  action: string;
  subject: { kind: string; id: string };
  versionBefore: number | null;
  versionAfter: number | null;
  changedFields: string[] | null;
}

const RECEIVER_HOST = '127.0.0.2';
const CAMERAS = [
  {
    brand: 'Fujifilm',
    model: 'X-T5 Report',
    type: 'mirrorless',
    specs: { megapixels: 40.2, sensorSize: 'APS-C' },
  },
  {
    brand: 'Nikon',
    model: 'Zf Report',
    type: 'mirrorless',
    specs: { megapixels: 24.5, sensorSize: 'Full frame' },
  },
];

let system: EmbeddedSystem;
let api: ApiClient;
let admin: { id: string; token: string };
let cameraIds: string[];
let hook: WebhookReceiver;
let endpoint: CreatedEndpoint;

beforeAll(async () => {
  system = await startTestSystem({
    RCR_WEBHOOK_ALLOWED_HOSTS: RECEIVER_HOST,
    RCR_WEBHOOK_RETRY_SCHEDULE: '0s,1s,2s',
    RCR_WEBHOOK_POLL: '100ms',
    // A camera created a moment before the report may reach the jobs service's projection after its
    // first run: the retry finds it. An unknown camera fails for good after the third run.
    RCR_JOBS_MAX_ATTEMPTS: '3',
    RCR_JOBS_RETRY_DELAY: '200ms',
  });
  api = new ApiClient(system.gateway.url);
  const token = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  admin = { id: (await api.must<{ id: string }>('GET', '/v1/me', undefined, token)).id, token };
  cameraIds = [];
  for (const camera of CAMERAS) {
    cameraIds.push((await api.must<{ id: string }>('POST', '/v1/cameras', camera, token, 201)).id);
  }
  for (const [cameraId, ratings] of [
    [cameraIds[0] as string, [8, 9]],
    [cameraIds[1] as string, [6.5]],
  ] as const) {
    for (const rating of ratings) {
      const review = await api.must<{ id: string }>(
        'POST',
        '/v1/reviews',
        reviewBody(cameraId, { rating }),
        token,
        201,
      );
      await api.must('POST', `/v1/reviews/${review.id}/publish`, undefined, token);
    }
  }
  hook = await WebhookReceiver.start(RECEIVER_HOST);
  endpoint = await api.must<CreatedEndpoint>(
    'POST',
    '/v1/webhook-endpoints',
    { url: hook.url(), events: ['job.completed', 'job.failed'] },
    token,
    201,
  );
}, 120_000);

afterAll(async () => {
  await hook?.close();
  await system?.stop();
});

function expectProblem(res: ApiResponse, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  if (code) expect((res.body as { code: string }).code).toBe(code);
}

async function report(body: unknown): Promise<ApiResponse<{ data: Job }>> {
  return api.request<{ data: Job }>('POST', '/v1/reports', { body, token: admin.token });
}

/** Waits for a job to finish (succeeded or failed) and returns it. */
async function finished(id: string): Promise<Job> {
  let job: Job | undefined;
  await eventually(async () => {
    job = await api.must<Job>('GET', `/v1/jobs/${id}`, undefined, admin.token);
    expect(['succeeded', 'failed']).toContain(job.status);
  }, 20_000);
  return job as Job;
}

/** The signed webhooks about one job, verified with the endpoint's secret as a partner would. */
function webhooksAbout(jobId: string): { type: string; data: Record<string, unknown> }[] {
  return hook.received
    .filter((request: ReceivedWebhook) => request.body.includes(jobId))
    .map(
      (request) =>
        WebhookReceiver.verify(request, endpoint.secret) as { type: string; data: Record<string, unknown> },
    );
}

describe('comparison reports (POST /v1/reports)', () => {
  it('when two cameras are compared, then a one-page PDF with their names, specs and scores is offered by a signed link, and a signed job.completed webhook says so', async () => {
    const res = await report({ cameraIds });
    expect(res.status).toBe(202);
    const queued = res.body.data;
    expect(res.headers.get('location')).toBe(`/v1/jobs/${queued.id}`);
    expect(queued).toMatchObject({ kind: 'report', format: 'pdf', cameraIds, filter: {} });

    const job = await finished(queued.id);
    expect(job.status, job.error).toBe('succeeded');
    expect(job.result).toMatchObject({ rows: 2, contentType: 'application/pdf' });
    expect(job.result?.url).toMatch(
      new RegExp(`^/v1/files/reports/${job.id}\\.pdf\\?expires=\\d+&signature=`),
    );

    const file = await fetch(`${system.gateway.url}${job.result?.url}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain(`${job.id}.pdf`);
    const pdf = Buffer.from(await file.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const parsed = await parser.getText().finally(() => parser.destroy());
    expect(parsed.total).toBe(1);
    for (const text of [
      'Fujifilm X-T5 Report',
      'Nikon Zf Report',
      'APS-C',
      'Full frame',
      '40.2',
      'Average rating',
    ])
      expect(parsed.text).toContain(text);
    // Scores: the Fujifilm's two reviews average 8.5, the Nikon's one is 6.5.
    expect(parsed.text).toContain('8.5 (2)');
    expect(parsed.text).toContain('6.5 (1)');

    await eventually(() => expect(webhooksAbout(job.id).map((w) => w.type)).toEqual(['job.completed']));
    expect(webhooksAbout(job.id)[0]?.data).toMatchObject({ jobId: job.id, kind: 'report', rows: 2 });
  });

  it('when a camera id is unknown, then the job fails naming it and a signed job.failed webhook says why', async () => {
    const res = await report({ cameraIds: [cameraIds[0], 'no-such-camera-here'] });
    expect(res.status).toBe(202);
    const job = await finished(res.body.data.id);
    expect(job.status).toBe('failed');
    expect(job.error).toContain('no-such-camera-here');
    await eventually(() => expect(webhooksAbout(job.id).map((w) => w.type)).toEqual(['job.failed']));
    expect(String(webhooksAbout(job.id)[0]?.data.error)).toContain('no-such-camera-here');
  });

  it.each([
    ['one camera', { cameraIds: ['a-camera'] }],
    ['five cameras', { cameraIds: ['a', 'b', 'c', 'd', 'e'] }],
    ['a camera twice', { cameraIds: ['a', 'a'] }],
    ['a malformed id', { cameraIds: ['a', 'Not An Id'] }],
    ['an unknown field', { cameraIds: ['a', 'b'], format: 'pdf' }],
    ['no cameras', {}],
  ])('when the request has %s, then 400 VALIDATION_FAILED and nothing is queued', async (_what, body) => {
    expectProblem(await report(body), 400, 'VALIDATION_FAILED');
  });

  it('when anonymous, then 401', async () => {
    expectProblem(await api.request('POST', '/v1/reports', { body: { cameraIds } }), 401);
  });
});

describe('audit of webhook endpoint changes', () => {
  it('when an admin creates, changes, rotates and deletes an endpoint, then each change is in the audit log with who and the versions', async () => {
    const created = await api.must<CreatedEndpoint>(
      'POST',
      '/v1/webhook-endpoints',
      { url: hook.url('/audited'), events: ['camera.created'] },
      admin.token,
      201,
    );
    const patch = { events: ['camera.created', 'camera.deleted'], description: 'audited' };
    await api.must('PATCH', `/v1/webhook-endpoints/${created.id}`, patch, admin.token);
    await api.must('POST', `/v1/webhook-endpoints/${created.id}/rotate-secret`, undefined, admin.token);
    await api.must('DELETE', `/v1/webhook-endpoints/${created.id}`, undefined, admin.token, 204);

    let entries: AuditEntry[] = [];
    await eventually(async () => {
      entries = await api.must<AuditEntry[]>(
        'GET',
        `/v1/audit-events?subject=${created.id}`,
        undefined,
        admin.token,
      );
      expect(entries).toHaveLength(4);
    });
    const actor = { id: admin.id, role: 'admin' };
    const subject = { kind: 'webhook-endpoint', id: created.id };
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'webhook-endpoint.created',
        actor,
        subject,
        versionBefore: null,
        versionAfter: 1,
      }),
      expect.objectContaining({
        action: 'webhook-endpoint.updated',
        actor,
        subject,
        versionBefore: 1,
        versionAfter: 2,
        changedFields: ['description', 'events'],
      }),
      expect.objectContaining({
        action: 'webhook-endpoint.secret-rotated',
        actor,
        versionBefore: 2,
        versionAfter: 3,
      }),
      expect.objectContaining({
        action: 'webhook-endpoint.deleted',
        actor,
        versionBefore: 3,
        versionAfter: 4,
      }),
    ]);
    // The secret is never in the log.
    expect(JSON.stringify(entries)).not.toContain(created.secret);
  });
});
