import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { protos, type RcrEvent } from '@rcr/contracts';
import { SqlDeadLetterStore } from '../src/bus/dead-letter-store.ts';
import { MemoryBus } from '../src/bus/memory.ts';
import { NatsBus } from '../src/bus/nats.ts';
import type { EventBus } from '../src/bus/port.ts';
import { openPglite, openPostgres, openServiceDatabase } from '../src/db/index.ts';
import type { Database } from '../src/db/port.ts';
import {
  addUnaryService,
  callClientStream,
  callServerStream,
  callUnary,
  GrpcServer,
  signCallsOf,
  type CallContext,
} from '../src/grpc.ts';
import { generateInternalKeyPair, InternalTokenSigner, InternalTokenVerifier } from '../src/internal-auth.ts';
import { RedisKeyValueStore } from '../src/kv/redis.ts';
import { createLogger } from '../src/logger.ts';
import { Outbox } from '../src/outbox.ts';
import {
  bindToActiveContext,
  SpanKind,
  startTracing,
  traced,
  traceFields,
  type Tracing,
} from '../src/tracing.ts';
import { distributedAvailable, freshDatabase, freshNamespace, infra } from '../../../test/support/infra.ts';
import { cameraCreated, eventually } from './support.ts';

const log = createLogger('tracing-test', 'silent');
const exporter = new InMemorySpanExporter();
let tracing: Tracing;

beforeAll(async () => {
  tracing = await startTracing({}, 'tracing-test', { exporter });
});
afterAll(async () => {
  await tracing.stop();
});
beforeEach(() => exporter.reset());

const spans = () => exporter.getFinishedSpans();
const named = (name: string, kind?: SpanKind): ReadableSpan => {
  const found = spans().find((span) => span.name === name && (kind === undefined || span.kind === kind));
  if (!found)
    throw new Error(
      `no span "${name}" among ${spans()
        .map((span) => span.name)
        .join(', ')}`,
    );
  return found;
};
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const traceOf = (span: ReadableSpan) => span.spanContext().traceId;

describe('work queued by one trace and run from another', () => {
  it('when a queue runs a function bound to its caller, then its spans belong to the caller, not to the one running it', async () => {
    let queued: (() => Promise<void>) | undefined;
    await traced('queuing request', {}, async () => {
      queued = bindToActiveContext(() => traced('queued call', {}, async () => undefined));
    });
    // As a bulkhead does: the call that frees a slot runs the next queued one.
    await traced('request freeing a slot', {}, async () => queued?.());
    expect(parentOf(named('queued call'))).toBe(idOf(named('queuing request')));
  });
});

describe('trace context over gRPC metadata', () => {
  const keys = generateInternalKeyPair();
  const server = new GrpcServer(['rcr.content.v1.ContentService']);
  let client: grpc.Client & { GetContent: never };
  const seen: { ctx?: CallContext; log?: ReturnType<typeof traceFields> } = {};
  beforeAll(async () => {
    addUnaryService(
      server,
      protos.content.ContentService.service,
      {
        GetContent: async (_request: unknown, ctx: CallContext) => {
          seen.ctx = ctx;
          seen.log = traceFields();
          return {};
        },
      } as never,
      log,
      new InternalTokenVerifier([keys.publicKey]),
    );
    const port = await server.listen('127.0.0.1', 0);
    client = signCallsOf(
      new protos.content.ContentService(`127.0.0.1:${port}`, grpc.credentials.createInsecure()),
      new InternalTokenSigner(keys.signingKey),
    ) as unknown as typeof client;
  });
  afterAll(async () => {
    client?.close();
    await server.close();
  });

  it('continues the caller trace in a server span, whose traceparent the handler gets', async () => {
    await traced('request', { kind: SpanKind.SERVER }, () =>
      callUnary(client, client.GetContent, { slug: 'x' }, { requestId: 'r1' }),
    );
    const request = named('request');
    const clientSpan = named('rcr.content.v1.ContentService/GetContent', SpanKind.CLIENT);
    const serverSpan = named('rcr.content.v1.ContentService/GetContent', SpanKind.SERVER);
    expect(parentOf(clientSpan)).toBe(idOf(request));
    expect(parentOf(serverSpan)).toBe(idOf(clientSpan));
    expect(traceOf(serverSpan)).toBe(traceOf(request));
    expect(seen.ctx?.traceparent).toBe(`00-${traceOf(request)}-${idOf(serverSpan)}-01`);
    // What the handler logs carries the trace.
    expect(seen.log).toEqual({ trace_id: traceOf(request), span_id: idOf(serverSpan) });
  });
});

