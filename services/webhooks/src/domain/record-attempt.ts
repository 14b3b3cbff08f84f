import { newEvent } from '@rcr/platform';
import { failPendingDeliveries, recordAttempt, settleDelivery } from '../store/delivery-repository.ts';
import { disableEndpoint, findEndpoint, setEndpointHealth } from '../store/endpoint-repository.ts';
import { decideAfterAttempt, type AttemptOutcome, type DeliveryDecision } from './delivery-policy.ts';
import { SOURCE, type WebhooksDeps } from './service-deps.ts';

/** What one attempt of a delivery came to, as the sender saw it. */
export interface AttemptResult {
  startedAt: Date;
  durationMs: number;
  outcome: AttemptOutcome;
  /** The start of the receiver's answer (bounded), when it answered. */
  responseExcerpt?: string | undefined;
}

function errorOf(outcome: AttemptOutcome): string | null {
  return outcome.kind === 'failure' ? (outcome.error ?? null) : null;
}

/**
 * Records an attempt and decides, in one transaction with the endpoint's row locked, what follows: the
 * delivery's next attempt or its end, and the endpoint's health. Disabling an endpoint (410 Gone, or
 * failing for the whole disable period) gives up on its pending deliveries and emits
 * `webhook-endpoint.disabled`. Answers undefined when the claim was lost (the worker outlived its lease and
 * another one took the delivery) or the endpoint was deleted meanwhile: the attempt is logged, nothing else.
 */
export async function recordAttemptResult(
  deps: WebhooksDeps,
  delivery: { id: string; endpointId: string },
  token: string,
  result: AttemptResult,
): Promise<DeliveryDecision | undefined> {
  return deps.outbox.transaction(async (tx, emit) => {
    const endpoint = await findEndpoint(tx, delivery.endpointId, { forUpdate: true });
    if (!endpoint) return undefined;
    const counted = await recordAttempt(tx, token, {
      deliveryId: delivery.id,
      startedAt: result.startedAt.toISOString(),
      durationMs: result.durationMs,
      statusCode: result.outcome.kind === 'failure' ? (result.outcome.status ?? null) : result.outcome.status,
      responseExcerpt: result.responseExcerpt ?? null,
      error: errorOf(result.outcome),
    });
    if (!counted?.claimHeld) return undefined;
    const now = new Date();
    const decision = decideAfterAttempt({
      outcome: result.outcome,
      attemptsMade: counted.attemptsMade,
      failingSince: endpoint.failingSince ? new Date(endpoint.failingSince) : null,
      now,
      policy: deps.policy,
    });
    await settleDelivery(tx, delivery.id, decision.delivery);
    const health = decision.endpoint;
    if (health.health === 'healthy') await setEndpointHealth(tx, endpoint.id, null);
    if (health.health === 'failing') await setEndpointHealth(tx, endpoint.id, health.failingSince);
    if (
      health.health === 'disable' &&
      (await disableEndpoint(tx, endpoint.id, health.reason, health.failingSince))
    ) {
      const abandoned = await failPendingDeliveries(tx, endpoint.id);
      await emit(
        newEvent(SOURCE, 'webhook-endpoint.disabled', endpoint.id, {
          endpointId: endpoint.id,
          reason: health.reason,
          detail: health.detail,
          failingSince: health.failingSince?.toISOString() ?? null,
          disabledAt: now.toISOString(),
        }),
      );
      deps.log.warn(
        { endpointId: endpoint.id, reason: health.reason, detail: health.detail, abandoned },
        'webhook endpoint disabled',
      );
    }
    return decision.delivery;
  });
}
