import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedSystem } from '../scripts/embedded.ts';
import {
  buildCollection,
  COLLECTION_FILE,
  readOpenApiDocument,
  serializeCollection,
  type PostmanCollection,
  type PostmanItem,
} from '../scripts/postman/collection.ts';
import { operationsOf } from '../scripts/postman/portman-config.ts';
import { ANSWERED_ELSEWHERE } from '../scripts/postman/scenario.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { startTestSystem } from './support/system.ts';

/** The part of newman's Node API this test uses (newman ships no TypeScript types). */
interface Newman {
  run(options: NewmanOptions, callback: (err: Error | null, summary: NewmanSummary) => void): unknown;
}
interface NewmanOptions {
  collection: unknown;
  envVar: { key: string; value: string }[];
  reporters: string[];
  timeout: number;
  timeoutRequest: number;
  timeoutScript: number;
  insecure: boolean;
}
interface Counter {
  total: number;
  failed: number;
}
interface NewmanSummary {
  run: {
    stats: { requests: Counter; assertions: Counter; testScripts: Counter; prerequestScripts: Counter };
    failures: { error: { name?: string; message?: string; test?: string }; source?: { name?: string } }[];
    executions: {
      item: { name: string };
      request: { method: string; url: { toString(): string } };
      response?: { code: number };
    }[];
  };
}

/** newman is CommonJS without types: load it with require and check it has `run`. */
function loadNewman(): Newman {
  const loaded: unknown = createRequire(import.meta.url)('newman');
  if (
    typeof loaded !== 'object' ||
    loaded === null ||
    !('run' in loaded) ||
    typeof loaded.run !== 'function'
  ) {
    throw new Error('newman does not export run()');
  }
  return loaded as Newman;
}

function runCollection(collection: unknown, baseUrl: string): Promise<NewmanSummary> {
  const newman = loadNewman();
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection,
        envVar: [
          { key: 'baseUrl', value: baseUrl },
          { key: 'adminEmail', value: TEST_ADMIN.email },
          { key: 'adminPassword', value: TEST_ADMIN.password },
        ],
        reporters: [],
        // A run takes ~15 s (each response is checked against its schema); generous limits so a
        // loaded machine fails nothing, while a hung request still ends the run.
        timeout: 150_000,
        timeoutRequest: 10_000,
        timeoutScript: 15_000,
        insecure: true,
      },
      (err, summary) => (err ? reject(err) : resolve(summary)),
    );
  });
}

/** Whether a concrete path matches an OpenAPI path template (`{param}` matches one segment). */
function matchesTemplate(template: string, segments: string[]): boolean {
  const parts = template.split('/').filter(Boolean);
  return (
    parts.length === segments.length &&
    parts.every((part, i) => /^\{\w+\}$/.test(part) || part === segments[i])
  );
}

const requestsOf = (collection: PostmanCollection) => collection.item.flatMap((folder) => folder.item);
const testScriptOf = (item: PostmanItem) =>
  item.event?.find((e) => e.listen === 'test')?.script.exec.join('\n') ?? '';

let system: EmbeddedSystem;
let collection: PostmanCollection;

beforeAll(async () => {
  collection = JSON.parse(await readFile(COLLECTION_FILE, 'utf8')) as PostmanCollection;
  system = await startTestSystem({
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
    RATE_LIMIT_EDITOR_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    // As npm start: the collection registers a webhook endpoint on a local address.
    RCR_WEBHOOK_ALLOWED_HOSTS: 'localhost,127.0.0.0/8,::1',
  });
});

afterAll(async () => {
  await system?.stop();
});