describe('trace context over streaming gRPC calls', () => {
  const keys = generateInternalKeyPair();
  const server = new GrpcServer(['rcr.media.v1.MediaService']);
  let client: grpc.Client & { ReadFile: never; UploadImage: never };
  const seen: { read?: ReturnType<typeof traceFields>; upload?: ReturnType<typeof traceFields> } = {};
  beforeAll(async () => {
    addUnaryService(
      server,
      protos.media.MediaService.service,
      {
        ReadFile: async function* () {
          seen.read = traceFields();
          yield { data: Buffer.from('one') };
          yield { data: Buffer.from('two') };
        },
        UploadImage: async (chunks: AsyncIterable<unknown>) => {
          for await (const _chunk of chunks) seen.upload = traceFields();
          return { id: 'image' };
        },
      } as never,
      log,
      new InternalTokenVerifier([keys.publicKey]),
    );
    const port = await server.listen('127.0.0.1', 0);
    client = signCallsOf(
      new protos.media.MediaService(`127.0.0.1:${port}`, grpc.credentials.createInsecure()),
      new InternalTokenSigner(keys.signingKey),
    ) as unknown as typeof client;
  });
  afterAll(async () => {
    client?.close();
    await server.close();
  });

  it('when a caller reads a server stream, then the stream runs in a server span continuing its client span', async () => {
    const chunks: unknown[] = [];
    await traced('request', { kind: SpanKind.SERVER }, async () => {
      for await (const chunk of callServerStream(client, client.ReadFile, { key: 'k' })) chunks.push(chunk);
    });
    expect(chunks).toHaveLength(2);
    const path = 'rcr.media.v1.MediaService/ReadFile';
    const request = named('request');
    const clientSpan = named(path, SpanKind.CLIENT);
    const serverSpan = named(path, SpanKind.SERVER);
    expect(parentOf(clientSpan)).toBe(idOf(request));
    expect(parentOf(serverSpan)).toBe(idOf(clientSpan));
    expect(serverSpan.attributes['rpc.grpc.status_code']).toBe(grpc.status.OK);
    // The handler's work (and its log lines) belong to the server span.
    expect(seen.read).toEqual({ trace_id: traceOf(request), span_id: idOf(serverSpan) });
  });

  it('when a caller streams an upload, then the call has a client span and the handler runs in its server span', async () => {
    async function* chunks() {
      yield { meta: { reviewId: 'r', filename: 'a.jpg' } };
      yield { data: Buffer.from('bytes') };
    }
    await traced('request', { kind: SpanKind.SERVER }, () =>
      callClientStream(client, client.UploadImage, chunks()),
    );
    const path = 'rcr.media.v1.MediaService/UploadImage';
    const request = named('request');
    const clientSpan = named(path, SpanKind.CLIENT);
    const serverSpan = named(path, SpanKind.SERVER);
    expect(parentOf(clientSpan)).toBe(idOf(request));
    expect(parentOf(serverSpan)).toBe(idOf(clientSpan));
    expect(seen.upload).toEqual({ trace_id: traceOf(request), span_id: idOf(serverSpan) });
  });
});

