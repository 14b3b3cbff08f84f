import { expect } from 'vitest';
import { ApiClient, cameraBody, PushClient, reviewBody } from './client.ts';

/** Admin credentials every system test starts its system with. */
export const TEST_ADMIN = { email: 'admin@test.rcr', password: 'admin-test-password' };

/** An admin creates an editor account (a unique email per call), which logs in: its id and access token. */
export async function createEditor(
  api: ApiClient,
  adminToken: string,
  name: string,
): Promise<{ id: string; token: string }> {
  const email = `${name}-${Date.now()}@test.rcr`;
  const { id } = await api.must<{ id: string }>(
    'POST',
    '/v1/editors',
    { email, name, password: 'editor-password-1' },
    adminToken,
    201,
  );
  return { id, token: (await api.login(email, 'editor-password-1')).accessToken };
}

/**
 * A new editor (created by the admin) with a camera and one published review of it: the editor's access
 * token, the camera's id and the review's slug.
 */
export async function editorWithPublishedReview(
  api: ApiClient,
  editor: { email: string; name: string; password: string },
): Promise<{ token: string; cameraId: string; slug: string }> {
  const admin = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
  await api.must('POST', '/v1/editors', editor, admin.accessToken, 201);
  const token = (await api.login(editor.email, editor.password)).accessToken;
  const cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), token, 201)).id;
  const review = await api.must<{ id: string; slug: string }>(
    'POST',
    '/v1/reviews',
    reviewBody(cameraId),
    token,
    201,
  );
  await api.must('POST', `/v1/reviews/${review.id}/publish`, undefined, token);
  return { token, cameraId, slug: review.slug };
}

/**
 * The foundation flow through every layer: an editor logs in → creates a review of a camera → publishes
 * it → a reader sees it in GET /v1/content and a Socket.IO client subscribed to the feed (possibly on
 * another gateway) receives review.published. Returns the publish→push latency in ms.
 */
export async function runPublishFlow(
  writeUrl: string,
  pushUrl: string = writeUrl,
): Promise<{ latencyMs: number; slug: string }> {
  const api = new ApiClient(writeUrl);
  const reader = new ApiClient(pushUrl);
  const admin = await api.login(TEST_ADMIN.email, TEST_ADMIN.password);
  const email = `editor-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@test.rcr`;
  const editor = await api.must<{ id: string }>(
    'POST',
    '/v1/editors',
    { email, name: 'Ana Editora', password: 'editor-password-1', role: 'editor' },
    admin.accessToken,
    201,
  );
  const session = await api.login(email, 'editor-password-1');

  const camera = await api.must<{ id: string }>(
    'POST',
    '/v1/cameras',
    cameraBody(),
    session.accessToken,
    201,
  );
  const created = await api.request<{ data: { id: string; status: string; slug: string; authorId: string } }>(
    'POST',
    '/v1/reviews',
    {
      body: reviewBody(camera.id),
      token: session.accessToken,
    },
  );
  expect(created.status).toBe(201);
  expect(created.headers.get('location')).toBe(`/v1/reviews/${created.body.data.id}`);
  expect(created.body.data.status).toBe('draft');
  expect(created.body.data.authorId).toBe(editor.id);
  const { id, slug } = created.body.data;

  const push = new PushClient(pushUrl);
  const cameraPush = new PushClient(pushUrl);
  try {
    expect(await push.subscribe('feed')).toEqual({ ok: true, room: 'feed' });
    expect(await cameraPush.subscribe(`camera:${camera.id}`)).toEqual({
      ok: true,
      room: `camera:${camera.id}`,
    });

    // A draft is not public.
    const before = await reader.request('GET', `/v1/content/${slug}`);
    expect(before.status).toBe(404);

    const publishedAt = Date.now();
    const published = await api.request<{ data: { status: string } }>('POST', `/v1/reviews/${id}/publish`, {
      token: session.accessToken,
    });
    expect(published.status).toBe(200);
    expect(published.body.data.status).toBe('published');

    const event = await push.waitFor((e) => e.type === 'review.published' && e.data.reviewId === id);
    const latencyMs = Date.now() - publishedAt;
    expect(event.subject).toBe(id);
    expect(event.data).toMatchObject({ slug, cameraId: camera.id, authorId: editor.id, status: 'published' });
    await cameraPush.waitFor((e) => e.type === 'review.published' && e.data.reviewId === id);

    // The read model caught up (it is fed only by events): the reader sees it with names.
    let item: { status: number; body: { data: Record<string, unknown> } } | undefined;
    for (let i = 0; i < 100; i++) {
      item = await reader.request('GET', `/v1/content/${slug}`);
      if (item.status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(item?.status).toBe(200);
    expect(item?.body.data).toMatchObject({
      id,
      slug,
      title: reviewBody(camera.id).title,
      camera: { id: camera.id, name: expect.stringContaining('Testbrand') },
      author: { id: editor.id, name: 'Ana Editora' },
    });
    const list = await reader.request<{ data: { id: string }[]; meta: { total: number } }>(
      'GET',
      '/v1/content?limit=100',
    );
    expect(list.status).toBe(200);
    expect(list.body.data.map((r) => r.id)).toContain(id);
    return { latencyMs, slug };
  } finally {
    push.close();
    cameraPush.close();
  }
}