describe('the Postman collection (docs/rcr.postman_collection.json)', () => {
  it('when newman runs it twice against a started system, then every request runs and every assertion passes', async () => {
    const requests = requestsOf(collection).length;
    const ops = operationsOf(await readOpenApiDocument());
    // Twice against the same system: the collection makes its ids unique per run.
    for (const run of [1, 2]) {
      const started = Date.now();
      const summary = await runCollection(collection, system.gateway.url);
      const { stats, failures, executions } = summary.run;
      console.log(
        `newman run ${run}: ${stats.requests.total} requests, ${stats.assertions.total} assertions, ` +
          `${stats.assertions.failed} failed, ${Date.now() - started} ms`,
      );
      const described = failures.map(
        (f) =>
          `${f.source?.name ?? '?'}: ${f.error.test ?? f.error.name ?? 'error'}: ${f.error.message ?? ''}`,
      );
      for (const line of described) console.log(`  ✗ ${line}`);
      expect(described).toEqual([]);
      expect(stats.requests.total).toBe(requests);
      expect(stats.requests.failed).toBe(0);
      expect(stats.testScripts.failed).toBe(0);
      expect(executions).toHaveLength(requests);
      expect(stats.assertions.total).toBeGreaterThan(requests * 5);

      // Every operation of the OpenAPI document answered successfully at least once.
      const succeeded = executions
        .filter((e) => e.response !== undefined && e.response.code < 400)
        .map((e) => ({
          method: e.request.method,
          segments: new URL(e.request.url.toString()).pathname.split('/').filter(Boolean),
        }));
      const unanswered = [...ops.values()].filter(
        (op) =>
          !(op.id in ANSWERED_ELSEWHERE) &&
          !succeeded.some((e) => e.method === op.method && matchesTemplate(op.path, e.segments)),
      );
      expect(unanswered.map((op) => `${op.method} ${op.path}`)).toEqual([]);
    }
  }, 360_000);

  it('when compared with the generator, then the committed collection is up to date and covers every operation', async () => {
    const doc = await readOpenApiDocument();
    // Portman runs in a process of its own, which takes a few seconds.
    const generated = await buildCollection(doc);
    // Regenerate with `npm run docs` (or `npx tsx scripts/postman/collection.ts`) when this fails.
    expect(await readFile(COLLECTION_FILE, 'utf8')).toBe(serializeCollection(generated));
    expect(collection.info.schema).toBe(
      'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    );

    const requests = requestsOf(collection).map((item) => item.request);
    const missing = [...operationsOf(doc).values()].filter(
      (op) => !requests.some((r) => r.method === op.method && matchesTemplate(op.path, r.url.path)),
    );
    expect(missing).toEqual([]);
    expect(requests.some((r) => r.method === 'OPTIONS')).toBe(true);
    expect(requests.some((r) => r.method === 'HEAD')).toBe(true);
    for (const request of requests) expect(request.url.raw?.startsWith('{{baseUrl}}/')).toBe(true);
    for (const item of requestsOf(collection)) {
      expect(testScriptOf(item), item.name).toContain('pm.expect(pm.response.code).to.equal(');
    }
    // Every operation's successful answer carries Portman's contract tests: the documented response's JSON
    // schema (or an empty body for 204, or the documented text type for Prometheus text).
    const withoutContractTests = [...operationsOf(doc).values()].filter(
      (op) =>
        !(op.id in ANSWERED_ELSEWHERE) &&
        !requestsOf(collection).some((item) => {
          const script = testScriptOf(item);
          return (
            item.request.method === op.method &&
            matchesTemplate(op.path, item.request.url.path) &&
            /Response status code is 2\d\d"/.test(script) &&
            (script.includes('pm.response.to.have.jsonSchema(') ||
              script.includes('Response has empty Body') ||
              script.includes('Content-Type is text/plain'))
          );
        }),
    );
    expect(withoutContractTests.map((op) => op.id)).toEqual([]);
    const variables = collection.variable.map((v) => v.key);
    expect(variables).toEqual(
      expect.arrayContaining(['baseUrl', 'adminEmail', 'adminPassword', 'accessToken']),
    );
  }, 120_000);
});
