import * as grpc from '@grpc/grpc-js';
import { protos, type PartnerV1 } from '@rcr/contracts';
import { EventSource } from 'eventsource';
import { createClient } from 'graphql-ws';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { TEST_ADMIN } from '../../test/support/flow.ts';
import { LOAD_OPTIONS, openLoadedSystem, type LoadedSystem } from '../support/cluster.ts';
import { generateDataset, type ReviewSpec } from '../support/dataset.ts';
import { EditorClient } from '../support/editor-client.ts';
import { nowMs } from '../support/publisher.ts';
import { durationOption, intOption, type Scenario } from '../support/scenario.ts';
import { percentiles, round, type Percentiles } from '../support/stats.ts';

export interface PushFigures {
  load: LoadedSystem['load'];
  events: number;
  /** POST …/publish sent → answered (ms). */
  publishMs: Percentiles;
  /**
   * POST …/publish sent → `review.published` received, per protocol, by a client of the gateway that took
   * the publish (`same`) and of the other gateway (`other`); `missed`: never received within 10 s.
   */
  receivers: { protocol: string; gateway: 'same' | 'other'; ms: Percentiles; missed: number }[];
}

const p = (values: number[]): Percentiles => {
  const all = percentiles(values);
  return { p50: round(all.p50, 1), p95: round(all.p95, 1), p99: round(all.p99, 1), max: round(all.max, 1) };
};

/** A client of one push protocol following the feed, recording when each review's publication arrives. */
interface Receiver {
  protocol: string;
  arrivals: Map<string, number>;
  close(): void;
}

const record = (arrivals: Map<string, number>, reviewId: unknown) => {
  if (typeof reviewId === 'string' && !arrivals.has(reviewId)) arrivals.set(reviewId, nowMs());
};

