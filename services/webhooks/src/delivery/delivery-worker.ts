import { randomUUID } from 'node:crypto';
import { SpanKind, traced } from '@rcr/platform';
import { signingSecrets } from '../domain/endpoint-secrets.ts';
import type { AttemptResult } from '../domain/record-attempt.ts';
import { recordAttemptResult } from '../domain/record-attempt.ts';
import type { WebhooksDeps } from '../domain/service-deps.ts';
import { claimDueDeliveries, releaseClaim, type ClaimedDelivery } from '../store/delivery-repository.ts';
import { EndpointBreakers } from './endpoint-breakers.ts';
import { WebhookSender } from './send-webhook.ts';

/** How a worker works (config RCR_WEBHOOK_*). */
export interface WorkerOptions {
  /** Attempts in flight at once in this process. */
  concurrency: number;
  /** Attempts in flight at once to one endpoint in this process. */
  perEndpoint: number;
  /** How long a claim lasts (longer than an attempt's timeout). */
  leaseMs: number;
  /** How often due deliveries are looked for when nothing wakes the worker. */
  pollMs: number;
  timeoutMs: number;
  breakerFailures: number;
  breakerHalfOpenMs: number;
}

/**
 * The delivery worker: claims due deliveries from the database (a lease, FOR UPDATE SKIP LOCKED: any number
 * of replicas share the work and none sends a delivery another holds), sends each through the SSRF guard
 * with its Standard Webhooks signature, and records the outcome. Attempts run in parallel up to
 * `concurrency`, at most `perEndpoint` per endpoint, and not at all to an endpoint whose circuit is open:
 * a slow or dead receiver holds a few slots at most. A worker that dies mid-attempt leaves its claims to
 * lapse: the deliveries are attempted again after the lease, with the same webhook-id.
 */
export class DeliveryWorker {
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #endpointsBusy = new Map<string, number>();
  readonly #breakers: EndpointBreakers;
  readonly #sender: WebhookSender;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #woken = false;

  constructor(
    private readonly deps: WebhooksDeps,
    private readonly options: WorkerOptions,
  ) {
    this.#breakers = new EndpointBreakers(options.breakerFailures, options.breakerHalfOpenMs);
    this.#sender = new WebhookSender(deps.allow, deps.resolve, options.timeoutMs);
  }

  /** Starts claiming: at once, whenever woken, and every `pollMs`. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Looks for due deliveries now (new ones were created, a retry was asked for, a slot came free). */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Stops claiming and waits (up to the attempt timeout) for attempts in flight to be recorded. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.wake();
    await this.#loop;
    await Promise.race([
      Promise.allSettled(this.#inFlight.values()),
      new Promise((resolve) => setTimeout(resolve, this.options.timeoutMs + 1000).unref()),
    ]);
    this.#sender.close();
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (this.#running) {
      this.#woken = false;
      let full = false;
      try {
        full = await this.#claimRound();
        failures = 0;
      } catch (err) {
        failures += 1;
        if (failures === 1 || failures % 30 === 0) {
          this.deps.log.warn(
            { err: (err as Error).message, failures },
            'claiming webhook deliveries failed; will retry',
          );
        }
      }
      if (!this.#running) break;
      // A full round may have left more due deliveries: look again as soon as a slot frees.
      if (this.#woken && failures === 0 && this.#free() > 0) continue;
      const delay = failures > 0 ? Math.min(5000, 100 * 2 ** Math.min(failures, 6)) : this.options.pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, full && this.#free() > 0 ? 0 : delay);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  #free(): number {
    return this.options.concurrency - this.#inFlight.size;
  }

  /** Claims what this worker has room for and starts each attempt; true when it got all it asked for. */
  async #claimRound(): Promise<boolean> {
    const free = this.#free();
    if (free <= 0) return false;
    const token = randomUUID();
    const claimed = await claimDueDeliveries(this.deps.db, {
      token,
      leaseMs: this.options.leaseMs,
      limit: free,
      perEndpoint: this.options.perEndpoint,
      skip: [...new Set([...this.#endpointsBusy.keys(), ...this.#breakers.open()])],
    });
    for (const delivery of claimed) {
      this.#endpointsBusy.set(delivery.endpointId, (this.#endpointsBusy.get(delivery.endpointId) ?? 0) + 1);
      const attempt = this.#attempt(delivery, token).finally(() => {
        this.#inFlight.delete(delivery.id);
        const left = (this.#endpointsBusy.get(delivery.endpointId) ?? 1) - 1;
        if (left > 0) this.#endpointsBusy.set(delivery.endpointId, left);
        else this.#endpointsBusy.delete(delivery.endpointId);
        this.wake();
      });
      this.#inFlight.set(delivery.id, attempt);
    }
    return claimed.length === free;
  }

  /** One attempt, in a span continuing the trace the delivery was created in (ADR 0031). */
  #attempt(delivery: ClaimedDelivery, token: string): Promise<void> {
    return traced(
      `push ${delivery.eventType}`,
      {
        kind: SpanKind.CLIENT,
        parent: { traceparent: delivery.traceparent ?? undefined },
        attributes: { 'rcr.push.transport': 'webhook', 'rcr.webhook.endpoint': delivery.endpointId },
        onlyInTrace: true,
      },
      () => this.#send(delivery, token),
    );
  }

  async #send(delivery: ClaimedDelivery, token: string): Promise<void> {
    try {
      const secrets = signingSecrets(
        this.deps.keyRing,
        {
          id: delivery.endpointId,
          secret: delivery.secret,
          previousSecret: delivery.previousSecret,
          previousSecretExpiresAt: delivery.previousSecretExpiresAt,
        },
        new Date(),
      );
      const run = await this.#breakers.run(
        delivery.endpointId,
        () => this.#sender.send({ url: delivery.url, id: delivery.id, body: delivery.body, secrets }),
        (result: AttemptResult) => result.outcome.kind !== 'success',
      );
      if (!run.ran) {
        // The circuit opened meanwhile: nothing was sent, nothing is counted; try again after its pause.
        await releaseClaim(this.deps.db, delivery.id, token, this.options.breakerHalfOpenMs);
        return;
      }
      const decision = await recordAttemptResult(this.deps, delivery, token, run.result);
      // One line per attempt, like an access log.
      this.deps.log.info(
        {
          deliveryId: delivery.id,
          endpointId: delivery.endpointId,
          outcome: run.result.outcome.kind,
          status: 'status' in run.result.outcome ? run.result.outcome.status : undefined,
          next: decision?.status,
        },
        'webhook attempt',
      );
    } catch (err) {
      // Unrecorded: the claim lapses after the lease and the delivery is attempted again.
      this.deps.log.warn(
        { err: (err as Error).message, deliveryId: delivery.id, endpointId: delivery.endpointId },
        'webhook attempt could not be completed; it will be retried after the lease',
      );
    }
  }
}