/** SQL statements run by `openDb`'s adapter inside a trace: child spans, text without parameters. */
function sqlStatements(openDb: () => Promise<Database>) {
  let db: Database;
  beforeAll(async () => {
    db = await openDb();
    await db.exec('CREATE TABLE IF NOT EXISTS traced_notes (id text PRIMARY KEY, body text NOT NULL)');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('when a traced request runs statements and a transaction, then each statement is a span under the one that ran it, naming the statement but never its parameters', async () => {
    const secret = `secret-${Date.now()}`;
    await traced('request', { kind: SpanKind.SERVER }, async () => {
      await traced('transaction', {}, () =>
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO traced_notes (id, body) VALUES ($1, $2)', [secret, secret]);
        }),
      );
      await db.query('SELECT id, body FROM traced_notes WHERE id = $1', [secret]);
    });
    const request = named('request');
    const transaction = named('transaction');
    const underTransaction = spans()
      .filter((span) => parentOf(span) === idOf(transaction))
      .map((span) => span.name);
    expect(underTransaction).toEqual(['BEGIN', 'INSERT traced_notes', 'COMMIT']);
    const insert = named('INSERT traced_notes', SpanKind.CLIENT);
    expect(insert.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.operation.name': 'INSERT',
      'db.collection.name': 'traced_notes',
      'db.query.text': 'INSERT INTO traced_notes (id, body) VALUES ($1, $2)',
    });
    const select = named('SELECT traced_notes', SpanKind.CLIENT);
    expect(parentOf(select)).toBe(idOf(request));
    expect(select.attributes['db.response.returned_rows']).toBe(1);
    for (const span of spans()) expect(JSON.stringify(span.attributes)).not.toContain(secret);
  });

  it('when a statement fails, then its span is marked failed; statements outside a trace make none', async () => {
    await traced('request', {}, () => db.query('SELECT nope FROM traced_notes').catch(() => undefined));
    const failed = named('SELECT traced_notes');
    expect(failed.status.code).toBe(2);
    expect(parentOf(failed)).toBe(idOf(named('request')));
    exporter.reset();
    await db.query('SELECT 1');
    expect(spans()).toEqual([]);
  });
}

describe('SQL statements as spans (PGlite)', () => {
  sqlStatements(() => openPglite({ dataDir: 'memory://', schema: 'traced_sql' }));
});

/**
 * An event recorded in a traced transaction, relayed by the outbox (whose loop runs in no trace: only the
 * row tells it the trace), published and handled by a consumer group and a broadcast listener: every span
 * in the one trace, each the child of the hop before.
 */
