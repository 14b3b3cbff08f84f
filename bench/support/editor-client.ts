import type { ReviewSpec } from './dataset.ts';

/** An editor (or admin) using the public API of a gateway: logs in, creates and publishes reviews. */
export class EditorClient {
  #token = '';

  constructor(
    readonly origin: string,
    private readonly email: string,
    private readonly password: string,
  ) {}

  async login(): Promise<void> {
    const response = await fetch(`${this.origin}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: this.email, password: this.password }),
    });
    const body = (await response.json()) as { data?: { accessToken?: string } };
    if (!response.ok || !body.data?.accessToken) {
      throw new Error(`login of ${this.email}: ${response.status} ${JSON.stringify(body)}`);
    }
    this.#token = body.data.accessToken;
  }

  /** POST with the editor's token; the status and the `data` of the answer. */
  async #post(path: string, payload?: unknown): Promise<{ status: number; data: Record<string, unknown> }> {
    const response = await fetch(`${this.origin}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.#token}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    const text = await response.text();
    let data: Record<string, unknown> = {};
    try {
      data = ((JSON.parse(text) as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>;
    } catch {
      // not JSON: the status says enough
    }
    return { status: response.status, data };
  }

  /** Creates a draft of `review` for camera `cameraId`. */
  create(review: ReviewSpec, cameraId: string) {
    const { camera: _camera, editor: _editor, publish: _publish, ...fields } = review;
    return this.#post('/v1/reviews', { ...fields, cameraId });
  }

  publish(id: string) {
    return this.#post(`/v1/reviews/${encodeURIComponent(id)}/publish`);
  }

  /** Makes a partner API key (admins only); the key, shown in this answer only. */
  async partnerKey(name: string): Promise<string> {
    const made = await this.#post('/v1/admin/partner-keys', { name });
    if (made.status !== 201) throw new Error(`partner key: ${made.status} ${JSON.stringify(made.data)}`);
    return made.data.key as string;
  }
}
