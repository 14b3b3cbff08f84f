import type { Queryable } from '@rcr/platform';
import type { StoredPrice, StreetPriceRow } from '../domain/project-price.ts';
import type { StreetPrice } from '../domain/show-street-prices.ts';

/**
 * Holds the price changes of one camera until the transaction ends: a price report and the camera's
 * deletion read what they decide on only after every other change to that camera's prices committed,
 * whichever replica applies them and whatever subject the events were published under.
 */
export async function lockCameraPrices(tx: Queryable, cameraId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('street-prices:' || $1, 0))`, [cameraId]);
}

/**
 * What a price report is decided against: the report shown for this camera and retailer, and when the
 * camera's prices were last cleared by a deletion (each undefined when there is none).
 */
export async function findPriceState(
  tx: Queryable,
  cameraId: string,
  retailer: string,
): Promise<{ stored: StoredPrice | undefined; clearedAt: string | undefined }> {
  const rows = await tx.query<{
    observedAt: string | null;
    reportId: string | null;
    clearedAt: string | null;
  }>(
    `SELECT p.observed_at AS "observedAt", p.report_id AS "reportId",
       (SELECT cam.prices_cleared_at FROM cameras cam WHERE cam.id = $1) AS "clearedAt"
     FROM (SELECT 1) one
     LEFT JOIN street_prices p ON p.camera_id = $1 AND p.retailer = $2`,
    [cameraId, retailer],
  );
  const row = rows[0];
  return {
    stored:
      row?.observedAt != null && row.reportId != null
        ? { observedAt: row.observedAt, reportId: row.reportId }
        : undefined,
    clearedAt: row?.clearedAt ?? undefined,
  };
}

/** Stores the price a retailer now shows for a camera, replacing the previous report. */
export async function upsertStreetPrice(tx: Queryable, row: StreetPriceRow): Promise<void> {
  await tx.query(
    `INSERT INTO street_prices (camera_id, retailer, price, currency, url, observed_at, report_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (camera_id, retailer) DO UPDATE SET price = EXCLUDED.price, currency = EXCLUDED.currency,
       url = EXCLUDED.url, observed_at = EXCLUDED.observed_at, report_id = EXCLUDED.report_id`,
    [row.cameraId, row.retailer, row.price, row.currency, row.url, row.observedAt, row.reportId],
  );
}

/**
 * A deletion of the camera at `upTo`: removes its prices observed until then and records the instant
 * (the latest deletion counts), so such a report arriving later is dropped. The camera row exists
 * (the deletion wrote or found it).
 */
export async function clearStreetPrices(tx: Queryable, cameraId: string, upTo: string): Promise<void> {
  await tx.query(
    `WITH cleared AS (DELETE FROM street_prices WHERE camera_id = $1 AND observed_at <= $2)
     UPDATE cameras SET prices_cleared_at = GREATEST(prices_cleared_at, $2::timestamptz) WHERE id = $1`,
    [cameraId, upTo],
  );
}

/** The stored street prices of some cameras, by camera id (cameras without any are absent). */
export async function findStreetPrices(
  db: Queryable,
  cameraIds: readonly string[],
): Promise<Map<string, StreetPrice[]>> {
  const byCamera = new Map<string, StreetPrice[]>();
  if (cameraIds.length === 0) return byCamera;
  const rows = await db.query<StreetPrice & { cameraId: string }>(
    `SELECT camera_id AS "cameraId", retailer, price, currency, url, observed_at AS "observedAt"
     FROM street_prices WHERE camera_id = ANY($1::text[])`,
    [cameraIds],
  );
  for (const { cameraId, ...price } of rows) {
    const list = byCamera.get(cameraId) ?? [];
    list.push(price);
    byCamera.set(cameraId, list);
  }
  return byCamera;
}
