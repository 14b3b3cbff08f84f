import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { checkHealth, generateInternalKeyPair, NatsBus } from '@rcr/platform';
import pg from 'pg';
import { freePort, spawnService, type ServiceProcess } from '../../scripts/processes.ts';
import { freshDatabase, freshNamespace, infra } from '../../test/support/infra.ts';
import { nowMs } from './publisher.ts';

/** The content consumer group, as named in its inbox and ledger. */
const CONSUMER = 'content';

/** One content process and the moments of its start (epoch ms). */
export interface ContentStart {
  process: ServiceProcess;
  address: string;
  spawnedAt: number;
  /** When its gRPC health first answered SERVING: migrated, subscribed to the bus, serving. */
  servingAt: number;
}

/** How a content process ended (epoch ms). */
export interface ContentStop {
  signal: NodeJS.Signals;
  signalledAt: number;
  exitedAt: number;
  exit: number | string;
}

/** Each event the read model applied: its first application (epoch ms) and how many ledger rows it has. */
export interface LedgerEntry {
  appliedAt: number;
  rows: number;
}

/** What NATS says about content's consumer group: held unacknowledged, left to deliver, pull requests. */
export interface ConsumerState {
  ackPending: number;
  maxAckPending: number;
  pending: number;
  waitingPulls: number;
}

/**
 * A distributed sandbox for one measurement: a fresh PostgreSQL database and NATS namespace, a bus
 * connection to publish with, and the content service as its own OS process, started and stopped on
 * demand. Close it to drop the database and the streams.
 */
export class BenchSystem {
  #content: ContentStart | undefined;

  private constructor(
    readonly databaseUrl: string,
    readonly namespace: string,
    readonly bus: NatsBus,
    private readonly admin: { nc: NatsConnection; jsm: JetStreamManager },
    private readonly sql: pg.Pool,
    private readonly contentEnv: Record<string, string>,
    private readonly drop: () => Promise<void>,
  ) {}

  /** Creates the database and namespace; `contentEnv` is added to the content process's environment. */
  static async open(contentEnv: Record<string, string> = {}): Promise<BenchSystem> {
    const db = await freshDatabase('rcr_bench');
    const namespace = freshNamespace('b');
    try {
      const bus = await NatsBus.connect({ url: infra.natsUrl, namespace, retrySchedule: [], name: 'bench' });
      const nc = await connect({ servers: infra.natsUrl, name: 'bench-admin' });
      const admin = { nc, jsm: await jetstreamManager(nc) };
      const sql = new pg.Pool({ connectionString: db.url, max: 2 });
      const keys = generateInternalKeyPair();
      const env = {
        DATABASE_URL: db.url,
        NATS_URL: infra.natsUrl,
        RCR_NAMESPACE: namespace,
        RCR_INTERNAL_PUBLIC_KEYS: keys.publicKey,
        LOG_LEVEL: 'warn',
        ...contentEnv,
      };
      return new BenchSystem(db.url, namespace, bus, admin, sql, env, db.drop);
    } catch (err) {
      await db.drop().catch(() => undefined);
      throw err;
    }
  }

  /** The running content process, if any. */
  get content(): ContentStart | undefined {
    return this.#content;
  }

