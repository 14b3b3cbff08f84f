import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NGINX = '/usr/sbin/nginx';
const CONFIG = fileURLToPath(new URL('../../deploy/nginx/rcr.conf', import.meta.url));

/** Whether nginx (Debian's nginx-light or nginx) is installed; under CI=true it must be. */
export function nginxAvailable(suite: string): boolean {
  if (existsSync(NGINX)) return true;
  const message = `${suite}: needs nginx (apt-get install nginx-light)`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true requires it`);
  console.warn(`SKIPPED ${message}`);
  return false;
}

/** A local nginx running deploy/nginx/rcr.conf in front of the given gateways. */
export interface LocalNginx {
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs the committed deploy/nginx/rcr.conf with the compose host names replaced by the gateways' local
 * addresses. nginx listens on `listenHost` and connects to the gateways from `bindHost` (both loopback
 * addresses), so the gateways can tell the proxy (trusted) from a client talking to them directly.
 */
export async function startNginx(
  gateways: string[],
  options: { listenHost: string; bindHost: string },
): Promise<LocalNginx> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rcr-nginx-'));
  // Worker processes run as an unprivileged user when the tests run as root.
  await chmod(dir, 0o777);
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    await mkdir(path.join(dir, sub));
    await chmod(path.join(dir, sub), 0o777);
  }
  const port = await freePort(options.listenHost);
  let site = await readFile(CONFIG, 'utf8');
  gateways.forEach((url, i) => {
    site = site.replaceAll(`gateway-${i + 1}:8080`, new URL(url).host);
  });
  site = site
    .replace('listen 80;', `listen ${options.listenHost}:${port};`)
    .replace('proxy_http_version 1.1;', `proxy_http_version 1.1;\n    proxy_bind ${options.bindHost};`);
  if (/gateway-\d:8080/.test(site))
    throw new Error('deploy/nginx/rcr.conf names more gateways than were started');
  await writeFile(path.join(dir, 'rcr.conf'), site);
  await writeFile(
    path.join(dir, 'nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/rcr.conf;
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await listening(options.listenHost, port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://${options.listenHost}:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
