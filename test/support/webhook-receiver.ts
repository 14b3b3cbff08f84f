import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { ApiClient } from './client.ts';

/** One request a receiver got, as it arrived. */
export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body, as the signature covers it. */
  body: string;
  /** The webhook-id header. */
  id: string;
  at: number;
}

/** What a receiver answers one request with. */
export interface ReceiverAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

/**
 * A real webhook receiver for tests: an HTTP server on a loopback address that records every request
 * and answers as `respond` says (200 by default). `verify` checks a request with the `standardwebhooks`
 * reference library, as a partner would.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  respond: (request: ReceivedWebhook, index: number) => ReceiverAnswer = () => ({ status: 200, body: 'ok' });
  readonly #server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const got: ReceivedWebhook = {
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        id: String(request.headers['webhook-id'] ?? ''),
        at: Date.now(),
      };
      this.received.push(got);
      const answer = this.respond(got, this.received.length - 1);
      const send = () => {
        if (response.destroyed) return;
        response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        response.end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });

  private constructor(readonly host: string) {}

  /** Starts a receiver on `host` (a loopback address; 127.0.0.2 and friends work on Linux). */
  static async start(host = '127.0.0.1'): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(host);
    await new Promise<void>((resolve) => receiver.#server.listen(0, host, resolve));
    return receiver;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** The receiver's URL for a path. */
  url(path = '/hook'): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}${path}`;
  }

  /** Requests to one path. */
  at(path: string): ReceivedWebhook[] {
    return this.received.filter((request) => request.path === path);
  }

  /** The payload if the request's signature verifies with `secret` (throws otherwise), as a partner checks it. */
  static verify(
    request: ReceivedWebhook,
    secret: string,
  ): { type: string; timestamp: string; data: Record<string, unknown> } {
    return new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    }) as { type: string; timestamp: string; data: Record<string, unknown> };
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** The admin registers an endpoint at `receiver` for `events` (review.published by default). */
export function registerEndpoint(
  api: ApiClient,
  adminToken: string,
  receiver: WebhookReceiver,
  events: string[] = ['review.published'],
): Promise<unknown> {
  return api.must('POST', '/v1/webhook-endpoints', { url: receiver.url('/hook'), events }, adminToken, 201);
}
