import net from 'node:net';

/**
 * A loopback TCP proxy a test can cut and restore, standing in for a network failure between one service
 * and its database or bus. Cut: every open connection is destroyed and new ones are refused.
 */
export class TcpProxy {
  #server: net.Server | undefined;
  readonly #sockets = new Set<net.Socket>();
  port = 0;
  /** Delay added to every chunk the target sends back (a slow link). */
  latencyMs = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Starts listening (on `port` when restoring, a free port the first time). */
  async listen(): Promise<number> {
    const server = net.createServer((client) => {
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
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Simulates the network failing: drops every connection and refuses new ones. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Brings the link back on the same port. */
  async restore(): Promise<void> {
    await this.listen();
  }

  async close(): Promise<void> {
    await this.cut();
  }
}

/** `url` with its host and port replaced by the proxy's. */
export function viaProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}
