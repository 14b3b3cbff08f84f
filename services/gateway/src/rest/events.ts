import { MAX_TOPICS, POSITION_PATTERN, TOPIC_PATTERN, USER_TOPIC_PREFIX } from '@rcr/contracts';
import { errors } from '@rcr/platform';
import { z } from 'zod';
import { sseSink, type EventStreams } from '../realtime/event-streams.ts';
import { topicAllowed } from '../realtime/socket.ts';
import { WS_PATH } from '../realtime/websocket.ts';
import type { RestApp } from './app-types.ts';
import { BEARER_TOKEN, type RouteDeps } from './deps.ts';
import { sendProblem } from './http.ts';
import { problems } from './schemas.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers `text/event-stream`, whatever Accept says about JSON and XML. */
    eventStream?: boolean;
  }
}

const TOPIC = TOPIC_PATTERN;
const POSITION = POSITION_PATTERN;

const EventsQuery = z.strictObject({
  topics: z
    .string()
    .max(4000)
    .transform((value) => [...new Set(value.split(',').map((topic) => topic.trim()))])
    .pipe(
      z
        .array(
          z
            .string()
            .regex(TOPIC, 'a topic is feed, camera:<camera id>, editor:<editor id> or user:<your id>'),
        )
        .min(1)
        .max(MAX_TOPICS),
    )
    .describe(
      'comma-separated: `feed`, `camera:<camera id>`, `editor:<editor id>` (needs a token), `user:<your id>` (needs your token)',
    ),
  lastEventId: z
    .string()
    .regex(POSITION, 'the id of the last event received')
    .optional()
    .describe('for clients that cannot send the Last-Event-ID header; the header wins'),
});

/** `GET /v1/events`: Server-Sent Events, resumable by `Last-Event-ID` (see EventStreams). */
export function eventRoutes(app: RestApp, deps: RouteDeps, streams: EventStreams | undefined) {
  // The plain WebSocket's path asked without an upgrade (a browser's address bar, curl): say how to
  // connect (RFC 9110 §15.5.22) rather than 404. Upgrades never reach routes (realtime/websocket.ts).
  app.get(WS_PATH, { schema: { hide: true } }, async (request, reply) => {
    reply.header('Upgrade', 'websocket');
    return sendProblem(
      request,
      reply,
      426,
      'UPGRADE_REQUIRED',
      `${WS_PATH} is a WebSocket: connect with "Connection: Upgrade" and "Upgrade: websocket" (RFC 6455)`,
    );
  });

  app.get(
    '/v1/events',
    {
      config: { eventStream: true },
      schema: {
        tags: ['events'],
        operationId: 'streamEvents',
        summary: 'Server-Sent Events',
        description:
          'A `text/event-stream` of `review.published|updated|unpublished|deleted` and `camera.*` events for the ' +
          'topics asked. Each message has `id` (a position in the event log, the same on every gateway), ' +
          '`event` (the type) and `data` (the event as JSON). Reconnect with `Last-Event-ID` (or ' +
          '`lastEventId`) to get exactly what came after it, on any gateway; a position no longer kept ' +
          'answers `event: reset` (refetch, then go on from its `id`). `: keep-alive` comments come every ' +
          '15 s. Editor topics need a bearer token of that editor (or an admin); `user:<id>` (your jobs: ' +
          '`job.progress`, `job.completed`, `job.failed`) needs your own token, no one else may follow it; ' +
          'the stream ends with ' +
          '`event: auth.expired` or `auth.revoked` when the token does.',
        querystring: EventsQuery,
        response: {
          200: z.string().describe('text/event-stream'),
          ...problems(400, 401, 403, 406, 429, 503),
        },
      },
    },
    async (request, reply) => {
      if (!streams) throw errors.unavailable('EVENTS_UNAVAILABLE', 'this process streams no events');
      const topics = new Set(request.query.topics);
      const header = request.headers['last-event-id'];
      const lastEventText =
        typeof header === 'string' && header !== '' ? header.trim() : request.query.lastEventId;
      if (lastEventText !== undefined && !POSITION.test(lastEventText)) {
        throw errors.invalid('VALIDATION_FAILED', 'Last-Event-ID must be the id of an event received', [
          { field: 'Last-Event-ID', message: 'a non-negative integer' },
        ]);
      }
      let editor: Parameters<EventStreams['serve']>[3];
      const editorTopics = [...topics].filter(
        (topic) => topic.startsWith('editor:') || topic.startsWith(USER_TOPIC_PREFIX),
      );
      if (editorTopics.length > 0) {
        const match = BEARER_TOKEN.exec(request.headers.authorization ?? '');
        if (!match)
          throw errors.unauthenticated(
            'TOKEN_MISSING',
            'editor and user topics need "Authorization: Bearer <token>"',
          );
        const caller = await deps.verifier.verify(match[1] as string, request.id);
        const foreign = editorTopics.find((topic) => !topicAllowed(topic, caller));
        if (foreign) throw errors.forbidden('TOPIC_FORBIDDEN', `${foreign} is not yours`);
        editor = {
          id: caller.id,
          sid: caller.sid,
          issuedAtMs: caller.issuedAtMs,
          expiresAtMs: caller.expiresAtMs,
        };
      }
      // HEAD (RFC 9110 9.3.2): the stream's headers, no stream; it takes no connection slot.
      if (request.method === 'HEAD') {
        return reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-store')
          .send('');
      }
      const release = streams.connections.take(request.ip, 'sse');
      if (!release) {
        reply.header('Retry-After', 60);
        return sendProblem(
          request,
          reply,
          429,
          'TOO_MANY_STREAMS',
          `at most ${streams.connections.max} open streams per client; close one first`,
        );
      }
      reply.hijack();
      const res = reply.raw;
      res.once('close', release);
      // The headers the hooks set so far (request id, CORS, rate limit), then the stream's own.
      const headers: Record<string, string | number | string[]> = {};
      for (const [name, value] of Object.entries(reply.getHeaders()))
        if (value !== undefined) headers[name] = value;
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      });
      res.socket?.setNoDelay(true);
      // A stream has no end: the server's request timeout must not cut it.
      request.raw.setTimeout(0);
      res.write('retry: 2000\n\n');
      await streams.serve(
        sseSink(res),
        topics,
        lastEventText === undefined ? undefined : Number(lastEventText),
        editor,
      );
    },
  );
}