function outboxToConsumer(openBus: (db: Database) => Promise<EventBus>) {
  let db: Database;
  let bus: EventBus;
  let outbox: Outbox;
  const handled: { group?: ReturnType<typeof traceFields>; broadcast?: ReturnType<typeof traceFields> } = {};
  beforeAll(async () => {
    const noMigrations = await mkdtemp(join(tmpdir(), 'rcr-no-migrations-'));
    db = await openServiceDatabase({ RCR_DATA_DIR: 'memory://' }, 'tracing_test', noMigrations);
    await rm(noMigrations, { recursive: true, force: true });
    bus = await openBus(db);
    await bus.subscribe({
      group: 'traced',
      types: ['camera.created'],
      handler: async () => void (handled.group = traceFields()),
    });
    await bus.broadcast({
      types: ['camera.created'],
      handler: () => void (handled.broadcast = traceFields()),
    });
    outbox = new Outbox(db, bus, log, { pollMs: 50 });
    outbox.start();
  });
  afterAll(async () => {
    await outbox?.stop();
    await bus?.close();
    await db?.close();
  });

  it('carries one trace from the transaction through the outbox row and the bus to the consumers', async () => {
    const event: RcrEvent = cameraCreated(1);
    await traced('request', { kind: SpanKind.SERVER }, () =>
      outbox.transaction(async (_tx, emit) => emit(event)),
    );
    await eventually(() => {
      expect(handled.group).toBeDefined();
      expect(handled.broadcast).toBeDefined();
      named('process camera.created', SpanKind.CONSUMER);
    });
    const request = named('request');
    const transaction = named('outbox transaction');
    const create = named('create camera.created', SpanKind.PRODUCER);
    const publish = named('publish camera.created', SpanKind.PRODUCER);
    const processed = spans().filter((span) => span.name === 'process camera.created');
    const group = processed.find((span) => span.attributes['messaging.consumer.group.name'] === 'traced');
    const broadcast = processed.find(
      (span) => span.attributes['messaging.consumer.group.name'] === 'broadcast',
    );
    expect(parentOf(transaction)).toBe(idOf(request));
    expect(parentOf(create)).toBe(idOf(transaction));
    // The row holds the creation context: the relay continues the trace from it.
    const [row] = await db.query<{ event: RcrEvent | string }>('SELECT event FROM outbox WHERE id = $1', [
      event.id,
    ]);
    const stored = typeof row?.event === 'string' ? (JSON.parse(row.event) as RcrEvent) : row?.event;
    expect(stored?.traceparent).toBe(`00-${traceOf(request)}-${idOf(create)}-01`);
    expect(parentOf(publish)).toBe(idOf(create));
    // The message headers carry the publish span's context to both kinds of consumer.
    expect(group && parentOf(group)).toBe(idOf(publish));
    expect(broadcast && parentOf(broadcast)).toBe(idOf(publish));
    for (const span of [transaction, create, publish, group, broadcast])
      expect(span && traceOf(span)).toBe(traceOf(request));
    expect(handled.group).toEqual({ trace_id: traceOf(request), span_id: group && idOf(group) });
    expect(handled.broadcast?.trace_id).toBe(traceOf(request));
  });
}

describe('trace context through the outbox and the in-process bus', () => {
  outboxToConsumer(
    async (db) =>
      new MemoryBus({ namespace: 'traced', retrySchedule: [50], deadLetters: new SqlDeadLetterStore(db) }),
  );
});

const distributed = await distributedAvailable('tracing over NATS');

describe.skipIf(!distributed)('trace context through the outbox and NATS message headers', () => {
  const namespace = freshNamespace('trace');
  afterAll(async () => {
    const nc = await connect({ servers: infra.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      for (const stream of [`${namespace}-events`, `${namespace}-dlq`, `${namespace}-replay`])
        await jsm.streams.delete(stream).catch(() => false);
    } finally {
      await nc.close();
    }
  });
  outboxToConsumer(() =>
    NatsBus.connect({ url: infra.natsUrl, name: 'tracing-test', namespace, retrySchedule: [50] }),
  );
});

describe.skipIf(!distributed)('SQL statements as spans (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  afterAll(async () => {
    await database?.drop();
  });
  sqlStatements(async () => {
    database = await freshDatabase('rcr_tracing');
    return openPostgres({ url: database.url, schema: 'traced_sql', max: 2 });
  });
});

describe.skipIf(!distributed)('Redis commands as spans', () => {
  let kv: RedisKeyValueStore;
  beforeAll(async () => {
    kv = await RedisKeyValueStore.connect({ url: infra.redisUrl, namespace: freshNamespace('trace') });
  });
  afterAll(async () => {
    await kv?.close();
  });

  it('when a traced request uses the key-value store, then each command is a span under it, without keys or values', async () => {
    const secret = `secret-${Date.now()}`;
    await traced('request', { kind: SpanKind.SERVER }, async () => {
      await kv.set(secret, secret, { ttlMs: 60_000 });
      await kv.get(secret);
    });
    const request = named('request');
    const commands = spans().filter((span) => span.attributes['db.system.name'] === 'redis');
    expect(commands.map((span) => span.name)).toEqual(['SET', 'GET']);
    for (const command of commands) {
      expect(command.kind).toBe(SpanKind.CLIENT);
      expect(parentOf(command)).toBe(idOf(request));
      expect(JSON.stringify(command.attributes)).not.toContain(secret);
    }
    exporter.reset();
    await kv.get(secret);
    expect(spans()).toEqual([]);
  });
});
