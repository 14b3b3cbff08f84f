import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Readable } from 'node:stream';
import { AppError, errors, httpStatusOf, type Actor, type Logger } from '@rcr/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExecutionArgs, GraphQLError, StringValueNode, ValidationContext } from 'graphql';
import type { Plugin, YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TokenVerifier } from '../auth/tokens.ts';
import type { EventStreams } from '../realtime/event-streams.ts';
import type { RestApp } from '../rest/app-types.ts';
import { honourConsistencyToken } from '../rest/consistency.ts';
import { answerOptions } from '../rest/conventions.ts';
import { IGNORES_IDEMPOTENCY_KEY } from '../rest/idempotency.ts';
import {
  findUnstorableText,
  UNSTORABLE_TEXT_MESSAGES,
  unstorableText,
  type UnstorableText,
} from '../input-hygiene.ts';
import { anonymous, authenticated, BEARER_TOKEN, type RouteDeps } from '../rest/deps.ts';
import { createContext, type Calls, type GraphQLContext } from './context.ts';
import { operationCost, type CostedOperation } from './cost.ts';
import { graphqlCodeOf, maskErrorWith } from './errors.ts';
import { resolvers } from './resolvers.ts';
import { SharedReads } from './shared-reads.ts';
import { typeDefs } from './type-defs.ts';
import { pushMessageBudget, type MessageBudget } from '../realtime/message-budget.ts';
import { firstDuplicateKey } from '../input-hygiene.ts';

/** Where GraphQL is served: HTTP (GET, POST) and graphql-ws upgrades. */
export const GRAPHQL_PATH = '/graphql';

const ALLOW = 'GET, POST, OPTIONS';

/** The limits of config (GRAPHQL_*). */
export interface GraphQLLimits {
  /** Whether `__schema` / `__type` may be asked. */
  introspection: boolean;
  /** Deepest selection (fields nested in fields). */
  maxDepth: number;
  /**
   * Highest cost (objects 2, scalars 1, times 1.5 per level, a list times its page size): literal page
   * sizes are judged at validation (graphql-armor), the ones in variables or defaulted before execution.
   */
  maxCost: number;
  /**
   * Most aliases in one operation (fragments included): each alias runs its field again, so without a
   * bound one request could hold hundreds of searches or mutations for one rate-limit unit.
   */
  maxAliases: number;
  /** Operations one graphql-ws socket may have open at once (subscriptions included). */
  maxOperationsPerSocket: number;
  /** `subscribe` messages per second one graphql-ws socket may send (bursts of five seconds' worth). */
  maxMessagesPerSecond: number;
  /** Largest query document, in bytes (GET or POST): more is 413. */
  maxQueryBytes: number;
  /** Largest POST body or WebSocket message, in bytes: more is 413 (or close 1009). */
  maxBodyBytes: number;
  /** How often each graphql-ws socket is pinged; one that missed the last pong is dropped. */
  keepAliveMs: number;
}

/** The limits of a gateway built without config (the OpenAPI export, in-process tests). */
export const DEFAULT_GRAPHQL_LIMITS: GraphQLLimits = {
  introspection: true,
  maxDepth: 10,
  maxCost: 5000,
  maxAliases: 15,
  maxOperationsPerSocket: 100,
  maxMessagesPerSecond: 20,
  maxQueryBytes: 16 * 1024,
  maxBodyBytes: 1024 * 1024,
  keepAliveMs: 15_000,
};

/**
 * graphql itself, graphql-yoga, graphql-ws's server and graphql-armor's rules, loaded on first use: ~200 ms
 * of module loading that a start need not pay before its first GraphQL request (ADR 0016, ADR 0034).
 */
