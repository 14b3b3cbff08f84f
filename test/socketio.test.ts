import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, cameraBody, PushClient, reviewBody } from './support/client.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { startTestSystem } from './support/system.ts';

let system: EmbeddedSystem;
let api: ApiClient;
let admin: string;
let cameraId: string;
const open: PushClient[] = [];

function client(...args: ConstructorParameters<typeof PushClient> extends [string, ...infer R] ? R : never) {
  const pushClient = new PushClient(system.gateway.url, ...args);
  open.push(pushClient);
  return pushClient;
}

/** Creates and publishes a review (the admin writes it); its id. */
async function publish(title = 'Una reseña empujada'): Promise<string> {
  const created = await api.must<{ id: string }>(
    'POST',
    '/v1/reviews',
    reviewBody(cameraId, { title }),
    admin,
    201,
  );
  await api.must('POST', `/v1/reviews/${created.id}/publish`, undefined, admin);
  return created.id;
}

beforeAll(async () => {
  system = await startTestSystem();
  api = new ApiClient(system.gateway.url);
  admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), admin, 201)).id;
}, 60_000);

afterAll(async () => {
  for (const pushClient of open) pushClient.close();
  await system?.stop();
});

describe('Socket.IO transports, recovery and camera events', () => {
  it('when a client can only long-poll (no WebSocket), then it subscribes and receives pushed events over polling', async () => {
    const polling = client(undefined, { transports: ['polling'] });
    expect(await polling.subscribe(`camera:${cameraId}`)).toEqual({ ok: true, room: `camera:${cameraId}` });
    expect(polling.socket.io.engine.transport.name).toBe('polling');
    const id = await publish();
    const event = await polling.waitFor((e) => e.type === 'review.published' && e.data.reviewId === id);
    expect(event).toMatchObject({ type: 'review.published', data: { cameraId, status: 'published' } });
    expect(polling.socket.io.engine.transport.name).toBe('polling');
  });

  it('when a polling client sends a message larger than the payload limit, then it is refused and other clients go on', async () => {
    const polling = client(undefined, { transports: ['polling'] });
    expect(await polling.subscribe('feed')).toMatchObject({ ok: true });
    const disconnected = new Promise<string>((resolve) => polling.socket.once('disconnect', resolve));
    polling.socket.emit('subscribe', { room: 'x'.repeat(2_000_000) });
    expect(await disconnected).toMatch(/transport (close|error)|io server disconnect/);
    const healthy = client();
    expect(await healthy.subscribe('feed')).toMatchObject({ ok: true });
  });

  it('when a client asks for an acknowledgement but sends no payload (or a bad one), then it is answered with the error instead of left waiting', async () => {
    const socket = client().socket;
    const payloadError = { ok: false, error: 'payload must be {"room": "<name>"}' };
    for (const event of ['subscribe', 'unsubscribe'])
      expect(await socket.timeout(5000).emitWithAck(event), event).toEqual(payloadError);
    expect(await socket.timeout(5000).emitWithAck('subscribe', 'feed')).toEqual(payloadError);
    expect(await socket.timeout(5000).emitWithAck('subscribe', { room: 'feed' })).toEqual({
      ok: true,
      room: 'feed',
    });
    expect(await socket.timeout(5000).emitWithAck('unsubscribe', { room: 'feed' })).toEqual({ ok: true });
  });

  it('when the catalogue changes, then camera.* events reach the feed and the camera’s room', async () => {
    const feed = client();
    expect(await feed.subscribe('feed')).toMatchObject({ ok: true });
    const created = await api.must<{ id: string; brand: string; model: string }>(
      'POST',
      '/v1/cameras',
      cameraBody(),
      admin,
      201,
    );
    await feed.waitFor((e) => e.type === 'camera.created' && e.data.cameraId === created.id);

    const room = client();
    expect(await room.subscribe(`camera:${created.id}`)).toMatchObject({ ok: true });
    const updated = { ...cameraBody(), model: `${created.model}-II` };
    await api.must('PUT', `/v1/cameras/${created.id}`, updated, admin);
    const event = await room.waitFor((e) => e.type === 'camera.updated' && e.data.cameraId === created.id);
    expect(event.data).toMatchObject({ model: updated.model });
    await api.must('DELETE', `/v1/cameras/${created.id}`, undefined, admin, 204);
    await room.waitFor((e) => e.type === 'camera.deleted' && e.data.cameraId === created.id);
    // Another camera's room saw none of it.
    const other = client();
    expect(await other.subscribe(`camera:${cameraId}`)).toMatchObject({ ok: true });
    await publish('Después de las cámaras');
    await other.waitFor((e) => e.type === 'review.published');
    expect(other.events.filter((e) => e.type.startsWith('camera.'))).toEqual([]);
  });

  it('when a client’s connection drops and it reconnects by itself, then its session is recovered: rooms kept and missed events delivered once', async () => {
    for (const transports of [['websocket'], ['polling']] as const) {
      const recovering = client(undefined, { transports: [...transports], reconnection: true });
      expect(await recovering.subscribe(`camera:${cameraId}`)).toMatchObject({ ok: true });
      const before = await publish();
      await recovering.waitFor((e) => e.data.reviewId === before && e.type === 'review.published');
      const dropped = new Promise<void>((resolve) => recovering.socket.once('disconnect', () => resolve()));
      // The Manager reopens the transport first; the socket's own next `connect` says whether it was recovered.
      const reconnected = new Promise<void>((resolve) => recovering.socket.once('connect', () => resolve()));
      recovering.socket.io.engine.close(); // not a clean disconnect: the client will reconnect
      await dropped;
      const missed = await publish('Mientras estaba desconectado');
      await reconnected;
      expect({ transports, recovered: recovering.socket.recovered }).toEqual({ transports, recovered: true });
      await recovering.waitFor((e) => e.data.reviewId === missed && e.type === 'review.published');
      const after = await publish('Después de volver');
      await recovering.waitFor((e) => e.data.reviewId === after && e.type === 'review.published');
      const published = recovering.events
        .filter((e) => e.type === 'review.published')
        .map((e) => e.data.reviewId);
      expect(published).toEqual([before, missed, after]);
    }
  }, 30_000);
});
