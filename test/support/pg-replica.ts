import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../scripts/processes.ts';

const run = promisify(execFile);

/** Where Debian's PostgreSQL 15 server binaries are (override with PG_BIN). */
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const BINARIES = ['initdb', 'pg_ctl', 'pg_basebackup'];

/**
 * Whether a primary and a streaming replica can be started from the local PostgreSQL binaries; without
 * them the suite is skipped with a message, and under CI=true that is an error.
 */
export function pgReplicaAvailable(suite: string): boolean {
  const missing = BINARIES.filter((name) => !existsSync(path.join(PG_BIN, name)));
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser')) missing.push('runuser');
  if (missing.length === 0) return true;
  const message = `${suite}: needs the PostgreSQL server binaries in ${PG_BIN} (missing ${missing.join(', ')}; apt-get install postgresql-15)`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true requires them`);
  console.warn(`SKIPPED ${message}`);
  return false;
}

/** A throw-away PostgreSQL primary and its streaming replica (`pg_basebackup -R`), on free ports. */
export interface PgReplicaCluster {
  /** The primary's `postgres` database (trust auth, user postgres). */
  primaryUrl: string;
  /** The same database on the replica (hot standby, read-only). */
  replicaUrl: string;
  /** Pauses WAL replay on the replica: it keeps receiving but shows nothing new until resumed. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Stops the replica (fast shutdown), e.g. to see reads fall back to the primary. */
  stopReplica(): Promise<void>;
  /** Starts the stopped replica again; it catches up from the primary. */
  startReplica(): Promise<void>;
  /** Stops both servers and deletes their directories. */
  stop(): Promise<void>;
}

/**
 * Starts a primary (`initdb`, trust auth on 127.0.0.1, no fsync: test data only) and a hot standby
 * streaming from it, in a temporary directory. The machine's own PostgreSQL is not touched. As root the
 * binaries run as the `postgres` user (initdb refuses root), which owns the directory.
 */
export async function startPgReplicaCluster(): Promise<PgReplicaCluster> {
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(path.join(tmpdir(), 'rcr-pg-replica-'));
  const owner = asRoot ? await idsOf('postgres') : undefined;
  if (owner) await chown(dir, owner.uid, owner.gid);
  await chmod(dir, 0o700);
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const bin = (name: string, args: string[]) =>
    asRoot
      ? run('/usr/sbin/runuser', ['-u', 'postgres', '--', path.join(PG_BIN, name), ...args], { cwd: dir })
      : run(path.join(PG_BIN, name), args, { cwd: dir });
  const serverSettings = (port: number) =>
    [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'shared_buffers = 32MB',
      'max_connections = 100',
      'hot_standby_feedback = on',
      '',
    ].join('\n');
  const ctl = (dataDir: string, action: 'start' | 'stop') =>
    action === 'start'
      ? bin('pg_ctl', ['-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '60', 'start'])
      : bin('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  const urlOf = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
  const onReplica = async (sql: string) => {
    const client = new pg.Client({ connectionString: urlOf(replicaPort) });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const removeAll = async () => {
    for (const dataDir of [replicaDir, primaryDir])
      if (existsSync(path.join(dataDir, 'postmaster.pid')))
        await bin('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await bin('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    await appendFile(path.join(primaryDir, 'postgresql.conf'), serverSettings(primaryPort));
    await ctl(primaryDir, 'start');
    await bin('pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres'],
      ...['-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast'],
    ]);
    // The copy carries the primary's settings; the later line wins.
    await appendFile(path.join(replicaDir, 'postgresql.conf'), serverSettings(replicaPort));
    await ctl(replicaDir, 'start');
  } catch (err) {
    const logs = await Promise.all(
      [primaryDir, replicaDir].map((d) => readFile(path.join(d, 'server.log'), 'utf8').catch(() => '')),
    );
    await removeAll();
    throw new Error(`${(err as Error).message}\n${logs.join('\n')}`);
  }
  return {
    primaryUrl: urlOf(primaryPort),
    replicaUrl: urlOf(replicaPort),
    pauseReplay: () => onReplica('SELECT pg_wal_replay_pause()'),
    resumeReplay: () => onReplica('SELECT pg_wal_replay_resume()'),
    stopReplica: async () => {
      await ctl(replicaDir, 'stop');
    },
    startReplica: async () => {
      await ctl(replicaDir, 'start');
    },
    stop: removeAll,
  };
}

/** The uid and gid of a local user. */
async function idsOf(user: string): Promise<{ uid: number; gid: number }> {
  if (userInfo().username === user) return { uid: userInfo().uid, gid: userInfo().gid };
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
