import { parseArgs } from 'node:util';
import {
  BackupError,
  backupDatabase,
  commonConfigShape,
  generateInternalKeyPair,
  listBackups,
  loadConfig,
  openObjectStore,
  restoreDatabase,
  storageConfigShape,
} from '@rcr/platform';
import { z } from 'zod';

/*
 * `npm run rcr -- <command>`: the operator's tool. It talks to a running system through its public API as
 * an administrator, so it works the same against embedded and distributed mode.
 *
 *   dead-letters list [--group g] [--limit n]     events a consumer group gave up on
 *   dead-letters show <id>                        one letter with its event
 *   dead-letters replay <id> | --all [--group g]  deliver again to the letter's group
 *   dead-letters discard <id>                     drop a letter without delivering it
 *   reconcile [--no-wait]                         compare the read model with the write side and repair drift
 *   keys internal                                 a new key pair for signing the gateway's calls to services
 *   backup                                        dump every service schema of DATABASE_URL to the bucket
 *   backups                                       the complete backups in the bucket
 *   restore [--id id]                             restore one (default: the newest) into an empty DATABASE_URL
 *
 * Environment: RCR_URL (default http://127.0.0.1:8080), RCR_ADMIN_EMAIL and RCR_ADMIN_PASSWORD (default:
 * the demo admin of `npm start`). Backup and restore work on the database and the bucket directly
 * (distributed mode, pg_dump/pg_restore on the PATH): DATABASE_URL, BUCKET_URL and the S3_* settings.
 */

