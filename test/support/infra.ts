import net from 'node:net';
import pg from 'pg';

/** URLs of the local infrastructure used by distributed-mode tests (overridable by env). */
export const infra = {
  postgresUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  natsUrl: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
  redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
};

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

let checked: Promise<string[]> | undefined;

/** Names of the missing services among PostgreSQL, NATS and Redis (empty when all answer). */
export function missingInfra(): Promise<string[]> {
  checked ??= (async () => {
    const missing: string[] = [];
    const hostPort = (url: string, fallback: number) => {
      const u = new URL(url);
      return [u.hostname, Number(u.port || fallback)] as const;
    };
    if (!(await reachable(...hostPort(infra.postgresUrl, 5432)))) missing.push('PostgreSQL');
    if (!(await reachable(...hostPort(infra.natsUrl, 4222)))) missing.push('NATS');
    if (!(await reachable(...hostPort(infra.redisUrl, 6379)))) missing.push('Redis');
    return missing;
  })();
  return checked;
}

/**
 * Whether distributed-mode tests can run. Without the services they are skipped with a message; under
 * `CI=true` a missing service is an error, because CI must run them.
 */
export async function distributedAvailable(suite: string): Promise<boolean> {
  const missing = await missingInfra();
  if (missing.length === 0) return true;
  const message = `${suite}: distributed-mode tests need ${missing.join(', ')} (not reachable)`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true requires them`);
  console.warn(`SKIPPED ${message}`);
  return false;
}

/** Creates a fresh PostgreSQL database for one test file and returns its URL and a drop function. */
export async function freshDatabase(
  prefix = 'rcr_test',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: infra.postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(infra.postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: infra.postgresUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A namespace unique to one test run, so NATS streams and Redis keys never collide. */
export function freshNamespace(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
