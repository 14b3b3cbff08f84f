import { Writable } from 'node:stream';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, SpanKind, startTracing, type Tracing } from '@rcr/platform';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import * as grpc from '@grpc/grpc-js';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { createEditor, TEST_ADMIN } from './support/flow.ts';
import { credentials, PartnerClient, within } from './support/partner-client.ts';
import { startTestSystem } from './support/system.ts';
import { registerEndpoint, WebhookReceiver } from './support/webhook-receiver.ts';

// Every span of the embedded system (one process) goes to this exporter: tracing is started here first,
// and each service's start joins it (startTracing is once per process).
const exporter = new InMemorySpanExporter();
const lines: Record<string, unknown>[] = [];
const logged = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
    done();
  },
});
let tracing: Tracing;
let system: EmbeddedSystem;
let api: ApiClient;
let receiver: WebhookReceiver;
const RECEIVER_HOST = '127.0.0.2';

beforeAll(async () => {
  tracing = await startTracing({}, 'system-test', { exporter });
  system = await startTestSystem(
    { LOG_LEVEL: 'info', RCR_WEBHOOK_ALLOWED_HOSTS: RECEIVER_HOST, RCR_WEBHOOK_POLL: '100ms' },
    createLogger('rcr', 'info', logged),
  );
  api = new ApiClient(system.gateway.url);
  receiver = await WebhookReceiver.start(RECEIVER_HOST);
}, 60_000);

afterAll(async () => {
  await receiver?.close();
  await system?.stop();
  await tracing?.stop();
});

const spans = () => exporter.getFinishedSpans();
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

/** The span's ancestors, nearest first, as far as they were exported. */
function ancestorsOf(span: ReadableSpan): ReadableSpan[] {
  const byId = new Map(spans().map((each) => [idOf(each), each]));
  const chain: ReadableSpan[] = [];
  for (
    let at = byId.get(span.parentSpanContext?.spanId ?? '');
    at;
    at = byId.get(at.parentSpanContext?.spanId ?? '')
  )
    chain.push(at);
  return chain;
}

/** The one span of `trace` named `name` (and of `kind`, when given) whose parent is `parent`. */
function childOf(parent: ReadableSpan, name: string, kind?: SpanKind): ReadableSpan {
  const trace = parent.spanContext().traceId;
  const found = spans().filter(
    (span) =>
      span.spanContext().traceId === trace &&
      span.name === name &&
      (kind === undefined || span.kind === kind) &&
      span.parentSpanContext?.spanId === idOf(parent),
  );
  if (found.length !== 1) {
    const tree = spans()
      .filter((span) => span.spanContext().traceId === trace)
      .map((span) => `${span.name} (${idOf(span)} ← ${span.parentSpanContext?.spanId ?? 'root'})`);
    throw new Error(
      `${found.length} spans "${name}" under "${parent.name}"; the trace holds:\n${tree.join('\n')}`,
    );
  }
  return found[0] as ReadableSpan;
}

/** The SQL statements' spans under `parent`, in the order they started. */
function statementsUnder(parent: ReadableSpan): ReadableSpan[] {
  return spans()
    .filter(
      (span) =>
        span.parentSpanContext?.spanId === idOf(parent) && span.attributes['db.system.name'] === 'postgresql',
    )
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
}

