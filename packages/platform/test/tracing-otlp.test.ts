import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, serviceConfigSchema } from '../src/config.ts';
import { startTracing, traced, tracingEnabled } from '../src/tracing.ts';

// A collector stand-in: what arrives at POST /v1/traces.
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
const collector = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    received.push({
      path: request.url ?? '',
      headers: request.headers,
      body: Buffer.concat(chunks).toString(),
    });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});

beforeAll(() => new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve)));
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

describe('tracing configuration', () => {
  it('when OTEL_EXPORTER_OTLP_ENDPOINT is unset, then tracing stays off', async () => {
    const config = loadConfig(serviceConfigSchema, {});
    const tracing = await startTracing(config, 'off');
    expect(tracing.enabled).toBe(false);
    expect(tracingEnabled()).toBe(false);
  });

  it('when OTEL_EXPORTER_OTLP_ENDPOINT is not a URL, then the configuration is refused', () => {
    expect(() => loadConfig(serviceConfigSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it('when OTEL_EXPORTER_OTLP_ENDPOINT is set, then spans are exported by OTLP over HTTP when tracing stops', async () => {
    const { port } = collector.address() as AddressInfo;
    const config = loadConfig(serviceConfigSchema, {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/`,
    });
    const tracing = await startTracing(config, 'otlp-test');
    expect(tracing.enabled).toBe(true);
    await traced('exported span', {}, async () => undefined);
    await tracing.stop();
    expect(tracingEnabled()).toBe(false);
    const [export_] = received;
    expect(export_?.path).toBe('/v1/traces');
    expect(export_?.body).toContain('exported span');
    expect(export_?.body).toContain('rcr-otlp-test');
  });
});
