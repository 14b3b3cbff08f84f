import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP/2 (h2c) proxy in front of one gRPC server that records every call passing through it:
 * each HTTP/2 stream is one gRPC call, its `:path` the method (`/rcr.content.v1.ContentService/GetCamera`).
 * Messages, headers and trailers are passed on untouched. Point a gateway's upstream address at it.
 */
export class GrpcCallCounter {
  /** The method path of every call since the start (or the last reset). */
  calls: string[] = [];
  /** The x-request-id of each call in `calls`, at the same index ('' when it carried none). */
  requestIds: string[] = [];
  #server: http2.Http2Server | undefined;
  #client: http2.ClientHttp2Session | undefined;

  constructor(private readonly target: string) {}

  /** Starts listening on a free port; answers "127.0.0.1:<port>". */
  async listen(): Promise<string> {
    const client = http2.connect(`http://${this.target}`);
    client.on('error', () => undefined);
    this.#client = client;
    const server = http2.createServer();
    server.on('stream', (stream, headers) => {
      const path = String(headers[':path']);
      this.calls.push(path);
      this.requestIds.push(String(headers['x-request-id'] ?? ''));
      const forwarded: http2.OutgoingHttpHeaders = { ':method': 'POST', ':path': path };
      for (const [name, value] of Object.entries(headers)) {
        if (!name.startsWith(':')) forwarded[name] = value;
      }
      const upstream = client.request(forwarded);
      let trailers: http2.OutgoingHttpHeaders = {};
      upstream.on('response', (answer) => {
        const response: http2.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer)) response[name] = value;
        if (answer['grpc-status'] !== undefined) {
          // Trailers-only answer (an error): headers end the stream.
          stream.respond(response, { endStream: true });
          return;
        }
        stream.respond(response, { waitForTrailers: true });
        upstream.pipe(stream);
      });
      upstream.on('trailers', (sent) => {
        trailers = Object.fromEntries(Object.entries(sent));
      });
      stream.on('wantTrailers', () => stream.sendTrailers(trailers));
      stream.pipe(upstream);
      upstream.on('error', () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
      stream.on('error', () => upstream.close(http2.constants.NGHTTP2_CANCEL));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /**
   * The calls recorded of one service's methods, by method name (`GetCamera`); `except` leaves out the
   * calls whose request id starts with it (the response cache's own calls are `cache-…`).
   */
  of(service: string, options: { except?: string } = {}): string[] {
    const { except } = options;
    return this.calls
      .filter(
        (path, i) => path.includes(`.${service}/`) && !(except && this.requestIds[i]?.startsWith(except)),
      )
      .map((p) => p.split('/').at(-1) ?? p);
  }

  reset(): void {
    this.calls = [];
    this.requestIds = [];
  }

  async close(): Promise<void> {
    this.#client?.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
