import * as grpc from '@grpc/grpc-js';
import { GrpcServer, withServerSpans, type Logger } from '@rcr/platform';
import { protos, type PartnerV1 } from '@rcr/contracts';
import type { TokenVerifier } from '../auth/tokens.ts';
import type { EventStreams } from '../realtime/event-streams.ts';
import type { Upstreams } from '../upstream/clients.ts';
import { partnerCameraService } from './camera-service.ts';
import { partnerContentService } from './content-service.ts';
import { PartnerKeys } from './credentials.ts';
import type { PartnerCallBudget } from './rate-limit.ts';

/** The partner API's services, as reflection and health name them. */
export const PARTNER_SERVICES = ['rcr.partner.v1.ContentService', 'rcr.partner.v1.CameraService'];

/** A listening partner gRPC server. */
export interface RunningPartnerServer {
  /** `host:port` partners connect to. */
  address: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the public partner gRPC API (packages/contracts/proto/partner.proto) on its own port, with
 * health and reflection: a gRPC edge of the gateway beside REST, answered through the same upstream
 * clients, with partner API keys checked by the identity service (remembered for `keyCacheMs`).
 */
export async function startPartnerServer(options: {
  host: string;
  port: number;
  upstreams: Upstreams;
  verifier: TokenVerifier;
  streams: EventStreams | undefined;
  keyCacheMs: number;
  maxStreamsPerKey: number;
  /** Calls per key and clock minute (every gateway's, through the shared counters). */
  budget?: PartnerCallBudget | undefined;
  log: Logger;
}): Promise<RunningPartnerServer> {
  const log = options.log.child({ edge: 'partner-grpc' });
  const keys = new PartnerKeys(options.upstreams, options.keyCacheMs, options.budget);
  const server = new GrpcServer(PARTNER_SERVICES);
  const watching = new Set<grpc.ServerWritableStream<unknown, PartnerV1.ReviewEvent>>();
  // Each partner call in a server span continuing the partner's traceparent (ADR 0031, amendment).
  server.addService(
    protos.partner.ContentService.service,
    withServerSpans(
      protos.partner.ContentService.service,
      partnerContentService({
        upstreams: options.upstreams,
        keys,
        streams: options.streams,
        log,
        recheckKeyMs: Math.max(options.keyCacheMs, 250),
        watching,
        maxStreamsPerKey: options.maxStreamsPerKey,
      }),
    ),
  );
  server.addService(
    protos.partner.CameraService.service,
    withServerSpans(
      protos.partner.CameraService.service,
      partnerCameraService({ upstreams: options.upstreams, verifier: options.verifier, log }),
    ),
  );
  const port = await server.listen(options.host, options.port);
  server.setServing(true);
  const host = ['0.0.0.0', '::', '[::]'].includes(options.host) ? '127.0.0.1' : options.host;
  return {
    address: `${host}:${port}`,
    port,
    close: async () => {
      // Streams never end by themselves: tell their clients to resume elsewhere, so the server can drain.
      for (const call of watching) {
        call.emit(
          'error',
          Object.assign(new Error('shutting down'), {
            code: grpc.status.UNAVAILABLE,
            details: 'the gateway is stopping; resume with `after` = the last position received',
          }),
        );
      }
      watching.clear();
      await server.close();
    },
  };
}
