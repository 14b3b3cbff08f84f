import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/processes.ts';

/**
 * A NATS (JetStream) or Redis server of a test's own, from the machine's binaries, on a free port: a test
 * may kill and restart it without disturbing the shared ones other tests use.
 */
export interface PrivateServer {
  readonly url: string;
  /** Kills the server (SIGKILL unless told otherwise) and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port (and, for NATS, the same JetStream store). */
  start(): Promise<void>;
  /** Kills it and removes its files. */
  close(): Promise<void>;
}

/** Whether `command` can be run (on the PATH or /usr/sbin). */
export async function hasBinary(command: string): Promise<boolean> {
  return (await binary(command)) !== undefined;
}

async function binary(command: string): Promise<string | undefined> {
  const { access } = await import('node:fs/promises');
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin']) {
    const candidate = path.join(dir, command);
    if (
      await access(candidate).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

/** A private nats-server with JetStream, its store in a temporary directory. */
export function startPrivateNats(): Promise<PrivateServer> {
  return startPrivate('nats-server', 'nats', (port, dir) => [
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
    '-js',
    '-sd',
    dir,
  ]);
}

/** A private redis-server that keeps nothing on disk (like the machine's). */
export function startPrivateRedis(): Promise<PrivateServer> {
  return startPrivate('redis-server', 'redis', (port, dir) => [
    ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    ...['--dir', dir, '--daemonize', 'no'],
  ]);
}

async function startPrivate(
  command: string,
  scheme: string,
  args: (port: number, dir: string) => string[],
): Promise<PrivateServer> {
  const file = await binary(command);
  if (!file) throw new Error(`${command} is not installed`);
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), `rcr-${command}-`));
  let child: ChildProcess | undefined;
  const output: string[] = [];
  const start = async () => {
    child = spawn(file, args(port, dir), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const deadline = Date.now() + 15_000;
    while (!(await accepts(port))) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`${command} did not start on ${port}:\n${output.join('').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };
  await start();
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    kill,
    start,
    async close() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
