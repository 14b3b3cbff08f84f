import net from 'node:net';

/**
 * A loopback TCP proxy a test can cut and restore, standing in for a network failure between one service
 * and its database or bus. Cut: every open connection is destroyed and new ones are dropped as soon as
 * they arrive. The proxy keeps its port while cut: were it to close its listener, another process of a
 * parallel test could take the port, and the service under test would reconnect to a stranger (a gRPC or
 * HTTP server answering its database driver) instead of failing to reach its database.
 */
export class TcpProxy {
  #server: net.Server | undefined;
  readonly #sockets = new Set<net.Socket>();
  #cut = false;
  port = 0;
  /** Delay added to every chunk the target sends back (a slow link). */
  latencyMs = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Starts listening on a free port (once; `restore` ends a cut). */
  async listen(): Promise<number> {
    if (this.#server) {
      this.#cut = false;
      return this.port;
    }
    const server = net.createServer((client) => {
      if (this.#cut) {
        client.on('error', () => undefined);
        client.destroy();
        return;
      }
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream);
      // Chunks leave in the order they came, also while the latency changes.
      const queue: { at: number; chunk: Buffer }[] = [];
      let timer: NodeJS.Timeout | undefined;
      const drain = () => {
        timer = undefined;
        const now = Date.now();
        while (queue.length > 0 && (queue[0]?.at ?? 0) <= now) {
          const { chunk } = queue.shift() as { chunk: Buffer };
          if (!client.destroyed) client.write(chunk);
        }
        if (queue.length > 0) timer = setTimeout(drain, (queue[0]?.at ?? now) - now);
      };
      upstream.on('data', (chunk: Buffer) => {
        queue.push({ at: Math.max(Date.now() + this.latencyMs, queue.at(-1)?.at ?? 0), chunk });
        if (!timer) drain();
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Simulates the network failing: drops every connection and refuses new ones. */
  async cut(): Promise<void> {
    this.#cut = true;
    for (const socket of this.#sockets) socket.destroy();
  }

  /** Brings the link back (same port). */
  async restore(): Promise<void> {
    this.#cut = false;
  }

  /** Drops every connection and gives the port back. */
  async close(): Promise<void> {
    await this.cut();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** `url` with its host and port replaced by the proxy's. */
export function viaProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}
