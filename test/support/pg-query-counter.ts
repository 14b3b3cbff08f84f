import net from 'node:net';

/** The startup packet's protocol version 3.0; SSL, GSS and cancel requests carry other codes. */
const PROTOCOL_3 = 196_608;

/**
 * A loopback TCP proxy in front of PostgreSQL that counts the statements one service sends through it,
 * by reading the frontend protocol: a simple query (`Q`) or an extended-protocol execution (`E`) is one
 * statement. `sql` keeps the text of each simple query and each parsed (`P`) statement, so a test can
 * count the statements of one kind. Point the service's `DATABASE_URL` at it with viaProxy().
 */
export class PgQueryCounter {
  #server: net.Server | undefined;
  readonly #sockets = new Set<net.Socket>();
  /** Statements executed since the start (or the last reset). */
  statements = 0;
  /** The SQL text of every statement parsed or sent since the start (or the last reset). */
  sql: string[] = [];
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Starts listening on a free port. */
  async listen(): Promise<number> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      const reader = this.#frontendReader();
      client.on('data', (chunk: Buffer) => reader(chunk));
      client.pipe(upstream).pipe(client);
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

  /** Forgets what was counted so far. */
  reset(): void {
    this.statements = 0;
    this.sql = [];
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** One connection's client → server byte stream, split into protocol messages. */
  #frontendReader(): (chunk: Buffer) => void {
    let buffered = Buffer.alloc(0);
    let started = false;
    return (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (!started) {
          // Untyped packets until the startup message: length (itself included), then a code.
          if (buffered.length < 8) return;
          const length = buffered.readInt32BE(0);
          if (buffered.length < length) return;
          started = buffered.readInt32BE(4) === PROTOCOL_3;
          buffered = buffered.subarray(length);
          continue;
        }
        if (buffered.length < 5) return;
        const length = buffered.readInt32BE(1);
        if (buffered.length < 1 + length) return;
        const type = String.fromCharCode(buffered[0] as number);
        const body = buffered.subarray(5, 1 + length);
        if (type === 'Q' || type === 'E') this.statements++;
        if (type === 'Q') this.sql.push(body.toString('utf8', 0, body.indexOf(0)));
        if (type === 'P') {
          // Parse: statement name, then the SQL text, both NUL-terminated.
          const nameEnd = body.indexOf(0);
          this.sql.push(body.toString('utf8', nameEnd + 1, body.indexOf(0, nameEnd + 1)));
        }
        buffered = buffered.subarray(1 + length);
      }
    };
  }
}