function loadStack() {
  return Promise.all([
    import('graphql'),
    import('graphql-yoga'),
    import('graphql-ws/use/ws'),
    import('@escape.tech/graphql-armor-max-depth'),
    import('@escape.tech/graphql-armor-cost-limit'),
    import('@escape.tech/graphql-armor-max-aliases'),
  ]).then(([graphql, yoga, ws, depth, cost, aliases]) => ({
    GraphQLError: graphql.GraphQLError,
    NoSchemaIntrospectionCustomRule: graphql.NoSchemaIntrospectionCustomRule,
    printSchema: graphql.printSchema,
    createSchema: yoga.createSchema,
    createYoga: yoga.createYoga,
    useServer: ws.useServer,
    maxDepthRule: depth.maxDepthRule,
    costLimitRule: cost.costLimitRule,
    maxAliasesRule: aliases.maxAliasesRule,
  }));
}
type Stack = Awaited<ReturnType<typeof loadStack>>;
let loadedStack: Promise<Stack> | undefined;
const graphqlStack = () => (loadedStack ??= loadStack());

/** Calls `make` once, on first use, and shares its promise (a failed attempt is retried next time). */
function onFirstUse<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().catch((err: unknown) => {
      made = undefined;
      throw err;
    }));
}

/** The executable schema (also printed to docs/schema.graphql). */
export async function buildSchema() {
  const { createSchema } = await graphqlStack();
  return createSchema<GraphQLContext>({ typeDefs, resolvers: resolvers as never });
}

/** The SDL of the schema as committed in docs/schema.graphql. */
export async function graphqlSchemaDocument(): Promise<string> {
  const { printSchema } = await graphqlStack();
  return `${printSchema(await buildSchema())}\n`;
}

/** Refuses query documents larger than `max` bytes, before they are parsed. */
function querySizeLimit(max: number, { GraphQLError }: Stack): Plugin {
  return {
    onParams({ params }) {
      if (typeof params.query === 'string' && Buffer.byteLength(params.query) > max) {
        throw new GraphQLError(`the query document is larger than ${max} bytes`, {
          extensions: { code: 'QUERY_TOO_LARGE', status: 413, http: { status: 413 } },
        });
      }
    },
  };
}

/**
 * The same check before an execution and before a subscription (graphql-ws subscriptions have no
 * execution): the error it returns, if any, is the operation's one result.
 */
function beforeRunning(
  check: (args: CostedOperation & { contextValue?: unknown }) => GraphQLError | undefined,
) {
  const hook = ({
    args,
    setResultAndStopExecution,
  }: {
    args: CostedOperation & { contextValue?: unknown };
    setResultAndStopExecution: (result: { errors: GraphQLError[] }) => void;
  }) => {
    const refused = check(args);
    if (refused) setResultAndStopExecution({ errors: [refused] });
  };
  return { onExecute: hook, onSubscribe: hook } satisfies Pick<Plugin, 'onExecute' | 'onSubscribe'>;
}

/**
 * Refuses NUL characters and lone surrogates in the variables and in the document's string literals,
 * as REST refuses them in any input (input-hygiene.ts): a NUL cannot be stored (it failed inside a
 * service, a 500), a lone surrogate would be stored changed. Variables are checked before parsing (HTTP:
 * 400) and again before execution or subscription (operations over graphql-ws, which have no HTTP
 * parameters).
 */
function textHygiene({ GraphQLError }: Stack): Plugin {
  const refusal = (where: string, problem: UnstorableText) =>
    new GraphQLError(`${where} ${UNSTORABLE_TEXT_MESSAGES[problem]}`, {
      extensions: { code: 'BAD_USER_INPUT', status: 400, http: { status: 400 } },
    });
  const checkVariables = (variables: unknown) => {
    const found = findUnstorableText(variables ?? {});
    return found ? refusal(`variable ${found.field || '(a name)'}`, found.problem) : undefined;
  };
  return {
    onParams({ params }) {
      const refused = checkVariables(params.variables);
      if (refused) throw refused;
    },
    onValidate({ addValidationRule }) {
      addValidationRule((context: ValidationContext) => ({
        StringValue(node: StringValueNode) {
          const problem = unstorableText(node.value);
          if (problem) context.reportError(refusal('a string in the operation', problem));
        },
      }));
    },
    // Over HTTP (a context with its request) onParams checked them already.
    ...beforeRunning((args) =>
      (args.contextValue as { request?: unknown } | undefined)?.request
        ? undefined
        : checkVariables(args.variableValues),
    ),
  };
}

/**
 * Depth, cost and alias limits as validation rules (graphql-armor's), so an operation past them is a
 * validation error like any other: refused before it runs, 400 with `application/graphql-response+json`.
 */