  /** Starts content on a free port and waits until it serves (polling its gRPC health every 50 ms). */
  async startContent(timeoutMs = 120_000): Promise<ContentStart> {
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const spawnedAt = nowMs();
    const process = spawnService('content', { ...this.contentEnv, GRPC_PORT: String(port) });
    const deadline = spawnedAt + timeoutMs;
    for (;;) {
      if (process.child.exitCode !== null || process.child.signalCode !== null) {
        throw new Error(`content exited while starting:\n${process.output.slice(-30).join('\n')}`);
      }
      if (await checkHealth(address, 500)) break;
      if (nowMs() > deadline) {
        await process.kill('SIGKILL');
        throw new Error(
          `content did not serve within ${timeoutMs} ms:\n${process.output.slice(-30).join('\n')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    this.#content = { process, address, spawnedAt, servingAt: nowMs() };
    return this.#content;
  }

  /** Sends `signal` to the running content process and waits for it to exit. */
  async stopContent(signal: NodeJS.Signals): Promise<ContentStop> {
    const content = this.#content;
    if (!content) throw new Error('content is not running');
    const signalledAt = nowMs();
    const exit = await content.process.kill(signal);
    this.#content = undefined;
    return { signal, signalledAt, exitedAt: nowMs(), exit };
  }

  /** How many distinct events content's ledger holds. */
  async appliedCount(): Promise<number> {
    const { rows } = await this.sql.query<{ n: number }>(
      'SELECT count(DISTINCT event_id)::int AS n FROM content.applied_events WHERE consumer = $1',
      [CONSUMER],
    );
    return rows[0]?.n ?? 0;
  }

  /** Which of `ids` content's ledger holds. */
  async appliedOf(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.sql.query<{ id: string }>(
      `SELECT DISTINCT event_id::text AS id FROM content.applied_events
        WHERE consumer = $1 AND event_id = ANY($2::uuid[])`,
      [CONSUMER, ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Waits until the ledger holds `expected` distinct events, polling every `pollMs`; throws with the count
   * reached after `timeoutMs` (events stuck) or when content exits.
   */
  async waitApplied(expected: number, timeoutMs: number, pollMs = 200): Promise<void> {
    const started = nowMs();
    let applied = 0;
    for (;;) {
      applied = await this.appliedCount().catch(() => applied);
      if (applied >= expected) return;
      const process = this.#content?.process;
      if (process && (process.child.exitCode !== null || process.child.signalCode !== null)) {
        throw new Error(
          `content exited with ${applied}/${expected} events applied:\n${process.output.slice(-30).join('\n')}`,
        );
      }
      if (nowMs() - started > timeoutMs) {
        throw new Error(
          `only ${applied} of ${expected} events applied after ${timeoutMs} ms (events stuck?)`,
        );
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** Every applied event by id: its first application time (PostgreSQL `applied_at`) and its ledger rows. */
  async ledger(): Promise<Map<string, LedgerEntry>> {
    const { rows } = await this.sql.query<{ id: string; applied_at: number; n: number }>(
      `SELECT event_id::text AS id, (extract(epoch FROM min(applied_at)) * 1000)::float8 AS applied_at,
              count(*)::int AS n
         FROM content.applied_events WHERE consumer = $1 GROUP BY event_id`,
      [CONSUMER],
    );
    return new Map(rows.map((row) => [row.id, { appliedAt: row.applied_at, rows: row.n }]));
  }

  /** Deliveries content's inbox recognised as already applied (redeliveries after a crash). */
  async redelivered(): Promise<number> {
    const { rows } = await this.sql.query<{ n: number }>(
      'SELECT coalesce(sum(duplicates), 0)::int AS n FROM content.inbox WHERE consumer = $1',
      [CONSUMER],
    );
    return rows[0]?.n ?? 0;
  }

  /** The state of content's consumer on the event stream (null before content first subscribed). */
  async consumerState(): Promise<ConsumerState | null> {
    const events = `${this.namespace}-events`;
    const info = await this.admin.jsm.consumers
      .info(events, `${this.namespace}-${CONSUMER}`)
      .catch(() => null);
    if (!info) return null;
    return {
      ackPending: info.num_ack_pending,
      maxAckPending: info.config.max_ack_pending ?? -1,
      pending: info.num_pending,
      waitingPulls: info.num_waiting,
    };
  }

  /** Stops content (SIGTERM), closes the bus and pool, deletes the streams and drops the database. */
  async close(): Promise<void> {
    if (this.#content) await this.stopContent('SIGTERM').catch(() => undefined);
    await this.bus.close().catch(() => undefined);
    await this.sql.end().catch(() => undefined);
    try {
      for (const stream of ['events', 'dlq', 'replay'])
        await this.admin.jsm.streams.delete(`${this.namespace}-${stream}`).catch(() => undefined);
    } finally {
      await this.admin.nc.close();
    }
    await this.drop();
  }
}
