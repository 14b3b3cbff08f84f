import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// Building the app in a process of its own (a test worker may have loaded anything already), then listing
// the CommonJS modules that process loaded.
const SCRIPT = `
import { createRequire } from 'node:module';
import { openApiDocument } from './services/gateway/src/openapi-document.ts';
await openApiDocument();
const loaded = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify(loaded.filter((file) => /[\\\\/]node_modules[\\\\/]ajv[\\\\/]/.test(file))));
`;

describe('the gateway app and the modules it loads (start-up, ADR 0016)', () => {
  it('when the app is built, then Fastify loads no ajv (every route validates and serialises with zod)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', SCRIPT],
      { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1) as string)).toEqual([]);
  });
});
