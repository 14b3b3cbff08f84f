import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHealth, createLogger, openPostgres, ReadReplica, type Database } from '@rcr/platform';
import { READ_REPLICA_HEALTH } from '../services/content/src/service.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';
import { PgQueryCounter } from './support/pg-query-counter.ts';
import { pgReplicaAvailable, startPgReplicaCluster, type PgReplicaCluster } from './support/pg-replica.ts';

// M19/M20 (ADR 0028): the whole system on a throw-away PostgreSQL primary, content's read-model queries
// on its streaming replica (DATABASE_READ_URL) through a proxy that counts the statements sent to it.
const available = (await distributedAvailable('replication')) && pgReplicaAvailable('replication');

const FRESH = { 'cache-control': 'no-cache' };

describe.skipIf(!available)('read replica (distributed: content reads from a streaming replica)', () => {
  let cluster: PgReplicaCluster;
  let counter: PgQueryCounter;
  let system: DistributedSystem;
  let api: ApiClient;
  let editor: string;
  let cameraId: string;
  let primary: Database;

  const replicaHealth = () =>
    checkHealth(system.services.content.address, 1000, undefined, READ_REPLICA_HEALTH);
  /** A draft review of the camera: its id and slug. */
  const draft = (title: string) =>
    api.must<{ id: string; slug: string }>(
      'POST',
      '/v1/reviews',
      reviewBody(cameraId, { title }),
      editor,
      201,
    );
  /** Whether content's projection on the primary holds the review (what the replica may not show yet). */
  const onPrimary = async (slug: string) =>
    (await primary.query('SELECT 1 FROM content WHERE slug = $1', [slug])).length === 1;

  beforeAll(async () => {
    cluster = await startPgReplicaCluster();
    const replica = new URL(cluster.replicaUrl);
    counter = new PgQueryCounter(replica.hostname, Number(replica.port));
    const viaCounter = new URL(cluster.replicaUrl);
    viaCounter.port = String(await counter.listen());
    system = await startDistributedSystem(
      1,
      () => ({
        content: {
          DATABASE_READ_URL: viaCounter.toString(),
          RCR_HEALTH_INTERVAL: '250ms',
          // Pausing replay below must not take the replica out of reads (the last test checks the bound).
          RCR_DATABASE_READ_MAX_LAG: '60s',
        },
      }),
      {},
      // The cluster is the database; stopping it (afterAll) removes everything.
      { url: cluster.primaryUrl, drop: async () => undefined },
    );
    primary = await openPostgres({ url: cluster.primaryUrl, schema: 'content', readOnly: true });
    api = new ApiClient(system.gateways[0]!.url);
    const admin = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
    const email = `replica-${Date.now()}@test.rcr`;
    await api.must(
      'POST',
      '/v1/editors',
      { email, name: 'Ana', password: 'editor-password-1' },
      admin.accessToken,
      201,
    );
    editor = (await api.login(email, 'editor-password-1')).accessToken;
    cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), editor, 201)).id;
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await primary?.close();
    await counter?.close();
    await cluster?.stop();
  });

  it('when a reader lists content and reads a camera, then the statements are sent to the replica and content reports it serving reads', async () => {
    await eventually(async () => expect(await replicaHealth()).toBe(true));
    await eventually(async () => {
      const camera = await api.request('GET', `/v1/cameras/${cameraId}`, { headers: FRESH });
      expect(camera.status).toBe(200);
    });
    counter.reset();

    const list = await api.request('GET', '/v1/content?limit=10', { headers: FRESH });
    const camera = await api.request('GET', `/v1/cameras/${cameraId}`, { headers: FRESH });

    expect(list.status).toBe(200);
    expect(camera.status).toBe(200);
    expect(counter.statements).toBeGreaterThanOrEqual(2);
    expect(counter.sql.some((sql) => sql.includes('FROM cameras cam'))).toBe(true);
  });

  it('when the replica has not replayed a publish yet, then the writer’s read with its token waits for the replica and sees the review; the lag is measured meanwhile', async () => {
    const review = await draft('Replica catch-up');
    const lagMeter = await ReadReplica.open({
      url: cluster.replicaUrl,
      schema: 'content',
      primary,
      log: createLogger('replication-test', 'silent'),
      checkEveryMs: 60_000,
      maxLagMs: 60_000,
    });
    await cluster.pauseReplay();
    try {
      const published = await api.request('POST', `/v1/reviews/${review.id}/publish`, { token: editor });
      expect(published.status).toBe(200);
      const token = published.headers.get('rcr-consistency-token') as string;
      // The projection applied it on the primary, the replica does not show it: an anonymous read is stale.
      await eventually(async () => expect(await onPrimary(review.slug)).toBe(true));
      const stale = await api.request('GET', `/v1/content/${review.slug}`, { headers: FRESH });
      expect(stale.status).toBe(404);
      const lag = await lagMeter.lag();
      expect(lag.bytes).toBeGreaterThan(0);
      expect(lag.seconds).toBeGreaterThanOrEqual(0);
      // The same figure is content's Prometheus gauge (ADR 0027).
      const metrics = await (await fetch(system.services.content.metricsUrl)).text();
      const gauge = /^rcr_read_replica_lag\{unit="bytes"\} (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(metrics);
      expect(Number(gauge?.[1])).toBeGreaterThan(0);

      const started = Date.now();
      const read = api.request<{ data: { id: string } }>('GET', `/v1/content/${review.slug}`, {
        token: editor,
        headers: { 'rcr-consistency-token': token },
      });
      await new Promise((resolve) => setTimeout(resolve, 600));
      await cluster.resumeReplay();
      const answer = await read;

      expect(answer.headers.get('rcr-consistency')).toBe('reached');
      expect(answer.status).toBe(200);
      expect(answer.body.data.id).toBe(review.id);
      expect(Date.now() - started).toBeGreaterThanOrEqual(550);
      await eventually(async () => expect(await lagMeter.lag()).toEqual({ bytes: 0, seconds: 0 }));
    } finally {
      await cluster.resumeReplay().catch(() => undefined);
      await lagMeter.close();
    }
  });

  it('when the replica stops, then reads are served by the primary (health says so) and read-your-writes holds without waiting; when it is back, reads return to it', async () => {
    await cluster.stopReplica();
    try {
      const review = await draft('Replica down');
      const published = await api.request('POST', `/v1/reviews/${review.id}/publish`, { token: editor });
      expect(published.status).toBe(200);

      const started = Date.now();
      const read = await api.request<{ data: { id: string } }>('GET', `/v1/content/${review.slug}`, {
        token: editor,
        headers: { 'rcr-consistency-token': published.headers.get('rcr-consistency-token') as string },
      });
      expect(read.status).toBe(200);
      expect(read.headers.get('rcr-consistency')).toBe('reached');
      expect(read.body.data.id).toBe(review.id);
      expect(Date.now() - started).toBeLessThan(1900);
      const list = await api.request('GET', '/v1/content?limit=10', { headers: FRESH });
      expect(list.status).toBe(200);
      await eventually(async () => expect(await replicaHealth()).toBe(false));
    } finally {
      await cluster.startReplica();
    }
    await eventually(async () => expect(await replicaHealth()).toBe(true), 15_000);
    counter.reset();
    expect((await api.request('GET', '/v1/content?limit=10', { headers: FRESH })).status).toBe(200);
    expect(counter.statements).toBeGreaterThan(0);
  });

  it('when the replica falls further behind than the bound, then reads leave it until it has caught up', async () => {
    const replica = await ReadReplica.open({
      url: cluster.replicaUrl,
      schema: 'content',
      primary,
      log: createLogger('replication-test', 'silent'),
      checkEveryMs: 100,
      maxLagMs: 300,
    });
    const writer = await openPostgres({ url: cluster.primaryUrl, schema: 'lag_probe' });
    try {
      await writer.exec('CREATE TABLE IF NOT EXISTS ticks (at timestamptz)');
      // Serving before the pause: the replica restarted by the test before may still be catching up.
      await eventually(() => expect(replica.servingReads).toBe(true), 15_000);
      await cluster.pauseReplay();
      const ticking = setInterval(() => void writer.query('INSERT INTO ticks VALUES (now())'), 50);
      try {
        await eventually(() => expect(replica.servingReads).toBe(false));
        expect((await replica.lag()).seconds).toBeGreaterThan(0.3);
        expect(await replica.caughtUp(0)).toBe(true);
      } finally {
        clearInterval(ticking);
        await cluster.resumeReplay();
      }
      await eventually(() => expect(replica.servingReads).toBe(true));
    } finally {
      await writer.close();
      await replica.close();
    }
  });
});
