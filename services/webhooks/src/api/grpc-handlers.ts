import type { WebhooksV1 } from '@rcr/contracts';
import type { CallContext, UnaryHandlers } from '@rcr/platform';
import { listDeliveries, retryDelivery, type LoggedDelivery } from '../domain/delivery-log.ts';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  updateEndpoint,
  type Endpoint,
} from '../domain/manage-endpoints.ts';
import { receivePriceReport } from '../domain/receive-price-report.ts';
import type { Caller, WebhooksDeps } from '../domain/service-deps.ts';

function callerOf(ctx: CallContext): Caller {
  return { actor: ctx.actor, traceparent: ctx.traceparent };
}

const optional = <K extends string, V>(key: K, value: V | null): { [P in K]?: V } =>
  (value === null ? {} : { [key]: value }) as { [P in K]?: V };

function endpointMessage(endpoint: Endpoint): WebhooksV1.Endpoint {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    description: endpoint.description,
    enabled: endpoint.enabled,
    ...optional('disabledReason', endpoint.disabledReason),
    ...optional('disabledAt', endpoint.disabledAt),
    ...optional('failingSince', endpoint.failingSince),
    ...optional('previousSecretExpiresAt', endpoint.previousSecretExpiresAt),
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
  };
}

function deliveryMessage(delivery: LoggedDelivery): WebhooksV1.Delivery {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attemptCount: delivery.attemptCount,
    createdAt: delivery.createdAt,
    ...optional('nextAttemptAt', delivery.nextAttemptAt),
    ...optional('lastAttemptAt', delivery.lastAttemptAt),
    attempts: delivery.attempts.map((attempt) => ({
      attempt: attempt.attempt,
      startedAt: attempt.startedAt,
      durationMs: attempt.durationMs,
      ...optional('statusCode', attempt.statusCode),
      ...optional('responseExcerpt', attempt.responseExcerpt),
      ...optional('error', attempt.error),
    })),
  };
}

/** The WebhooksService rpcs: each maps its message to a use case and the result back, nothing more. */
export function webhooksHandlers(deps: WebhooksDeps): UnaryHandlers<WebhooksV1.WebhooksServiceHandlers> {
  return {
    CreateEndpoint: async (request, ctx) => {
      const { endpoint, secret } = await createEndpoint(deps, callerOf(ctx), {
        url: request.url,
        events: request.events,
        description: request.description,
      });
      return { endpoint: endpointMessage(endpoint), secret };
    },
    ListEndpoints: async (_request, ctx) => ({
      items: (await listEndpoints(deps, callerOf(ctx))).map(endpointMessage),
    }),
    GetEndpoint: async (request, ctx) =>
      endpointMessage(await getEndpoint(deps, callerOf(ctx), { id: request.id })),
    UpdateEndpoint: async (request, ctx) =>
      endpointMessage(
        await updateEndpoint(deps, callerOf(ctx), {
          id: request.id,
          url: request.url,
          events: request.events?.items,
          description: request.description,
          enabled: request.enabled,
        }),
      ),
    DeleteEndpoint: async (request, ctx) => {
      await deleteEndpoint(deps, callerOf(ctx), { id: request.id });
      return {};
    },
    RotateEndpointSecret: async (request, ctx) => {
      const { endpoint, secret } = await rotateEndpointSecret(deps, callerOf(ctx), { id: request.id });
      return { endpoint: endpointMessage(endpoint), secret };
    },
    ListDeliveries: async (request, ctx) => {
      const { items, nextCursor } = await listDeliveries(deps, callerOf(ctx), {
        endpointId: request.endpointId,
        limit: request.limit,
        cursor: request.cursor,
        status: request.status,
      });
      return { items: items.map(deliveryMessage), nextCursor };
    },
    RetryDelivery: async (request, ctx) =>
      deliveryMessage(
        await retryDelivery(deps, callerOf(ctx), {
          endpointId: request.endpointId,
          deliveryId: request.deliveryId,
        }),
      ),
    ReceivePriceReport: async (request, ctx) =>
      receivePriceReport(deps, {
        body: request.body,
        headers: {
          'webhook-id': request.webhookId,
          'webhook-timestamp': request.webhookTimestamp,
          'webhook-signature': request.webhookSignature,
        },
        traceparent: ctx.traceparent,
      }),
  };
}
