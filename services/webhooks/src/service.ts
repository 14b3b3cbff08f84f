import { fileURLToPath } from 'node:url';
import { protos, type WebhooksV1 } from '@rcr/contracts';
import { resolveKeyRing, startService, type RunningService, type StartServiceOptions } from '@rcr/platform';
import { webhooksHandlers } from './api/grpc-handlers.ts';
import type { WebhooksConfig } from './config.ts';
import { DeliveryWorker } from './delivery/delivery-worker.ts';
import { systemResolve } from './delivery/send-webhook.ts';
import { resealEndpointSecrets } from './domain/endpoint-secrets.ts';
import type { WebhooksDeps } from './domain/service-deps.ts';
import { subscribeToEvents } from './events/subscriptions.ts';
import { pruneFinishedDeliveries } from './store/delivery-repository.ts';
import { pruneInboundMessages } from './store/inbound-repository.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Starts the webhooks service: encryption key ring (endpoint secrets at rest), database, the subscription
 * that turns events into deliveries, the delivery worker, then the gRPC server. `stop()` undoes it in
 * reverse order (the subscription first, then the worker records what is in flight).
 */
export async function startWebhooksService(
  options: StartServiceOptions<WebhooksConfig>,
): Promise<RunningService> {
  // Before anything opens: without a usable key the service must not store endpoint secrets at all.
  const { keyRing, origin } = await resolveKeyRing(options.config);
  return startService<WebhooksConfig, WebhooksV1.WebhooksServiceHandlers>(
    {
      name: 'webhooks',
      migrationsDir: MIGRATIONS_DIR,
      grpc: {
        serviceName: 'rcr.webhooks.v1.WebhooksService',
        definition: protos.webhooks.WebhooksService.service,
      },
      setup: async ({ config, db, bus, outbox, log, faults, onStop }) => {
        const resealed = await resealEndpointSecrets(db, keyRing);
        if (resealed > 0)
          log.info(
            { endpoints: resealed, encryptionKid: keyRing.primaryKid },
            'endpoint secrets re-encrypted',
          );
        const deps: WebhooksDeps = {
          db,
          outbox,
          keyRing,
          log,
          allow: config.RCR_WEBHOOK_ALLOWED_HOSTS,
          resolve: systemResolve,
          policy: {
            retrySchedule: config.RCR_WEBHOOK_RETRY_SCHEDULE,
            retryAfterMaxMs: config.RCR_WEBHOOK_RETRY_AFTER_MAX,
            disableAfterMs: config.RCR_WEBHOOK_DISABLE_AFTER,
          },
          secretOverlapMs: config.RCR_WEBHOOK_SECRET_OVERLAP,
          inboundPricesSecret: config.RCR_INBOUND_PRICES_SECRET,
          wakeWorker: () => worker.wake(),
        };
        const worker = new DeliveryWorker(deps, {
          concurrency: config.RCR_WEBHOOK_CONCURRENCY,
          perEndpoint: config.RCR_WEBHOOK_ENDPOINT_CONCURRENCY,
          leaseMs: config.RCR_WEBHOOK_LEASE,
          pollMs: config.RCR_WEBHOOK_POLL,
          timeoutMs: config.RCR_WEBHOOK_TIMEOUT,
          breakerFailures: config.RCR_WEBHOOK_BREAKER_FAILURES,
          breakerHalfOpenMs: config.RCR_WEBHOOK_BREAKER_HALF_OPEN,
        });
        worker.start();
        onStop('delivery worker', () => worker.stop());
        const subscription = await subscribeToEvents(bus, deps, { faults });
        onStop('event subscription', () => subscription.close());
        // Accepted inbound webhook-ids are kept as long as the bus inbox keeps event ids; the delivery log
        // as long as RCR_WEBHOOK_LOG_RETENTION says.
        const prune = setInterval(() => {
          Promise.all([
            pruneInboundMessages(db, config.RCR_INBOX_RETENTION),
            pruneFinishedDeliveries(db, config.RCR_WEBHOOK_LOG_RETENTION),
          ])
            .then(([inbound, deliveries]) =>
              log.debug({ inbound, deliveries }, 'pruned webhooks bookkeeping'),
            )
            .catch((err: unknown) =>
              log.warn({ err: (err as Error).message }, 'pruning webhooks bookkeeping failed'),
            );
        }, PRUNE_EVERY_MS);
        prune.unref();
        onStop('pruning', async () => clearInterval(prune));
        log.info(
          {
            encryptionKey: origin,
            inboundPrices: config.RCR_INBOUND_PRICES_SECRET
              ? 'configured'
              : 'off (RCR_INBOUND_PRICES_SECRET unset)',
            allowedHosts:
              config.RCR_WEBHOOK_ALLOWED_HOSTS.hosts.length +
              config.RCR_WEBHOOK_ALLOWED_HOSTS.networks.length,
          },
          'webhooks ready',
        );
        return webhooksHandlers(deps);
      },
    },
    options,
  );
}
