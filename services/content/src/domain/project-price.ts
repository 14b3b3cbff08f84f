import type { RcrEvent } from '@rcr/contracts';

/** One retailer's street price for a camera, as stored in the read model (the latest report wins). */
export interface StreetPriceRow {
  cameraId: string;
  retailer: string;
  /** In the currency's major unit. */
  price: number;
  /** ISO 4217, upper case. */
  currency: string;
  url: string;
  /** ISO 8601 in UTC with milliseconds (the precision reports are ordered by). */
  observedAt: string;
  /** The partner's report id (`webhook-id`): breaks ties between reports observed in the same millisecond. */
  reportId: string;
}

/** What the read model holds for one camera and retailer: which report is shown. */
export interface StoredPrice {
  observedAt: string;
  reportId: string;
}

/** Why a price report leaves the read model unchanged. */
export type PriceSkipReason = 'stale' | 'cleared';

/** The effect of one price report on the read model. */
export type PriceDecision =
  { action: 'upsert'; row: StreetPriceRow } | { action: 'skip'; reason: PriceSkipReason };

/** An instant as the read model orders and stores it: ISO 8601 in UTC, to the millisecond. */
export function instantOf(iso: string): string {
  return new Date(iso).toISOString();
}

/**
 * Decides what a `price.updated` report does, given the report shown for the same camera and retailer
 * (undefined: none) and when the camera's prices were last cleared by a deletion (undefined: never).
 *
 * - The latest observation wins, whatever order reports arrive in: one observed before the shown one is
 *   `stale`. Two observed in the same millisecond are ordered by report id (the greater wins), so every
 *   replica ends with the same price; the same report again is `stale`.
 * - Whether the read model knows the camera does not matter: events arrive out of order, so a price for
 *   a camera whose `camera.created` has not been applied yet is stored, and shown once the camera is.
 * - A report observed at or before the camera's deletion is `cleared`: it went with the camera.
 */
export function projectPrice(
  event: RcrEvent<'price.updated'>,
  stored: StoredPrice | undefined,
  clearedAt: string | undefined,
): PriceDecision {
  const { reportId, cameraId, retailer, price, currency, url } = event.data;
  const observedAt = instantOf(event.data.observedAt);
  if (clearedAt !== undefined && observedAt <= instantOf(clearedAt))
    return { action: 'skip', reason: 'cleared' };
  if (stored && !isLater({ observedAt, reportId }, stored)) return { action: 'skip', reason: 'stale' };
  return { action: 'upsert', row: { cameraId, retailer, price, currency, url, observedAt, reportId } };
}

/** Whether report `a` comes after report `b`: observed later, or in the same millisecond with a greater id. */
export function isLater(a: StoredPrice, b: StoredPrice): boolean {
  const [ta, tb] = [instantOf(a.observedAt), instantOf(b.observedAt)];
  if (ta !== tb) return ta > tb;
  return a.reportId > b.reportId;
}

/**
 * What a camera's deletion does to its prices: those observed up to the deletion (the event's
 * `occurredAt`) go, and so does any such report arriving later. Prices observed after it stay stored
 * (hidden while the camera is deleted): they may belong to the camera created again at the same id,
 * whose `camera.created` has not been applied yet. Applied whether or not the deletion is stale for the
 * camera row, so the outcome does not depend on the order the events arrive in.
 */
export function priceClearanceOf(event: RcrEvent<'camera.deleted'>): { cameraId: string; upTo: string } {
  return { cameraId: event.data.cameraId, upTo: instantOf(event.occurredAt) };
}