function operationLimits(
  limits: GraphQLLimits,
  { maxDepthRule, costLimitRule, maxAliasesRule, GraphQLError }: Stack,
): Plugin {
  // Reported (not thrown) so they join the other validation errors; armor words them as syntax errors.
  const report = (code: string) => ({
    ignoreIntrospection: true,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(
          new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code } }),
        ),
    ],
  });
  const rules = [
    maxDepthRule({ n: limits.maxDepth, ...report('QUERY_TOO_DEEP') }),
    costLimitRule({ maxCost: limits.maxCost, ...report('QUERY_TOO_COSTLY') }),
    maxAliasesRule({ n: limits.maxAliases, ...report('TOO_MANY_ALIASES') }),
  ];
  // graphql-armor counts only literal page sizes; with the variables known, the cost as it will run.
  const tooCostly = (args: CostedOperation) => {
    const cost = operationCost(args);
    return cost > limits.maxCost
      ? new GraphQLError(`Query Cost limit of ${limits.maxCost} exceeded, found ${Math.ceil(cost)}.`, {
          extensions: { code: 'QUERY_TOO_COSTLY', status: 400, http: { status: 400 } },
        })
      : undefined;
  };
  return {
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
    ...beforeRunning(tooCostly),
  };
}

/** Refuses `__schema` and `__type` (GRAPHQL_INTROSPECTION=false). */
const noIntrospection = ({ NoSchemaIntrospectionCustomRule }: Stack): Plugin => ({
  onValidate({ addValidationRule }) {
    addValidationRule(NoSchemaIntrospectionCustomRule);
  },
});

type ServerContext = { graphql: GraphQLContext };

async function createServer(log: Logger, limits: GraphQLLimits) {
  const stack = await graphqlStack();
  return stack.createYoga<ServerContext, GraphQLContext>({
    schema: (await buildSchema()) as never,
    graphqlEndpoint: GRAPHQL_PATH,
    // The gateway answers CORS and logs requests itself; no GraphiQL (the API's CSP allows no scripts).
    cors: false,
    graphiql: false,
    landingPage: false,
    logging: false,
    batching: false,
    maskedErrors: { maskError: maskErrorWith(log, stack.GraphQLError) },
    context: ({ graphql }) => graphql,
    plugins: [
      querySizeLimit(limits.maxQueryBytes, stack),
      textHygiene(stack),
      operationLimits(limits, stack),
      ...(limits.introspection ? [] : [noIntrospection(stack)]),
    ],
  });
}

/** What a bare error status from Yoga means, said in the answer. */
const BARE_REFUSALS: Partial<Record<number, { code: string; message: string }>> = {
  415: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'send the operation as JSON (Content-Type: application/json), or as a GET query string',
  },
  406: {
    code: 'NOT_ACCEPTABLE',
    message:
      'this endpoint answers application/graphql-response+json, application/json or (subscriptions) text/event-stream',
  },
};

/** A GraphQL-over-HTTP error answer for a request refused before GraphQL saw it (body too large). */
function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send({ errors: [{ message, extensions: { code, status } }] });
}

