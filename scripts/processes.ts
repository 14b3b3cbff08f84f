import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { checkHealth, type GrpcTls } from '@rcr/platform';

/** The processes of distributed mode. */
export type ServiceName = 'identity' | 'reviews' | 'content' | 'jobs' | 'webhooks' | 'media' | 'gateway';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** One OS process running one service. */
export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr (last 2000 lines). */
  readonly output: string[];
  /** Resolves with the exit code (or signal) when the process ends. */
  readonly exited: Promise<number | string>;
  /** Sends a signal and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Starts `services/<name>/src/main.ts` in a new Node process: by default as the container image runs it, its
 * esbuild bundle (scripts/bundled.mjs, rebuilt when a source changed; no compiler in the process, so a start
 * costs a fraction of tsx's), or through tsx with `RCR_SPAWN=tsx`.
 */
export function spawnService(
  name: ServiceName,
  env: Record<string, string | undefined>,
  options: { label?: string; echo?: boolean } = {},
): ServiceProcess {
  if ((env.RCR_SPAWN ?? process.env.RCR_SPAWN) === 'tsx')
    return spawnScript(`services/${name}/src/main.ts`, env, { label: name, ...options });
  return spawnScript('scripts/bundled.mjs', env, { label: name, ...options, args: [name] });
}

/** Starts a TypeScript entry point (path relative to the repository root) in a new Node process. */
export function spawnScript(
  path: string,
  env: Record<string, string | undefined>,
  /** `args` follow the path; a plain `.mjs` script (e.g. scripts/bundled.mjs) runs without tsx. */
  options: { label?: string; echo?: boolean; args?: string[] } = {},
): ServiceProcess {
  const loader = path.endsWith('.mjs') ? [] : ['--import', 'tsx'];
  const label = options.label ?? path;
  // Extra Node options for every spawned process, e.g. RCR_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
  // (flags NODE_OPTIONS refuses, such as --cpu-prof); RCR_CPU_PROF profiles chosen processes only.
  const extra = (env.RCR_NODE_ARGS ?? process.env.RCR_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(
    process.execPath,
    [...extra, ...profiling(label), ...loader, path, ...(options.args ?? [])],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.length === 0) continue;
      output.push(line);
      if (output.length > 2000) output.shift();
      if (options.echo) console.log(`[${label}] ${line}`);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    name: label,
    child,
    output,
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * Node flags that profile the process labelled `label` when `RCR_CPU_PROF` names it (comma list of label
 * prefixes, e.g. `gateway,content`): a V8 CPU profile written to `RCR_CPU_PROF_DIR` (default `.profiles/`) when the
 * process exits normally (SIGTERM, the way systems are stopped). For finding where a benchmark's CPU goes.
 */
function profiling(label: string): string[] {
  const wanted = (process.env.RCR_CPU_PROF ?? '').split(',').map((name) => name.trim());
  if (!wanted.some((name) => name !== '' && label.startsWith(name))) return [];
  // One directory per process: node names each thread's profile CPU.<date>.<time>.<pid>.<thread>…
  const dir = `${process.env.RCR_CPU_PROF_DIR ?? `${ROOT}.profiles`}/${label.replace(/[^\w.-]+/g, '-')}`;
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/** A TCP port that was free a moment ago. */
/** Ports this process handed out: the kernel may offer a closed one again, to a later call. */
const handedOut = new Set<number>();

/**
 * A loopback port nothing listens on, never one this process handed out before: a port is closed again
 * before its user binds it, and the kernel could otherwise give it to the next caller too (a gateway's
 * HTTP and partner ports colliding).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/** Waits until `check` is true, polling; throws with `what` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
  process?: ServiceProcess,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process && (process.child.exitCode !== null || process.child.signalCode !== null)) {
      throw new Error(
        `${process.name} exited while waiting for ${what}:\n${process.output.slice(-30).join('\n')}`,
      );
    }
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${process ? `:\n${process.output.slice(-30).join('\n')}` : ''}`,
  );
}

/** Waits until a gRPC service reports SERVING (over TLS when `tls` is given). */
export function waitForGrpc(process: ServiceProcess, address: string, timeoutMs = 30_000, tls?: GrpcTls) {
  return waitUntil(
    `${process.name} gRPC health at ${address}`,
    () => checkHealth(address, 500, tls),
    timeoutMs,
    process,
  );
}

/** Waits until an HTTP URL answers 200. */
export function waitForHttp(process: ServiceProcess, url: string, timeoutMs = 30_000) {
  return waitUntil(`${process.name} at ${url}`, async () => (await fetch(url)).ok, timeoutMs, process);
}
