import type { Actor } from '@rcr/platform';
import type { FastifyReply } from 'fastify';
import type { EventStreams } from '../realtime/event-streams.ts';
import type { Watermark } from '../rest/consistency.ts';
import type { CallMeta, Upstreams } from '../upstream/clients.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import type { SharedReads } from './shared-reads.ts';

/** How one GraphQL request calls the services: as REST does, anonymously or as the verified caller. */
export interface Calls {
  readonly requestId: string;
  anonymous(): CallMeta;
  /** The caller's identity, verified (revocation included); rejects UNAUTHENTICATED without a valid token. */
  authenticated(): Promise<CallMeta & { actor: Actor }>;
}

/** What every resolver gets: one per operation (a WebSocket makes one per subscribe message). */
export interface GraphQLContext {
  upstreams: Upstreams;
  calls: Calls;
  loaders: Loaders;
  streams: EventStreams | undefined;
  /** Public reads shared by every operation of this gateway (subscriptions' payloads). */
  shared: SharedReads;
  /** HTTP only: puts a read-your-writes token on the answer, as the REST writes do. */
  issueConsistencyToken(writer: string, watermarks: Watermark[]): void;
}

/** The context of one operation. */
export function createContext(options: {
  upstreams: Upstreams;
  calls: Calls;
  streams: EventStreams | undefined;
  shared: SharedReads;
  reply?: FastifyReply | undefined;
}): GraphQLContext {
  const { upstreams, calls, streams, shared, reply } = options;
  return {
    upstreams,
    calls,
    streams,
    shared,
    loaders: createLoaders(upstreams, calls),
    issueConsistencyToken(writer, watermarks) {
      if (reply)
        reply.header('RCR-Consistency-Token', reply.server.consistencyTokens.issue(writer, watermarks));
    },
  };
}
