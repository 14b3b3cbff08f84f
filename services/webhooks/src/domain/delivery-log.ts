import { WEBHOOK_LIMITS } from '@rcr/contracts';
import {
  attemptsOf,
  findDelivery,
  listDeliveries as storeList,
  scheduleRetryNow,
  type AttemptRecord,
  type DeliveryRecord,
  type DeliveryStatus,
} from '../store/delivery-repository.ts';
import { findEndpoint } from '../store/endpoint-repository.ts';
import { webhooksErrors } from './errors.ts';
import { assertIsAdmin, isUuid, type Caller, type WebhooksDeps } from './service-deps.ts';

/** Attempts shown per delivery in the log (the latest ones). */
export const ATTEMPTS_SHOWN = 20;

const STATUSES: readonly DeliveryStatus[] = ['pending', 'succeeded', 'failed'];

/** A delivery with its latest attempts, oldest first. */
export type LoggedDelivery = DeliveryRecord & { attempts: Omit<AttemptRecord, 'deliveryId'>[] };

async function withAttempts(deps: WebhooksDeps, deliveries: DeliveryRecord[]): Promise<LoggedDelivery[]> {
  const attempts = await attemptsOf(
    deps.db,
    deliveries.map((delivery) => delivery.id),
    ATTEMPTS_SHOWN,
  );
  return deliveries.map((delivery) => ({
    ...delivery,
    attempts: attempts
      .filter((attempt) => attempt.deliveryId === delivery.id)
      .map(({ deliveryId: _id, ...attempt }) => attempt),
  }));
}

async function assertEndpointExists(deps: WebhooksDeps, endpointId: string) {
  const endpoint = isUuid(endpointId) ? await findEndpoint(deps.db, endpointId) : undefined;
  if (!endpoint) throw webhooksErrors.endpointNotFound();
  return endpoint;
}

/**
 * An endpoint's delivery log (admins only): newest first, `limit` per page (clamped), after `cursor`,
 * optionally only one status; each delivery with its latest attempts.
 */
export async function listDeliveries(
  deps: WebhooksDeps,
  caller: Caller,
  input: { endpointId: string; limit: number; cursor?: string | undefined; status?: string | undefined },
): Promise<{ items: LoggedDelivery[]; nextCursor: string }> {
  assertIsAdmin(caller);
  await assertEndpointExists(deps, input.endpointId);
  const fields: { field: string; message: string }[] = [];
  if (input.cursor !== undefined && !isUuid(input.cursor))
    fields.push({ field: 'cursor', message: 'is not a cursor of this list' });
  if (input.status !== undefined && !STATUSES.includes(input.status as DeliveryStatus)) {
    fields.push({ field: 'status', message: `must be one of ${STATUSES.join(', ')}` });
  }
  if (fields.length > 0) throw webhooksErrors.validationFailed(fields);
  const { max, default: fallback } = WEBHOOK_LIMITS.deliveriesPage;
  const limit = Math.min(max, input.limit > 0 ? input.limit : fallback);
  const page = await storeList(deps.db, {
    endpointId: input.endpointId,
    limit: limit + 1,
    before: input.cursor,
    status: input.status as DeliveryStatus | undefined,
  });
  const items = page.slice(0, limit);
  return {
    items: await withAttempts(deps, items),
    nextCursor: page.length > limit ? (items.at(-1)?.id ?? '') : '',
  };
}

/**
 * Schedules one more attempt of a delivery now, with the same webhook-id (admins only); a delivery a worker
 * is attempting at this moment is left to it. Refused while the endpoint is disabled.
 */
export async function retryDelivery(
  deps: WebhooksDeps,
  caller: Caller,
  input: { endpointId: string; deliveryId: string },
): Promise<LoggedDelivery> {
  const admin = assertIsAdmin(caller);
  const endpoint = await assertEndpointExists(deps, input.endpointId);
  if (!isUuid(input.deliveryId) || !(await findDelivery(deps.db, endpoint.id, input.deliveryId))) {
    throw webhooksErrors.deliveryNotFound();
  }
  if (!endpoint.enabled) throw webhooksErrors.endpointDisabled();
  const delivery = await scheduleRetryNow(deps.db, endpoint.id, input.deliveryId);
  if (!delivery) throw webhooksErrors.deliveryNotFound();
  deps.log.info(
    { endpointId: endpoint.id, deliveryId: delivery.id, by: admin.id },
    'webhook delivery retry requested',
  );
  deps.wakeWorker();
  const [logged] = await withAttempts(deps, [delivery]);
  return logged as LoggedDelivery;
}
