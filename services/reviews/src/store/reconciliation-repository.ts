import type { EventData } from '@rcr/contracts';
import type { Queryable } from '@rcr/platform';

/** The aggregates an inventory covers. */
export type InventoryKind = 'review' | 'camera';

/** One anti-entropy run and what it found and repaired so far. */
export interface Reconciliation {
  id: string;
  trigger: 'admin' | 'schedule';
  status: 'running' | 'finished';
  startedAt: string;
  finishedAt: string | null;
  parts: number;
  partsChecked: number;
  missing: number;
  outdated: number;
  extra: number;
  mismatch: number;
  repaired: number;
  unrepairable: number;
  /** The first repairs (at most MAX_LISTED_REPAIRS): which aggregate, and why. */
  repairs: { kind: InventoryKind; id: string; reason: string }[];
}

/** How many repairs a run lists by name (the counters count them all). */
export const MAX_LISTED_REPAIRS = 100;

const COLUMNS = `id, trigger, CASE WHEN finished_at IS NULL THEN 'running' ELSE 'finished' END AS status,
  started_at AS "startedAt", finished_at AS "finishedAt", parts, parts_checked AS "partsChecked", missing,
  outdated, extra, mismatch, repaired, unrepairable, repairs`;

/**
 * One page of the inventory, in id order (byte order, the same in both databases): `[id, version,
 * visible]` — a review is visible when published, a camera while not deleted.
 */
export async function inventoryPage(
  tx: Queryable,
  kind: InventoryKind,
  after: string | null,
  limit: number,
): Promise<[string, number, boolean][]> {
  const sql =
    kind === 'review'
      ? `SELECT id::text AS id, version, status = 'published' AS visible FROM reviews
         WHERE $1::text IS NULL OR id::text COLLATE "C" > $1::text COLLATE "C"
         ORDER BY id::text COLLATE "C" LIMIT $2`
      : `SELECT id, version, deleted_at IS NULL AS visible FROM cameras
         WHERE $1::text IS NULL OR id COLLATE "C" > $1::text COLLATE "C"
         ORDER BY id COLLATE "C" LIMIT $2`;
  const rows = await tx.query<{ id: string; version: number; visible: boolean }>(sql, [after, limit]);
  return rows.map((row) => [row.id, row.version, row.visible]);
}

/** Records a new run. */
export async function insertReconciliation(
  tx: Queryable,
  run: { id: string; trigger: 'admin' | 'schedule'; parts: number },
): Promise<Reconciliation> {
  const rows = await tx.query<Reconciliation>(
    `INSERT INTO reconciliations (id, trigger, parts) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
    [run.id, run.trigger, run.parts],
  );
  return rows[0] as Reconciliation;
}

/** A run by id. */
export async function findReconciliation(db: Queryable, id: string): Promise<Reconciliation | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const rows = await db.query<Reconciliation>(`SELECT ${COLUMNS} FROM reconciliations WHERE id = $1`, [id]);
  return rows[0];
}

/**
 * Whether a run started less than `ms` ago. Takes a transaction-scoped lock first, so replicas deciding at
 * the same moment decide one after the other (PostgreSQL; PGlite has one connection anyway).
 */
export async function startedWithin(tx: Queryable, ms: number): Promise<boolean> {
  await tx.query('LOCK TABLE reconciliations IN SHARE ROW EXCLUSIVE MODE');
  const rows = await tx.query(
    `SELECT 1 FROM reconciliations WHERE started_at > now() - $1 * interval '1 millisecond' LIMIT 1`,
    [ms],
  );
  return rows.length > 0;
}

/** Adds one checked part's findings and repairs to its run; the run finishes with its last part. */
export async function recordCheckedPart(
  tx: Queryable,
  report: EventData<'inventory.checked'>,
  repairs: { kind: InventoryKind; id: string; reason: string }[],
  unrepairable: number,
): Promise<void> {
  const count = (reason: string) => report.drift.filter((d) => d.reason === reason).length;
  await tx.query(
    `UPDATE reconciliations SET
       parts_checked = parts_checked + 1,
       missing = missing + $2, outdated = outdated + $3, extra = extra + $4, mismatch = mismatch + $5,
       repaired = repaired + $6, unrepairable = unrepairable + $7,
       repairs = CASE WHEN jsonb_array_length(repairs) >= $8 THEN repairs
                      ELSE repairs || $9::jsonb END,
       finished_at = CASE WHEN parts_checked + 1 >= parts THEN now() ELSE finished_at END
     WHERE id = $1`,
    [
      report.runId,
      count('missing'),
      count('outdated'),
      count('extra'),
      count('mismatch'),
      repairs.length,
      unrepairable,
      MAX_LISTED_REPAIRS,
      JSON.stringify(repairs.slice(0, MAX_LISTED_REPAIRS)),
    ],
  );
}
