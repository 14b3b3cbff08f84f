import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  resolveTarget,
  type AllowList,
  type Resolve,
  type ResolvedAddress,
} from '../domain/address-guard.ts';
import { outcomeOfStatus, parseRetryAfter, type AttemptOutcome } from '../domain/delivery-policy.ts';
import type { AttemptResult } from '../domain/record-attempt.ts';
import { signMessage } from '../domain/signatures.ts';

/** Bytes of a receiver's answer kept in the delivery log. */
export const EXCERPT_BYTES = 1024;

/** Longest error text kept for an attempt. */
const ERROR_CHARS = 500;

/** The system resolver (getaddrinfo, as any client of this host would see the name), every address. */
export const systemResolve: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map(({ address, family }): ResolvedAddress => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/** One message to POST. */
export interface OutgoingMessage {
  url: string;
  /** The webhook-id (the delivery's id: the same on every attempt). */
  id: string;
  body: string;
  /** Secrets that sign it (the current one first). */
  secrets: readonly string[];
}

const clean = (text: string, max: number) => text.replaceAll('\u0000', '').slice(0, max);

function describeError(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const message = (err as Error).message ?? String(err);
  return clean(
    typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message,
    ERROR_CHARS,
  );
}

/**
 * Sends webhook messages safely: before every attempt the URL is checked again and its host resolved (the
 * SSRF guard), and the connection goes to the address that was checked (a `lookup` that can only answer
 * it), so a DNS answer changed since (rebinding) is never used. Redirects are not followed; one attempt
 * (DNS, connect, TLS, request, answer) is bounded by `timeoutMs`; at most EXCERPT_BYTES of the answer are
 * read. Keep-alive connections are reused (each was made to a checked address).
 */
export class WebhookSender {
  readonly #agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 32, maxTotalSockets: 256 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 32, maxTotalSockets: 256 }),
  };

  constructor(
    private readonly allow: AllowList,
    private readonly resolve: Resolve,
    private readonly timeoutMs: number,
  ) {}

  /** Makes one attempt; never throws (every failure is an outcome). */
  async send(message: OutgoingMessage): Promise<AttemptResult> {
    const startedAt = new Date();
    const started = performance.now();
    const deadline = started + this.timeoutMs;
    const finish = (outcome: AttemptOutcome, responseExcerpt?: string): AttemptResult => ({
      startedAt,
      durationMs: Math.round(performance.now() - started),
      outcome,
      responseExcerpt,
    });
    try {
      let timer: NodeJS.Timeout | undefined;
      const checked = await Promise.race([
        resolveTarget(message.url, this.allow, this.resolve),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`timed out after ${this.timeoutMs} ms resolving the host`)),
            this.timeoutMs,
          );
        }),
      ]).finally(() => clearTimeout(timer));
      if (!checked.ok)
        return finish({ kind: 'failure', error: clean(`refused: the URL ${checked.reason}`, ERROR_CHARS) });
      const headers = await signMessage({
        id: message.id,
        body: message.body,
        secrets: message.secrets,
        at: new Date(),
      });
      const answer = await this.#post(
        checked.value.target.url,
        checked.value.address,
        checked.value.target.literal === undefined,
        {
          body: message.body,
          headers: { ...headers },
          timeoutMs: Math.max(1, deadline - performance.now()),
        },
      );
      const retryAfterMs = parseRetryAfter(answer.retryAfter, new Date());
      const outcome = outcomeOfStatus(answer.status, retryAfterMs);
      if (outcome.kind === 'failure' && answer.status >= 300 && answer.status < 400) {
        outcome.error = clean(
          `redirect not followed (${answer.status}${answer.location ? ` to ${answer.location}` : ''})`,
          ERROR_CHARS,
        );
      }
      return finish(outcome, answer.excerpt);
    } catch (err) {
      return finish({ kind: 'failure', error: describeError(err) });
    }
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.#agents['http:'].destroy();
    this.#agents['https:'].destroy();
  }

  #post(
    url: URL,
    address: ResolvedAddress,
    named: boolean,
    request: { body: string; headers: Record<string, string>; timeoutMs: number },
  ): Promise<{
    status: number;
    excerpt: string;
    retryAfter?: string | undefined;
    location?: string | undefined;
  }> {
    const secure = url.protocol === 'https:';
    // The connection can only go to the checked address, whatever the name resolves to by now.
    const pinned: LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [{ address: address.address, family: address.family }]);
      else callback(null, address.address, address.family);
    };
    const client = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = client({
        protocol: url.protocol,
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port === '' ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        agent: this.#agents[secure ? 'https:' : 'http:'],
        lookup: pinned,
        // TLS verifies the certificate against the host name (SNI too), not against the address.
        ...(secure && named ? { servername: url.hostname } : {}),
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(request.body)),
          'user-agent': 'rcr-webhooks/1',
          ...request.headers,
        },
      });
      const timer = setTimeout(
        () => outgoing.destroy(new Error(`timed out after ${this.timeoutMs} ms`)),
        request.timeoutMs,
      );
      // `on`, not `once`: a second error (the socket failing after the first) must not go unhandled.
      outgoing.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      outgoing.once('response', (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        let settled = false;
        const done = () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const header = (name: string) => {
            const value = response.headers[name];
            return typeof value === 'string' ? value : undefined;
          };
          resolve({
            status: response.statusCode ?? 0,
            excerpt: clean(Buffer.concat(chunks).toString('utf8'), EXCERPT_BYTES),
            retryAfter: header('retry-after'),
            location: header('location'),
          });
        };
        response.on('data', (chunk: Buffer) => {
          if (kept < EXCERPT_BYTES) {
            const part = chunk.subarray(0, EXCERPT_BYTES - kept);
            chunks.push(part);
            kept += part.length;
          }
          // Enough for the log: the rest of a large answer is not read.
          if (kept >= EXCERPT_BYTES) {
            response.destroy();
            done();
          }
        });
        response.once('end', done);
        response.once('close', done);
        response.once('error', done);
      });
      outgoing.end(request.body);
    });
  }
}

const httpRequest = (options: https.RequestOptions) => http.request(options);
const httpsRequest = (options: https.RequestOptions) => https.request(options);
