import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLogger,
  MemoryBus,
  openServiceDatabase,
  Outbox,
  SqlDeadLetterStore,
  type Database,
} from '@rcr/platform';
import { scheduleBackup, SYSTEM_OWNER } from '../src/domain/schedule-backup.ts';

// The backup schedule on the jobs schema (PGlite, the same migrations): however many jobs processes
// look at a slot, and however often, it gets one job and one job.requested.

const MIGRATIONS = fileURLToPath(new URL('../migrations/', import.meta.url));
const log = createLogger('schedule-backup-test', 'silent');
const HOUR = 3_600_000;

describe('scheduleBackup', () => {
  let db: Database;
  let replicas: Outbox[];

  beforeAll(async () => {
    db = await openServiceDatabase({ RCR_DATA_DIR: 'memory://' }, 'jobs', MIGRATIONS);
    // Two replicas' outboxes on one database; their relays never run within the test (nothing leaves).
    replicas = [0, 1].map(
      () =>
        new Outbox(
          db,
          new MemoryBus({
            namespace: 'backups',
            retrySchedule: [5],
            deadLetters: new SqlDeadLetterStore(db),
          }),
          log,
          { pollMs: 3_600_000 },
        ),
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  it('when two replicas look at a slot several times, then it has one backup job and one job.requested; the next slot has its own', async () => {
    const schedule = { intervalMs: 6 * HOUR, keep: 3 };
    const slot = Date.parse('2026-12-01T06:00:00.000Z');
    const queued = await Promise.all(
      [slot + 1, slot + 60_000, slot + 5 * HOUR, slot + 2].map((now, i) =>
        scheduleBackup({ outbox: replicas[i % 2]! }, now, schedule),
      ),
    );
    expect(queued.filter(Boolean)).toHaveLength(1);
    const next = await scheduleBackup({ outbox: replicas[1]! }, slot + 6 * HOUR, schedule);
    expect(next?.params).toEqual({ slot: '2026-12-01T12:00:00.000Z', keep: 3 });

    const jobs = await db.query<{ id: string; owner_id: string; params: unknown; status: string }>(
      `SELECT id, owner_id, params, status FROM jobs WHERE kind = 'backup' ORDER BY params->>'slot'`,
    );
    expect(jobs.map((job) => [job.owner_id, job.params, job.status])).toEqual([
      [SYSTEM_OWNER, { slot: '2026-12-01T06:00:00.000Z', keep: 3 }, 'queued'],
      [SYSTEM_OWNER, { slot: '2026-12-01T12:00:00.000Z', keep: 3 }, 'queued'],
    ]);
    const requested = await db.query<{ type: string; job: string }>(
      `SELECT type, event->'data'->>'jobId' AS job FROM outbox ORDER BY seq`,
    );
    expect(requested).toEqual(jobs.map((job) => ({ type: 'job.requested', job: job.id })));
  });
});
