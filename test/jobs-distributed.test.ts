import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, cameraBody, PushClient, reviewBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';
import { startTestS3, type TestS3 } from './support/s3.ts';

// The work queue's guarantee in distributed mode (PostgreSQL, NATS JetStream, the S3 adapter on s3rver):
// a jobs process killed half-way through an export, and again right after the export's outcome
// committed, still leaves one job that succeeded once — one result, one job.completed.

const available = await distributedAvailable('jobs in distributed mode');

interface Job {
  id: string;
  status: string;
  attempts: number;
  progress: number;
  result?: { url: string; rows: number; bytes: number };
}

describe.skipIf(!available)('jobs in distributed mode (NATS work queue, S3 bucket)', () => {
  let s3: TestS3;
  let system: DistributedSystem;
  let api: ApiClient;
  let token: string;
  let ownerId: string;
  let db: pg.Client;

  beforeAll(async () => {
    s3 = await startTestS3('rcr-exports');
    system = await startDistributedSystem(1, () => ({
      jobs: {
        BUCKET_URL: `s3://${s3.bucket}`,
        S3_ENDPOINT: s3.endpoint,
        AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
        // A dead worker's message comes back soon after its keep-alives stop.
        RCR_BUS_ACK_WAIT: '1s',
        RCR_JOBS_MAX_ATTEMPTS: '3',
        // The first jobs process dies half-way through its first run.
        RCR_FAULTS: 'crash-mid-job:1',
      },
    }));
    api = new ApiClient(system.gateways[0]!.url);
    token = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
    ownerId = (await api.request<{ data: { id: string } }>('GET', '/v1/me', { token })).body.data.id;
    const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), token, 201);
    for (const title of ['First of two reviews', '-2+3 starts like a formula']) {
      const { id } = await api.must<{ id: string }>(
        'POST',
        '/v1/reviews',
        reviewBody(camera.id, { title }),
        token,
        201,
      );
      await api.must('POST', `/v1/reviews/${id}/publish`, undefined, token);
    }
    db = new pg.Client({ connectionString: system.databaseUrl });
    await db.connect();
    // The export reads the jobs service's own projection, fed by the review events.
    await eventually(async () => {
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM jobs.export_reviews WHERE published',
      );
      expect(rows[0]?.n).toBe(2);
    }, 30_000);
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await system?.stop();
    await s3?.close();
  });

  it('when the worker is killed mid-export and again right after completing, then the job completes exactly once', async () => {
    const push = new PushClient(system.gateways[0]!.url, { token });
    try {
      expect(await push.subscribe(`user:${ownerId}`)).toMatchObject({ ok: true });
      const res = await api.request<{ data: Job }>('POST', '/v1/exports', { body: { format: 'csv' }, token });
      expect(res.status).toBe(202);
      const id = res.body.data.id;

      // 1. Killed half-way: progress recorded, no result (read from its table: the service is down).
      expect(await system.services.jobs.process.exited).toBe('SIGKILL');
      const { rows: half } = await db.query(
        'SELECT status, attempts, progress, result FROM jobs.jobs WHERE id = $1',
        [id],
      );
      expect(half[0]).toMatchObject({ status: 'running', attempts: 1, result: null });
      expect(half[0]?.progress).toBeGreaterThan(0);

      // 2. Back, the message is redelivered; this process dies right after the outcome commits.
      await system.restart('jobs', { RCR_FAULTS: 'crash-after-job:1' }).catch((err: unknown) => {
        // The redelivered job may be done (and the fault kill the process) before its health is seen.
        if (system.services.jobs.process.child.signalCode !== 'SIGKILL') throw err;
      });
      expect(await system.services.jobs.process.exited).toBe('SIGKILL');

      // 3. Back again: the message comes once more, and finds the job finished.
      await system.restart('jobs', { RCR_FAULTS: '' });
      let job: Job | undefined;
      await eventually(async () => {
        job = (await api.request<{ data: Job }>('GET', `/v1/jobs/${id}`, { token })).body.data;
        expect(job.status).toBe('succeeded');
      }, 30_000);
      expect(job).toMatchObject({ attempts: 2, progress: 100, result: { rows: 2 } });
      // The delivery that outlived the completion comes back and must start no run: give it time to show.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const after = (await api.request<{ data: Job }>('GET', `/v1/jobs/${id}`, { token })).body.data;
      expect(after).toMatchObject({ status: 'succeeded', attempts: 2 });
      const { rows: completed } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM jobs.outbox WHERE type = 'job.completed' AND event->>'subject' = $1`,
        [id],
      );
      expect(completed[0]?.n).toBe(1);
      await push.waitFor((e) => e.type === 'job.completed' && e.subject === id, 20_000);
      expect(push.events.filter((e) => e.type === 'job.completed' && e.subject === id)).toHaveLength(1);

      // The result is in the S3 bucket, once, and the signed link serves it.
      const file = await fetch(`${system.gateways[0]!.url}${after.result?.url}`);
      expect(file.status).toBe(200);
      const text = await file.text();
      expect(text.split('\r\n').filter(Boolean)).toHaveLength(3);
      expect(text).toContain(`"'-2+3 starts like a formula"`);
      expect(file.headers.get('content-length')).toBe(String(after.result?.bytes));
      const listed = await fetch(`${s3.endpoint}/${s3.bucket}/exports/${id}.csv`, { method: 'HEAD' });
      expect([200, 403]).toContain(listed.status); // anonymous S3 access may be refused; the gateway's answer counts
    } finally {
      push.close();
    }
  });
});
