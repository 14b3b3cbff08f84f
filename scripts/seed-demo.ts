import { DEMO_CAMERAS, DEMO_EDITOR, DEMO_REVIEWS } from './demo-data.ts';

/** Calls the gateway's public API; throws with the problem detail on failure. */
async function api<T>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : ((await response.json()) as { data: T }).data) as T;
}

/**
 * Loads the demo data through the public API, exactly as a real editor would: the admin creates a demo
 * editor, who adds cameras and writes and publishes reviews. Returns how many reviews were published.
 */
export async function seedDemo(baseUrl: string, admin: { email: string; password: string }): Promise<number> {
  const adminSession = await api<{ accessToken: string }>(baseUrl, 'POST', '/v1/auth/login', admin);
  await api(baseUrl, 'POST', '/v1/editors', DEMO_EDITOR, adminSession.accessToken);
  const { accessToken } = await api<{ accessToken: string }>(baseUrl, 'POST', '/v1/auth/login', {
    email: DEMO_EDITOR.email,
    password: DEMO_EDITOR.password,
  });
  for (const camera of DEMO_CAMERAS) await api(baseUrl, 'POST', '/v1/cameras', camera, accessToken);
  for (const { camera, ...review } of DEMO_REVIEWS) {
    const created = await api<{ id: string }>(
      baseUrl,
      'POST',
      '/v1/reviews',
      { ...review, cameraId: camera },
      accessToken,
    );
    await api(baseUrl, 'POST', `/v1/reviews/${created.id}/publish`, undefined, accessToken);
  }
  return DEMO_REVIEWS.length;
}
