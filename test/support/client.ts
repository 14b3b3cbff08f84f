import http from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { PUSHED_EVENT_TYPES } from '@rcr/contracts';

/** An HTTP answer as a test sees it. */
export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON (including problem+json), otherwise the text. */
  body: T;
}

/** A thin real-HTTP client for the gateway (fetch). */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    /**
     * Source address of the client's connections (node:http instead of fetch). Linux loopback accepts all of
     * 127.0.0.0/8, so 127.0.0.2, 127.0.0.3 … look like different clients to per-IP limits.
     */
    readonly localAddress?: string,
  ) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const {
      status,
      headers: answered,
      text,
    } = this.localAddress
      ? await sendFrom(this.localAddress, `${this.baseUrl}${path}`, method, headers, body)
      : await fetch(`${this.baseUrl}${path}`, { method, headers, body }).then(async (response) => ({
          status: response.status,
          headers: response.headers,
          text: await response.text(),
        }));
    const type = answered.get('content-type') ?? '';
    const parsed = type.includes('json') && text.length > 0 ? (JSON.parse(text) as T) : (text as T);
    return { status, headers: answered, body: parsed };
  }

  /** Logs in and returns the access and refresh tokens (throws on failure). */
  async login(email: string, password: string): Promise<{ accessToken: string; refreshToken: string }> {
    const res = await this.request<{ data: { accessToken: string; refreshToken: string } }>(
      'POST',
      '/v1/auth/login',
      {
        body: { email, password },
      },
    );
    if (res.status !== 200) throw new Error(`login ${email} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  /** POST/PUT/PATCH that must succeed with `expected`; returns `data`. */
  async must<T = Record<string, unknown>>(
    method: string,
    path: string,
    body: unknown,
    token: string,
    expected = 200,
  ): Promise<T> {
    const res = await this.request<{ data: T }>(method, path, { body, token });
    if (res.status !== expected)
      throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }
}

/** One HTTP exchange over node:http from a chosen source address. */
function sendFrom(
  localAddress: string,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, localAddress, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const answered = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const one of [value ?? []].flat()) answered.append(name, one);
        }
        resolve({
          status: response.statusCode ?? 0,
          headers: answered,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A pushed event as clients receive it. */
export interface PushedEvent {
  id: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

/** A real socket.io-client connected to a gateway, recording every pushed event. */
export class PushClient {
  readonly events: PushedEvent[] = [];
  readonly socket: Socket;

  /**
   * `auth`: the handshake's (a token; or a previous session's `pid` and `offset` to recover it).
   * `options`: the transports to use (WebSocket only unless told) and whether to reconnect by itself.
   */
  constructor(
    baseUrl: string,
    auth?: Record<string, unknown>,
    options: { transports?: ('websocket' | 'polling')[]; reconnection?: boolean } = {},
  ) {
    this.socket = io(baseUrl, {
      path: '/socket.io',
      transports: options.transports ?? ['websocket'],
      reconnection: options.reconnection ?? false,
      reconnectionDelay: 100,
      ...(auth ? { auth } : {}),
    });
    for (const type of PUSHED_EVENT_TYPES) {
      this.socket.on(type, (event: PushedEvent) => this.events.push(event));
    }
  }

  /** Joins a room and resolves with the server's acknowledgement. */
  async subscribe(room: string): Promise<{ ok: boolean; error?: string }> {
    if (!this.socket.connected) {
      await new Promise<void>((resolve, reject) => {
        this.socket.once('connect', () => resolve());
        this.socket.once('connect_error', reject);
      });
    }
    return this.socket.timeout(5000).emitWithAck('subscribe', { room });
  }

  /** Waits for a pushed event matching `predicate`. */
  async waitFor(predicate: (event: PushedEvent) => boolean, timeoutMs = 10_000): Promise<PushedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no matching push within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.type))}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close() {
    this.socket.close();
  }
}

/** A valid review body for a camera. */
export function reviewBody(cameraId: string, overrides: Record<string, unknown> = {}) {
  return {
    cameraId,
    title: 'Una cámara excelente para viajar',
    body: 'Probada durante dos semanas en la Patagonia.',
    rating: 8.5,
    pros: ['Liviana'],
    cons: ['Batería'],
    verdict: 'Recomendada',
    language: 'es',
    ...overrides,
  };
}

/** A unique camera body (brand+model must be unique). */
export function cameraBody(tag = Math.random().toString(36).slice(2, 8)) {
  return {
    brand: 'Testbrand',
    model: `T-${tag}`,
    type: 'mirrorless',
    specs: { megapixels: 24, sensorSize: 'APS-C' },
  };
}