/** Socket.IO (WebSocket transport) in the `feed` room. */
async function socketIoReceiver(origin: string): Promise<Receiver> {
  const socket: Socket = io(origin, { transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = (await socket.timeout(5000).emitWithAck('subscribe', { room: 'feed' })) as { ok?: boolean };
  if (ack.ok === false) throw new Error(`subscribe refused: ${JSON.stringify(ack)}`);
  const arrivals = new Map<string, number>();
  socket.on('review.published', (event: { data?: { reviewId?: string } }) =>
    record(arrivals, event.data?.reviewId),
  );
  return { protocol: 'Socket.IO', arrivals, close: () => socket.close() };
}

/** Server-Sent Events on `GET /v1/events?topics=feed` (the `eventsource` package). */
async function sseReceiver(origin: string): Promise<Receiver> {
  const source = new EventSource(`${origin}/v1/events?topics=feed`);
  const arrivals = new Map<string, number>();
  source.addEventListener('review.published', (message) =>
    record(arrivals, (JSON.parse(message.data as string) as { data?: { reviewId?: string } }).data?.reviewId),
  );
  await new Promise<void>((resolve, reject) => {
    source.addEventListener('open', () => resolve(), { once: true });
    source.addEventListener('error', () => reject(new Error('SSE stream did not open')), { once: true });
  });
  return { protocol: 'SSE', arrivals, close: () => source.close() };
}

/** The plain WebSocket at `/v1/ws` (the `ws` package). */
async function webSocketReceiver(origin: string): Promise<Receiver> {
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/v1/ws`);
  const arrivals = new Map<string, number>();
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const subscribed = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as {
        type: string;
        event?: string;
        data?: { data?: { reviewId?: string } };
      };
      if (message.type === 'subscribed') resolve();
      if (message.type === 'event' && message.event === 'review.published')
        record(arrivals, message.data?.data?.reviewId);
    });
  });
  ws.send(JSON.stringify({ type: 'subscribe', topics: ['feed'] }));
  await subscribed;
  return { protocol: 'WebSocket', arrivals, close: () => ws.terminate() };
}

/** The GraphQL subscription `reviewPublished` over graphql-ws at `/graphql` (the `graphql-ws` client). */
async function graphqlReceiver(origin: string): Promise<Receiver> {
  const client = createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
  });
  await new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    client.on('error', reject);
  });
  const arrivals = new Map<string, number>();
  client.subscribe<{ reviewPublished: { reviewId: string } }>(
    { query: 'subscription { reviewPublished { reviewId } }' },
    {
      next: (result) => record(arrivals, result.data?.reviewPublished.reviewId),
      error: () => undefined,
      complete: () => undefined,
    },
  );
  // graphql-ws does not acknowledge a subscribe: give the gateway a moment to start the stream.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { protocol: 'GraphQL', arrivals, close: () => void client.dispose() };
}

/** The partner gRPC stream `WatchReviews` (@grpc/grpc-js), with a partner API key. */
async function grpcReceiver(gateway: GatewayAccess): Promise<Receiver> {
  const client = new protos.partner.ContentService(gateway.partnerGrpc, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  metadata.set('x-api-key', gateway.apiKey);
  await new Promise<void>((resolve, reject) =>
    client.waitForReady(Date.now() + 5000, (err) => (err ? reject(err) : resolve())),
  );
  const call = client.watchReviews({}, metadata);
  const arrivals = new Map<string, number>();
  call.on('data', (message: PartnerV1.ReviewEvent__Output) => {
    if (message.review?.type === 'review.published') record(arrivals, message.review.reviewId);
  });
  call.on('error', () => undefined); // cancelled on close
  // The stream follows the log from when the gateway set it up: give that a moment before publishing.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    protocol: 'gRPC WatchReviews',
    arrivals,
    close: () => {
      call.cancel();
      client.close();
    },
  };
}

/** What a receiver needs of a gateway. */
interface GatewayAccess {
  origin: string;
  partnerGrpc: string;
  apiKey: string;
}

/** Every push protocol's receiver, in table order. */
const RECEIVERS: ((gateway: GatewayAccess) => Promise<Receiver>)[] = [
  ({ origin }) => socketIoReceiver(origin),
  ({ origin }) => sseReceiver(origin),
  ({ origin }) => webSocketReceiver(origin),
  ({ origin }) => graphqlReceiver(origin),
  grpcReceiver,
];

/** A partner API key made by the admin (the distributed system's RCR_ADMIN_EMAIL). */
async function partnerKey(origin: string): Promise<string> {
  const admin = new EditorClient(origin, TEST_ADMIN.email, TEST_ADMIN.password);
  await admin.login();
  return admin.partnerKey('push benchmark');
}

/**
 * Push latency: two gateways; on each, one client of every push protocol (Socket.IO, SSE, plain WebSocket,
 * GraphQL over graphql-ws, the partner gRPC WatchReviews stream)
 * follows `feed`; an editor publishes `--events` drafts one after another through gateway 0, `--interval`
 * apart, and each client records when `review.published` for that review arrives. Latency counts from the
 * publish request being sent.
 */
export const scenario: Scenario = {
  summary: 'publish → review.published latency per push protocol, same gateway and across two gateways',
  requires: ['PostgreSQL', 'NATS', 'Redis'],
  options: {
    ...LOAD_OPTIONS,
    events: { default: '500', help: 'reviews published, one at a time' },
    interval: { default: '50ms', help: 'pause between two publishes' },
  },
  async run(options, context) {
    const events = intOption(options, 'events');
    const intervalMs = durationOption(options, 'interval');
    const sys = await openLoadedSystem(options, context, { gateways: 2 });
    const receivers: (Receiver & { gateway: 'same' | 'other' })[] = [];
    try {
      const editorSpec = sys.dataset.editors[0] as LoadedSystem['dataset']['editors'][number];
      const editor = new EditorClient(sys.gateway(0), editorSpec.email, editorSpec.password);
      await editor.login();
      const apiKey = await partnerKey(sys.gateway(0));
      const access = (i: number): GatewayAccess => ({
        origin: sys.gateway(i),
        partnerGrpc: (sys.system.gateways[i] as { partnerGrpc: string }).partnerGrpc,
        apiKey,
      });
      for (const open of RECEIVERS) {
        receivers.push({ ...(await open(access(0))), gateway: 'same' });
        receivers.push({ ...(await open(access(1))), gateway: 'other' });
      }
      const texts = generateDataset({
        reviews: events,
        seed: intOption(options, 'seed', 0) + 2,
        editors: 1,
        cameras: sys.dataset.cameras.length,
        publishedRatio: 1,
      }).reviews;
      context.progress(`creating ${events} drafts`);
      const drafts: string[] = [];
      for (const text of texts) {
        const created = await editor.create(text as ReviewSpec, sys.load.cameraIds[text.camera] as string);
        if (created.status !== 201) throw new Error(`create: ${created.status}`);
        drafts.push(created.data.id as string);
      }
      context.progress(`publishing ${events}, ${intervalMs} ms apart`);
      const sentAt = new Map<string, number>();
      const publishMs: number[] = [];
      for (const id of drafts) {
        const t = nowMs();
        sentAt.set(id, t);
        const published = await editor.publish(id);
        publishMs.push(nowMs() - t);
        if (published.status !== 200) throw new Error(`publish: ${published.status}`);
        await new Promise((r) => setTimeout(r, intervalMs));
      }
      const deadline = nowMs() + 10_000;
      while (nowMs() < deadline && receivers.some((receiver) => receiver.arrivals.size < events)) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const latencies = (arrivals: Map<string, number>) =>
        drafts
          .filter((id) => arrivals.has(id))
          .map((id) => (arrivals.get(id) as number) - (sentAt.get(id) as number));
      const figures: PushFigures = {
        load: sys.load,
        events,
        publishMs: p(publishMs),
        receivers: receivers.map((receiver) => ({
          protocol: receiver.protocol,
          gateway: receiver.gateway,
          ms: p(latencies(receiver.arrivals)),
          missed: drafts.filter((id) => !receiver.arrivals.has(id)).length,
        })),
      };
      const row = (label: string, ms: Percentiles, missed: number | string) => [
        label,
        ms.p50,
        ms.p95,
        ms.p99,
        ms.max,
        missed,
      ];
      return {
        figures,
        tables: [
          {
            title: `Push: ${events} publishes through gateway 0, ${intervalMs} ms apart; latency from the publish request, ms`,
            columns: ['what', 'p50', 'p95', 'p99', 'max', 'missed'],
            rows: [
              row('publish answered', figures.publishMs, '-'),
              ...figures.receivers.map((r) =>
                row(`${r.protocol}, client of the ${r.gateway} gateway`, r.ms, r.missed),
              ),
            ],
          },
        ],
      };
    } finally {
      for (const receiver of receivers) receiver.close();
      await sys.close();
    }
  },
};
