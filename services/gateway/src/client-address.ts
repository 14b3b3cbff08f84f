import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** Whether the peer at `address`, `hop` steps from the gateway, is a proxy whose X-Forwarded-For counts. */
export type TrustProxy = (address: string, hop: number) => boolean;

/** Checks TRUSTED_PROXIES entries (IP addresses or CIDR ranges); the error names the bad one. */
export function compileTrustedProxies(entries: string[]): TrustProxy | undefined {
  return entries.length === 0 ? undefined : proxyAddr.compile(entries);
}

/**
 * Who the client is (M24): behind a load balancer the socket's peer is the balancer, so the client's
 * address is taken from `X-Forwarded-For` — but only from peers listed in TRUSTED_PROXIES, walking the
 * header from the right and stopping at the first address that is not a trusted proxy (a client can put
 * anything at the left of the header). From any other peer the header is ignored. Fastify's `request.ip`
 * follows the same rule (its `trustProxy` is this function); this is for raw requests (WebSocket and
 * Socket.IO upgrades) that never reach Fastify.
 */
export function clientAddressOf(
  trust: TrustProxy | undefined,
): (request: IncomingMessage) => string | undefined {
  if (!trust) return (request) => request.socket.remoteAddress;
  return (request) => proxyAddr(request, trust);
}