describe('tracing the publish flow (embedded system, one process)', () => {
  it('when an editor publishes a review, then one trace runs from the HTTP request through gRPC, the outbox and the bus to the projection, the Socket.IO/SSE push and the webhook, and the request log line carries its id', async () => {
    const admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
    await registerEndpoint(api, admin, receiver);
    const editor = await createEditor(api, admin, 'tracer');
    const cameraId = (await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), editor.token, 201))
      .id;
    const review = await api.must<{ id: string }>(
      'POST',
      '/v1/reviews',
      reviewBody(cameraId),
      editor.token,
      201,
    );
    const requestId = `trace-${Date.now()}`;
    const published = await api.request('POST', `/v1/reviews/${review.id}/publish`, {
      token: editor.token,
      headers: { 'x-request-id': requestId },
    });
    expect(published.status).toBe(200);

    let http: ReadableSpan | undefined;
    await eventually(() => {
      http = spans().find(
        (span) =>
          span.name === 'POST /v1/reviews/:id/publish' &&
          span.kind === SpanKind.SERVER &&
          span.attributes['url.path'] === `/v1/reviews/${review.id}/publish`,
      );
      if (!http) throw new Error('no HTTP span yet');
    });
    if (!http) return;
    expect(http.parentSpanContext).toBeUndefined();
    expect(http.attributes['http.response.status_code']).toBe(200);
    const path = 'rcr.reviews.v1.ReviewsService/PublishReview';
    const call = childOf(http, path, SpanKind.CLIENT);
    const handler = childOf(call, path, SpanKind.SERVER);
    const transaction = childOf(handler, 'outbox transaction');
    const created = childOf(transaction, 'create review.published', SpanKind.PRODUCER);
    const publish = childOf(created, 'publish review.published', SpanKind.PRODUCER);
    // Every statement of the handler's transaction is a span under it (ADR 0031, amendment): the outbox row's
    // insert between BEGIN and COMMIT, its text with placeholders, never the review's values.
    const statements = statementsUnder(transaction);
    expect(statements[0]?.name).toBe('BEGIN');
    expect(statements.at(-1)?.name).toBe('COMMIT');
    expect(childOf(transaction, 'INSERT outbox', SpanKind.CLIENT).attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.namespace': 'reviews',
      'db.query.text': 'INSERT INTO outbox (id, type, event) VALUES ($1, $2, $3)',
    });
    for (const statement of statements) expect(JSON.stringify(statement.attributes)).not.toContain(review.id);
    let consumers: Record<'content' | 'push' | 'broadcast' | 'webhooks', ReadableSpan> | undefined;
    await eventually(() => {
      const all = spans().filter(
        (span) =>
          span.name === 'process review.published' && span.parentSpanContext?.spanId === idOf(publish),
      );
      const byGroup = (group: string) => {
        const span = all.find((s) => s.attributes['messaging.consumer.group.name'] === group);
        if (!span) throw new Error(`no process span of group ${group} yet`);
        return span;
      };
      consumers = {
        content: byGroup('content'),
        push: byGroup('gateway-push'),
        broadcast: byGroup('broadcast'),
        webhooks: byGroup('webhooks'),
      };
    });
    if (!consumers) return;
    const { push, broadcast, webhooks } = consumers;
    // The content projection's transaction under its process span; the pushes under theirs.
    const projection = childOf(consumers.content, 'outbox transaction');
    expect(statementsUnder(projection).map((statement) => statement.name)).toEqual(
      expect.arrayContaining(['BEGIN', 'COMMIT']),
    );
    expect(statementsUnder(projection).length).toBeGreaterThan(3);
    await eventually(() => {
      expect(childOf(push, 'push review.published').attributes['rcr.push.transport']).toBe('socket.io');
      expect(childOf(broadcast, 'push review.published').attributes['rcr.push.transport']).toBe('sse');
    });

    // The webhook is sent later by the delivery worker, continuing the trace from the delivery's row.
    await eventually(() => {
      expect(receiver.received.length).toBeGreaterThan(0);
      const sent = spans().find(
        (span) =>
          span.name === 'push review.published' && span.attributes['rcr.push.transport'] === 'webhook',
      );
      expect(sent && ancestorsOf(sent)).toContain(webhooks);
    });

    // The gateway's access-log line of the request carries the trace id.
    const trace = http.spanContext().traceId;
    const root = http;
    const line = lines.find((entry) => entry.msg === 'request' && entry.requestId === requestId);
    expect(line).toMatchObject({ trace_id: trace, span_id: idOf(root) });
  });
  it('when a partner calls the gRPC API with a traceparent, then each call (unary, bidirectional, server-streaming) is a server span continuing it, with its upstream calls under it', async () => {
    const admin = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
    const { key } = await api.must<{ key: string }>(
      'POST',
      '/v1/admin/partner-keys',
      { name: 'Tracing partner' },
      admin,
      201,
    );
    const partner = new PartnerClient(system.gateway.partnerGrpc);
    /** The metadata of a call made inside the partner's own span `parent` of trace `trace`. */
    const traced = (trace: string, parent: string) => {
      const metadata = credentials({ apiKey: key });
      metadata.set('traceparent', `00-${trace}-${parent}-01`);
      return metadata;
    };
    const ids = (n: number) => ({
      trace: `${n}`.repeat(32).slice(0, 32),
      parent: `${n}`.repeat(16).slice(0, 16),
    });
    /** The partner call's server span: the one child of the partner's span. */
    const servedOf = (name: string, { trace, parent }: { trace: string; parent: string }) => {
      const found = spans().filter(
        (span) =>
          span.name === `rcr.partner.v1.ContentService/${name}` &&
          span.spanContext().traceId === trace &&
          span.parentSpanContext?.spanId === parent,
      );
      expect(found).toHaveLength(1);
      expect(found[0]?.kind).toBe(SpanKind.SERVER);
      return found[0] as ReadableSpan;
    };
    const GET_CONTENT = 'rcr.content.v1.ContentService/GetContent';
    try {
      // Unary: a slug no review has (NOT_FOUND), read by the content service under the partner's trace.
      const unary = ids(1);
      const missing = await new Promise<grpc.ServiceError | null>((resolve) =>
        partner.content.getReview(
          { slug: 'no-such-review' },
          traced(unary.trace, unary.parent),
          within(),
          (err) => resolve(err),
        ),
      );
      expect(missing?.code).toBe(grpc.status.NOT_FOUND);
      let served: ReadableSpan | undefined;
      await eventually(() => {
        served = servedOf('GetReview', unary);
      });
      if (!served) return;
      expect(served.attributes['rpc.grpc.status_code']).toBe(grpc.status.NOT_FOUND);
      const upstream = childOf(childOf(served, GET_CONTENT, SpanKind.CLIENT), GET_CONTENT, SpanKind.SERVER);
      const read = spans().filter(
        (span) => span.attributes['db.system.name'] === 'postgresql' && ancestorsOf(span).includes(upstream),
      );
      expect(read.length).toBeGreaterThan(0);

      // Bidirectional: each looked-up slug's upstream call is under the call's span, though it is made
      // from the stream's data events.
      const lookup = ids(2);
      const call = partner.content.lookupReviews(traced(lookup.trace, lookup.parent), within());
      const answers: unknown[] = [];
      call.on('data', (answer: unknown) => answers.push(answer));
      const ended = new Promise<void>((resolve, reject) => {
        call.on('end', resolve);
        call.on('error', reject);
      });
      call.write({ slug: 'no-such-review' });
      call.end();
      await ended;
      expect(answers).toHaveLength(1);
      await eventually(() => {
        served = servedOf('LookupReviews', lookup);
      });
      if (!served) return;
      childOf(served, GET_CONTENT, SpanKind.CLIENT);

      // Server-streaming: the WatchReviews span lasts as long as the stream, ended by the client's cancel.
      const watch = ids(3);
      const stream = partner.content.watchReviews({}, traced(watch.trace, watch.parent));
      stream.on('error', () => undefined);
      await new Promise<void>((resolve) => stream.once('metadata', () => resolve()));
      // Open: its key check is done (a span under it), the call's own span not yet.
      expect(
        spans().some(
          (span) =>
            span.spanContext().traceId === watch.trace &&
            span.name === 'rcr.partner.v1.ContentService/WatchReviews',
        ),
      ).toBe(false);
      stream.cancel();
      await eventually(() => {
        served = servedOf('WatchReviews', watch);
      });
      expect(served?.attributes['rpc.grpc.status_code']).toBe(grpc.status.CANCELLED);
    } finally {
      partner.close();
    }
  });
});
