import { DEMO_CAMERAS, DEMO_EDITOR, DEMO_REVIEWS } from './demo-data.ts';

/** A failed call: the status and the problem detail. */
class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

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
  if (!response.ok) {
    throw new ApiError(`${method} ${path} → ${response.status} ${await response.text()}`, response.status);
  }
  return (response.status === 204 ? undefined : ((await response.json()) as { data: T }).data) as T;
}

/** `call`, where a 409 (made by an earlier, interrupted seeding) counts as done. */
async function unlessExists(call: Promise<unknown>): Promise<void> {
  await call.catch((err: unknown) => {
    if (!(err instanceof ApiError && err.status === 409)) throw err;
  });
}

/**
 * Loads the demo data through the public API, exactly as a real editor would: the admin creates a demo
 * editor, who adds cameras and writes and publishes reviews. Returns how many reviews were published.
 * A start stopped half-way through seeding leaves part of it behind: the next start completes it
 * (existing editor and cameras are kept, reviews are found by title) rather than failing or doubling it.
 */
export async function seedDemo(baseUrl: string, admin: { email: string; password: string }): Promise<number> {
  const adminSession = await api<{ accessToken: string }>(baseUrl, 'POST', '/v1/auth/login', admin);
  await unlessExists(api(baseUrl, 'POST', '/v1/editors', DEMO_EDITOR, adminSession.accessToken));
  const { accessToken } = await api<{ accessToken: string }>(baseUrl, 'POST', '/v1/auth/login', {
    email: DEMO_EDITOR.email,
    password: DEMO_EDITOR.password,
  });
  for (const camera of DEMO_CAMERAS) {
    await unlessExists(api(baseUrl, 'POST', '/v1/cameras', camera, accessToken));
  }
  const mine = await api<{ id: string; title: string; status: string }[]>(
    baseUrl,
    'GET',
    '/v1/reviews?editor=mine&limit=100',
    undefined,
    accessToken,
  );
  for (const { camera, ...review } of DEMO_REVIEWS) {
    const existing = mine.find((r) => r.title === review.title);
    const id =
      existing?.id ??
      (
        await api<{ id: string }>(
          baseUrl,
          'POST',
          '/v1/reviews',
          { ...review, cameraId: camera },
          accessToken,
        )
      ).id;
    if (existing?.status !== 'published') {
      await api(baseUrl, 'POST', `/v1/reviews/${id}/publish`, undefined, accessToken);
    }
  }
  return DEMO_REVIEWS.length;
}
