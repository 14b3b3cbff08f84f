import { Writable } from 'node:stream';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, SpanKind, startTracing, type Tracing } from '@rcr/platform';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import { ApiClient, cameraBody, reviewBody } from './support/client.ts';
import { eventually } from './support/eventually.ts';
import { createEditor, TEST_ADMIN } from './support/flow.ts';
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
    childOf(consumers.content, 'outbox transaction');
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
});