const baseUrl = (process.env.RCR_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const USAGE = `usage: npm run rcr -- dead-letters list [--group g] [--limit n]
       npm run rcr -- dead-letters show <id>
       npm run rcr -- dead-letters replay <id> | --all [--group g]
       npm run rcr -- dead-letters discard <id>
       npm run rcr -- reconcile [--no-wait]
       npm run rcr -- keys internal
       npm run rcr -- keys consistency
       npm run rcr -- backup | backups | restore [--id id]`;

/** A failure to report on stderr with exit code 1. */
class CliError extends Error {}

async function call<T>(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((err: unknown) => {
    throw new CliError(`cannot reach ${baseUrl}: ${(err as Error).message} (set RCR_URL)`);
  });
  const text = await res.text();
  const parsed = (text ? JSON.parse(text) : null) as T;
  if (res.status >= 400) {
    const problem = parsed as { code?: string; detail?: string } | null;
    throw new CliError(
      `${method} ${path}: ${res.status} ${problem?.code ?? ''} ${problem?.detail ?? ''}`.trim(),
    );
  }
  return { status: res.status, body: parsed };
}

async function login(): Promise<string> {
  const email = process.env.RCR_ADMIN_EMAIL ?? 'admin@rcr.local';
  const password = process.env.RCR_ADMIN_PASSWORD ?? 'admin-demo-password';
  const { body } = await call<{ data: { accessToken: string } }>('POST', '/v1/auth/login', undefined, {
    email,
    password,
  });
  return body.data.accessToken;
}

interface Letter {
  id: string;
  group: string;
  eventId: string | null;
  eventType: string | null;
  subject: string | null;
  error: string;
  attempts: number;
  failedAt: string;
  event: unknown;
}

function table(letters: Letter[]): string {
  if (letters.length === 0) return 'no dead letters';
  const rows = letters.map((l) => [
    l.id,
    l.group,
    l.eventType ?? '?',
    l.eventId ?? '?',
    String(l.attempts),
    l.failedAt,
    l.error,
  ]);
  const header = ['id', 'group', 'type', 'event id', 'attempts', 'failed at', 'error'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => Math.min(60, (r[i] ?? '').length))),
  );
  const line = (cells: string[]) => cells.map((c, i) => c.slice(0, 60).padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

async function deadLetters(args: string[], values: { group?: string; limit?: string; all?: boolean }) {
  const [action, id] = args;
  const token = await login();
  const group = values.group ? `group=${encodeURIComponent(values.group)}` : '';
  switch (action) {
    case 'list': {
      const query = [group, values.limit ? `limit=${Number(values.limit)}` : ''].filter(Boolean).join('&');
      const { body } = await call<{ data: Letter[]; meta: { nextCursor: string | null } }>(
        'GET',
        `/v1/admin/dead-letters${query ? `?${query}` : ''}`,
        token,
      );
      console.log(table(body.data));
      if (body.meta.nextCursor) console.log(`… more after id ${body.meta.nextCursor}`);
      return;
    }
    case 'show': {
      if (!id) throw new CliError(USAGE);
      const { body } = await call<{ data: Letter }>(
        'GET',
        `/v1/admin/dead-letters/${encodeURIComponent(id)}`,
        token,
      );
      console.log(JSON.stringify(body.data, null, 2));
      return;
    }
    case 'replay': {
      if (values.all) {
        const { body } = await call<{ data: { replayed: number } }>(
          'POST',
          `/v1/admin/dead-letters/replay${group ? `?${group}` : ''}`,
          token,
        );
        console.log(`replayed ${body.data.replayed} dead letter(s)`);
      } else {
        if (!id) throw new CliError(USAGE);
        const { body } = await call<{ data: { group: string } }>(
          'POST',
          `/v1/admin/dead-letters/${encodeURIComponent(id)}/replay`,
          token,
        );
        console.log(`replayed dead letter ${id} to group ${body.data.group}`);
      }
      return;
    }
    case 'discard': {
      if (!id) throw new CliError(USAGE);
      await call('DELETE', `/v1/admin/dead-letters/${encodeURIComponent(id)}`, token);
      console.log(`discarded dead letter ${id}`);
      return;
    }
    default:
      throw new CliError(USAGE);
  }
}

interface Reconciliation {
  id: string;
  status: 'running' | 'finished';
  startedAt: string;
  finishedAt: string | null;
  parts: number;
  partsChecked: number;
  missing: number;
  outdated: number;
  extra: number;
  repaired: number;
  unrepairable: number;
}

async function reconcile(wait: boolean) {
  const token = await login();
  const { body } = await call<{ data: Reconciliation }>('POST', '/v1/admin/reconciliations', token);
  let run = body.data;
  console.log(`reconciliation ${run.id} started`);
  const deadline = Date.now() + 10 * 60_000;
  while (wait && run.status === 'running' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    run = (await call<{ data: Reconciliation }>('GET', `/v1/admin/reconciliations/${run.id}`, token)).body
      .data;
  }
  console.log(
    `${run.status}: ${run.partsChecked}/${run.parts} parts checked; missing ${run.missing}, outdated ${run.outdated}, extra ${run.extra}; repaired ${run.repaired}, could not repair ${run.unrepairable}`,
  );
}

/** The database and bucket of backup and restore, from the environment (as the services read them). */
const backupConfigSchema = z.object({
  DATABASE_URL: z.url(),
  RCR_DATA_DIR: commonConfigShape.RCR_DATA_DIR,
  ...storageConfigShape,
});

async function backups(command: string, id: string | undefined) {
  const config = loadConfig(backupConfigSchema);
  const store = await openObjectStore(config);
  try {
    if (command === 'backup') {
      const manifest = await backupDatabase(config.DATABASE_URL, store);
      const bytes = manifest.schemas.reduce((sum, s) => sum + s.bytes, 0);
      console.log(
        `backup ${manifest.id}: ${manifest.schemas.map((s) => s.schema).join(', ')} (${bytes} bytes) as of ${manifest.snapshotAt}, in ${manifest.ms} ms`,
      );
    } else if (command === 'backups') {
      for (const found of await listBackups(store)) console.log(found);
    } else {
      const { manifest, ms } = await restoreDatabase(config.DATABASE_URL, store, id);
      console.log(`restored backup ${manifest.id} (as of ${manifest.snapshotAt}) in ${ms} ms`);
    }
  } catch (err) {
    throw err instanceof BackupError ? new CliError(err.message) : err;
  } finally {
    await store.close();
  }
}

async function main() {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      group: { type: 'string' },
      limit: { type: 'string' },
      all: { type: 'boolean' },
      'no-wait': { type: 'boolean' },
      id: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) return console.log(USAGE);
  if (command === 'dead-letters') return deadLetters(rest, values);
  if (command === 'reconcile') return reconcile(!values['no-wait']);
  if (command === 'backup' || command === 'backups' || command === 'restore')
    return backups(command, values.id);
  if (command === 'keys' && rest[0] === 'internal') {
    const { signingKey, publicKey } = generateInternalKeyPair();
    console.log(`# gateways (keep it secret):\nRCR_INTERNAL_SIGNING_KEY=${signingKey}`);
    console.log(
      `# every service (comma-separate several keys while rotating):\nRCR_INTERNAL_PUBLIC_KEYS=${publicKey}`,
    );
    return;
  }
  if (command === 'keys' && rest[0] === 'consistency') {
    const { generateConsistencyKey } = await import('@rcr/gateway');
    console.log(
      `# every gateway (the same value; keep it secret):\nRCR_CONSISTENCY_KEY=${generateConsistencyKey()}`,
    );
    return;
  }
  throw new CliError(USAGE);
}

main().catch((err: unknown) => {
  console.error(err instanceof CliError ? err.message : err);
  process.exit(1);
});