/** A JSON media type (`application/json`, `application/graphql+json` …), parameters aside. */
const JSON_MEDIA_TYPE = /^\s*application\/(?:[\w.!#$&^-]+\+)?json\s*(?:;|$)/i;

/**
 * The member a JSON request body names twice in one object, as REST refuses (I-JSON): a `variables`
 * object naming a variable twice would otherwise run with whichever value JSON.parse kept. A body
 * that is not JSON is left to Yoga, which says so.
 */
function repeatedMember(contentType: string | undefined, body: Buffer | undefined): string | undefined {
  if (!body || body.length === 0 || !JSON_MEDIA_TYPE.test(contentType ?? '')) return undefined;
  const text = body.toString('utf8');
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  return firstDuplicateKey(text);
}

/**
 * The first of GET's JSON parameters (`variables`, `extensions`) that is neither empty nor JSON: Yoga's
 * GET parser would throw on it and answer as if the server had failed; it is the client's mistake, a 400.
 */
function malformedJsonParameter(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query === -1) return undefined;
  const params = new URLSearchParams(url.slice(query + 1));
  for (const name of ['variables', 'extensions']) {
    for (const value of params.getAll(name)) {
      if (value === '') continue;
      try {
        JSON.parse(value);
      } catch {
        return name;
      }
    }
  }
  return undefined;
}

/** Call context of a WebSocket operation: the token of the upgrade or of `connection_init`. */
function socketCalls(
  request: IncomingMessage,
  connectionParams: Record<string, unknown> | undefined,
  verifier: TokenVerifier,
): Calls {
  const requestId = randomUUID();
  const given = connectionParams?.authorization ?? connectionParams?.Authorization;
  const header = typeof given === 'string' ? given : (request.headers.authorization ?? '');
  let actor: Promise<Actor> | undefined;
  return {
    requestId,
    anonymous: () => ({ requestId }),
    authenticated: async () => {
      const token = BEARER_TOKEN.exec(header)?.[1];
      if (!token)
        throw errors.unauthenticated(
          'TOKEN_MISSING',
          'send an access token as "Authorization: Bearer <token>" (upgrade header or connection_init payload)',
        );
      actor ??= verifyActor(verifier, token, requestId);
      return { actor: await actor, requestId };
    },
  };
}

const verifyActor = (verifier: TokenVerifier, token: string, requestId: string): Promise<Actor> =>
  verifier.verify(token, requestId).then(({ id, role, sid }) => ({ id, role, ...(sid ? { sid } : {}) }));

/** The GraphQL endpoint on the gateway's app: its HTTP route now, its WebSocket upgrades when handed them. */
export interface GraphQLEndpoint {
  /** Takes an upgrade of GRAPHQL_PATH (graphql-ws), its Origin and connection quota already checked (PlainWebSocket's router). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

/**
 * Mounts graphql-yoga at /graphql on the Fastify app. Yoga does GraphQL over HTTP (GET for queries only,
 * a mutation over GET is 405; `application/graphql-response+json` or `application/json`; subscriptions
 * also as SSE when asked with `Accept: text/event-stream`); Fastify only hands it the request's bytes, so
 * the body limit answers 413 in GraphQL's shape. Resolvers call the services as REST does (rest/deps.ts).
 */
export async function installGraphQL(
  app: RestApp,
  options: {
    deps: RouteDeps;
    log: Logger;
    limits: GraphQLLimits;
    streams: EventStreams | undefined;
  },
): Promise<GraphQLEndpoint> {
  const { deps, log, limits, streams } = options;
  let yoga: YogaServerInstance<ServerContext, GraphQLContext> | undefined;
  const server = onFirstUse(async () => (yoga = await createServer(log, limits)));
  const shared = new SharedReads();

  await app.register(async (scope) => {
    // Yoga reads every body itself (JSON, or nothing for GET): Fastify only collects the bytes.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: limits.maxBodyBytes },
      (_request, body, done) => done(null, body),
    );
    scope.setErrorHandler((err, request, reply) => {
      const status = (err as { statusCode?: number }).statusCode ?? 500;
      if (status === 413)
        return refuse(
          reply,
          413,
          'BODY_TOO_LARGE',
          `the request body is larger than ${limits.maxBodyBytes} bytes`,
        );
      // Refused before the operation (a forged consistency token): the AppError's status and code.
      if (err instanceof AppError)
        return refuse(reply, httpStatusOf(err.kind), graphqlCodeOf(err.kind), err.message);
      if (status >= 400 && status < 500) {
        // The rate limiter's 429 (a plain object with its code and message), or a framework error.
        const { code, message } = err as { code?: unknown; message?: unknown };
        return status === 429 && typeof code === 'string' && typeof message === 'string'
          ? refuse(reply, 429, code, message)
          : refuse(reply, status, 'BAD_REQUEST', 'the request is malformed');
      }
      request.log.error({ err, requestId: request.id }, 'unhandled error on /graphql');
      return refuse(reply, 500, 'INTERNAL_SERVER_ERROR', 'an unexpected error occurred');
    });
    // CORS preflight for browsers (the REST conventions answer it for /v1 routes only).
    scope.options(GRAPHQL_PATH, { schema: { hide: true } }, async (request, reply) =>
      answerOptions(request, reply, ALLOW),
    );
    scope.route({
      // Yoga answers the methods it does not serve with 405 and Allow.
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: GRAPHQL_PATH,
      // Its contract is docs/schema.graphql, not the OpenAPI document. One request may hold several
      // mutations, so an Idempotency-Key could not name one write: it is ignored here.
      schema: { hide: true, ...IGNORES_IDEMPOTENCY_KEY },
      handler: (request, reply) => serveHttp(request, reply),
    });
  });

  /** Takes one of the client's push connections for this answer's lifetime; false when none is left. */
  const holdStream = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (!streams) return true;
    const release = streams.connections.take(request.ip, 'sse');
    if (!release) return false;
    reply.raw.once('close', release);
    return true;
  };
  const tooManyStreams = (reply: FastifyReply) => {
    reply.header('Retry-After', '60');
    return refuse(
      reply,
      429,
      'TOO_MANY_STREAMS',
      `at most ${streams?.connections.max} open streams per client; close one first`,
    );
  };

  const serveHttp = async (request: FastifyRequest, reply: FastifyReply) => {
    // A request that may be answered as a stream (SSE) holds one of the client's push connections
    // while it lasts, as SSE, /v1/ws and Socket.IO do: asked for by Accept, refused before it runs.
    const asksForStream = /text\/event-stream/i.test(request.headers.accept ?? '');
    if (asksForStream && !holdStream(request, reply)) return tooManyStreams(reply);
    // Read-your-writes as on REST reads: a writer's token makes the operation wait for the read model.
    await honourConsistencyToken(request, reply, {
      upstreams: deps.upstreams,
      verifier: deps.verifier,
      tokens: reply.server.consistencyTokens,
    });
    const graphql = createContext({
      upstreams: deps.upstreams,
      streams,
      shared,
      reply,
      calls: {
        requestId: request.id,
        anonymous: () => anonymous(request),
        authenticated: () => authenticated(request, deps),
      },
    });
    const headers = new Headers();
    const raw = request.raw.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
    const malformed = request.method === 'GET' ? malformedJsonParameter(request.url) : undefined;
    if (malformed !== undefined)
      return refuse(reply, 400, 'BAD_REQUEST', `the ${malformed} parameter is not valid JSON`);
    const body = request.method === 'POST' ? (request.body as Buffer | undefined) : undefined;
    const repeated = repeatedMember(request.headers['content-type'], body);
    if (repeated !== undefined)
      return refuse(
        reply,
        400,
        'DUPLICATE_JSON_MEMBER',
        `the request body names ${JSON.stringify(repeated.slice(0, 100))} twice in one object`,
      );
    const response = await (
      await server()
    ).fetch(
      new URL(request.url, `http://${request.host || 'localhost'}`),
      {
        method: request.method,
        headers,
        ...(body && body.length > 0 ? { body: new Uint8Array(body) } : {}),
        signal: abortedWith(reply),
      },
      { graphql },
    );
    const streaming = response.headers.get('content-type')?.startsWith('text/event-stream') === true;
    // A subscription answered as a stream to a client that accepted anything (no Accept, */*) holds a
    // connection too: counted once its answer is known to be one, and ended at once when none is left.
    if (streaming && !asksForStream && !holdStream(request, reply)) {
      await response.body?.cancel().catch(() => undefined);
      return tooManyStreams(reply);
    }
    reply.status(response.status);
    response.headers.forEach((value, key) => void reply.header(key, value));
    // No shared cache keeps a GraphQL answer (a reader's token may shape it; REST is what caches).
    if (!reply.hasHeader('cache-control')) reply.header('Cache-Control', 'no-store');
    // A subscription over SSE streams; anything else is one answer, sent with its length.
    if (!streaming) {
      const text = response.body ? await response.text() : '';
      // Yoga refuses some requests with a bare status (a body that is not JSON: 415): say why.
      const refusal = text === '' ? BARE_REFUSALS[response.status] : undefined;
      if (refusal) return refuse(reply, response.status, refusal.code, refusal.message);
      return response.body ? reply.send(text) : reply.send();
    }
    // Yoga's streams are async iterables (not always Node's own web streams).
    return reply.send(Readable.from(response.body as unknown as AsyncIterable<Uint8Array>));
  };

  // graphql-ws, set up on the first upgrade (with the stack it needs).
  let sockets: WebSocketServer | undefined;
  let keepAlive: NodeJS.Timeout | undefined;
  const budgets = new WeakMap<WebSocket, MessageBudget>();
  const socketServer = onFirstUse(async () => {
    const { useServer, GraphQLError } = await graphqlStack();
    const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxBodyBytes });
    useServer<Record<string, unknown>>(
      {
        execute: (args) => (args.rootValue as Enveloped).execute(args),
        subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
        onSubscribe: async (ctx, _id, params) => {
          const verdict = budgets.get(ctx.extra.socket)?.take(performance.now());
          if (verdict === 'exhausted') ctx.extra.socket.close(1008, 'too many messages');
          if (verdict === 'refused' || verdict === 'exhausted')
            return [
              new GraphQLError(`too many operations: at most ${limits.maxMessagesPerSecond} per second`, {
                extensions: { code: 'TOO_MANY_MESSAGES', status: 429 },
              }),
            ];
          // The operation being subscribed holds a place already.
          if (Object.keys(ctx.subscriptions).length > limits.maxOperationsPerSocket)
            return [
              new GraphQLError(
                `this socket has ${limits.maxOperationsPerSocket} operations open already: complete some first`,
                { extensions: { code: 'TOO_MANY_OPERATIONS', status: 429 } },
              ),
            ];
          if (Buffer.byteLength(params.query) > limits.maxQueryBytes)
            return [
              new GraphQLError(`the query document is larger than ${limits.maxQueryBytes} bytes`, {
                extensions: { code: 'QUERY_TOO_LARGE', status: 413 },
              }),
            ];
          const graphql = createContext({
            upstreams: deps.upstreams,
            streams,
            shared,
            calls: socketCalls(ctx.extra.request, ctx.connectionParams, deps.verifier),
          });
          // No `request`: yoga would take the upgrade (a GET) as the transport and refuse mutations.
          const enveloped = (await server()).getEnveloped({ graphql, ...graphql, params });
          let document;
          try {
            document = enveloped.parse(params.query);
          } catch (err) {
            if (err instanceof GraphQLError) return [err];
            throw err;
          }
          const invalid = enveloped.validate(enveloped.schema, document);
          if (invalid.length > 0) return invalid;
          const args: ExecutionArgs = {
            schema: enveloped.schema,
            document,
            operationName: params.operationName ?? null,
            variableValues: params.variables ?? null,
            contextValue: await enveloped.contextFactory(),
            rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
          };
          return args;
        },
      },
      wss,
    );

    // Protocol pings keep idle sockets open through proxies and find peers that went away silently.
    const alive = new WeakSet<WebSocket>();
    wss.on('connection', (ws: WebSocket) => {
      budgets.set(ws, pushMessageBudget(limits.maxMessagesPerSecond));
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
    });
    keepAlive = setInterval(() => {
      for (const ws of wss.clients) {
        if (!alive.has(ws)) {
          ws.terminate();
          continue;
        }
        alive.delete(ws);
        ws.ping();
      }
    }, limits.keepAliveMs);
    keepAlive.unref();
    sockets = wss;
    return wss;
  });

  return {
    handleUpgrade(request, socket, head) {
      socketServer().then(
        (wss) => {
          if (socket.destroyed) return;
          wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
        },
        (err: unknown) => {
          log.error({ err }, 'GraphQL WebSocket server could not start');
          socket.destroy();
        },
      );
    },
    async close() {
      clearInterval(keepAlive);
      const wss = sockets;
      if (wss) {
        for (const ws of wss.clients) ws.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      }
      await yoga?.dispose();
    },
  };
}

type Enveloped = {
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
};
type OperationResult = ReturnType<NonNullable<Parameters<Stack['useServer']>[0]['execute']>>;

/** An AbortSignal that fires when the answer is over: sent, or its client gone (ends a streamed subscription). */
function abortedWith(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => controller.abort());
  return controller.signal;
}
