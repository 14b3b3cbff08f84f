import { readFileSync } from 'node:fs';
import http from 'node:http';

// The yardstick of the HTTP benchmarks: a bare `node:http` server, in its own process, answering every
// request with the same bytes (RAW_BODY_FILE, with RAW_CONTENT_TYPE), captured from the gateway's answer.
// It prints `listening <port>` once it accepts connections. Started by `RawServer` (http-load.ts).

const body = readFileSync(process.env.RAW_BODY_FILE as string);
const headers = {
  'content-type': process.env.RAW_CONTENT_TYPE ?? 'application/json; charset=utf-8',
  'content-length': String(body.length),
};
const server = http.createServer((request, response) => {
  request.resume();
  response.writeHead(200, headers);
  response.end(body);
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
