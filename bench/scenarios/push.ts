import { io, type Socket } from 'socket.io-client';
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
  /** POST …/publish sent → `review.published` received by a client of the gateway that took the publish. */
  sameGatewayMs: Percentiles;
  /** … by a client of the other gateway (through the Redis adapter). */
  otherGatewayMs: Percentiles;
  /** Events a client never received (within 10 s). */
  missed: { sameGateway: number; otherGateway: number };
}

const p = (values: number[]): Percentiles => {
  const all = percentiles(values);
  return { p50: round(all.p50, 1), p95: round(all.p95, 1), p99: round(all.p99, 1), max: round(all.max, 1) };
};

/** A Socket.IO client subscribed to the `feed` room, recording when each review's publication arrives. */
async function feedClient(origin: string): Promise<{ socket: Socket; arrivals: Map<string, number> }> {
  const socket = io(origin, { transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = (await socket.timeout(5000).emitWithAck('subscribe', { room: 'feed' })) as { ok?: boolean };
  if (ack.ok === false) throw new Error(`subscribe refused: ${JSON.stringify(ack)}`);
  const arrivals = new Map<string, number>();
  socket.on('review.published', (event: { data?: { reviewId?: string } }) => {
    const id = event.data?.reviewId;
    if (id && !arrivals.has(id)) arrivals.set(id, nowMs());
  });
  return { socket, arrivals };
}

/**
 * Push latency: two gateways; a Socket.IO client on each subscribes to `feed`; an editor publishes
 * `--events` drafts one after another through gateway 0, `--interval` apart, and each client records
 * when `review.published` for that review arrives. Latency counts from the publish request being sent.
 */
export const scenario: Scenario = {
  summary: 'publish → Socket.IO review.published latency, same gateway and across two gateways',
  requires: ['PostgreSQL', 'NATS', 'Redis'],
  options: {
    ...LOAD_OPTIONS,
    events: { default: '200', help: 'reviews published, one at a time' },
    interval: { default: '50ms', help: 'pause between two publishes' },
  },
  async run(options, context) {
    const events = intOption(options, 'events');
    const intervalMs = durationOption(options, 'interval');
    const sys = await openLoadedSystem(options, context, { gateways: 2 });
    const sockets: Socket[] = [];
    try {
      const editorSpec = sys.dataset.editors[0] as LoadedSystem['dataset']['editors'][number];
      const editor = new EditorClient(sys.gateway(0), editorSpec.email, editorSpec.password);
      await editor.login();
      const same = await feedClient(sys.gateway(0));
      const other = await feedClient(sys.gateway(1));
      sockets.push(same.socket, other.socket);
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
      while (nowMs() < deadline && (same.arrivals.size < events || other.arrivals.size < events)) {
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
        sameGatewayMs: p(latencies(same.arrivals)),
        otherGatewayMs: p(latencies(other.arrivals)),
        missed: {
          sameGateway: drafts.filter((id) => !same.arrivals.has(id)).length,
          otherGateway: drafts.filter((id) => !other.arrivals.has(id)).length,
        },
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
              row('event at a client of the same gateway', figures.sameGatewayMs, figures.missed.sameGateway),
              row(
                'event at a client of the other gateway',
                figures.otherGatewayMs,
                figures.missed.otherGateway,
              ),
            ],
          },
        ],
      };
    } finally {
      for (const socket of sockets) socket.close();
      await sys.close();
    }
  },
};
