import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';

// Review images in distributed mode (PostgreSQL, NATS JetStream, separate processes): the upload streams
// from the gateway process to the media process; a media process killed after storing an image's
// renditions, before recording it ready, leaves the image to the redelivered message — made ready once.

const available = await distributedAvailable('media in distributed mode');

interface Image {
  id: string;
  status: string;
  thumbnail: { url: string } | null;
}

describe.skipIf(!available)(
  'media in distributed mode (client-streamed uploads, NATS renditions queue)',
  () => {
    let system: DistributedSystem;
    let api: ApiClient;
    let token: string;
    let reviewId: string;
    let db: pg.Client;

    beforeAll(async () => {
      system = await startDistributedSystem(1, () => ({
        media: {
          // A dead worker's message comes back soon after its keep-alives stop.
          RCR_BUS_ACK_WAIT: '1s',
          // The first media process dies in its first renditions run.
          RCR_FAULTS: 'crash-mid-job:1',
        },
      }));
      api = new ApiClient(system.gateways[0]!.url);
      token = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
      const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), token, 201);
      reviewId = (await api.must<{ id: string }>('POST', '/v1/reviews', reviewBody(camera.id), token, 201))
        .id;
      db = new pg.Client({ connectionString: system.databaseUrl });
      await db.connect();
    }, 240_000);

    afterAll(async () => {
      await db?.end();
      await system?.stop();
    });

    it('when the renditions worker is killed before recording an image ready, then the image becomes ready once', async () => {
      const jpeg = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#808000' } })
        .jpeg()
        .toBuffer();
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'camera.jpg');
      const response = await fetch(`${system.gateways[0]!.url}/v1/reviews/${reviewId}/images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      expect(response.status).toBe(201);
      const id = ((await response.json()) as { data: Image }).data.id;

      expect(await system.services.media.process.exited).toBe('SIGKILL');
      const { rows: half } = await db.query('SELECT status FROM media.images WHERE id = $1', [id]);
      expect(half[0]).toMatchObject({ status: 'pending' });

      await system.restart('media', { RCR_FAULTS: '' });
      let image: Image | undefined;
      await eventually(async () => {
        const list = await api.request<{ data: Image[] }>('GET', `/v1/reviews/${reviewId}/images`, { token });
        image = list.body.data.find((i) => i.id === id);
        expect(image?.status).toBe('ready');
      }, 30_000);
      const { rows: readyEvents } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM media.outbox WHERE type = 'image.ready' AND event->>'subject' = $1`,
        [id],
      );
      expect(readyEvents[0]?.n).toBe(1);
      const file = await fetch(`${system.gateways[0]!.url}${image?.thumbnail?.url}`);
      expect(file.status).toBe(200);
      expect(await sharp(Buffer.from(await file.arrayBuffer())).metadata()).toMatchObject({
        format: 'webp',
        width: 320,
        height: 240,
      });
    });
  },
);
