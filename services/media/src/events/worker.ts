import { isEvent } from '@rcr/contracts';
import type { EventBus, Logger, Subscription } from '@rcr/platform';
import type { MediaDeps } from '../domain/deps.ts';
import { makeRenditions } from '../domain/make-renditions.ts';

/**
 * The renditions work queue's consumer group: every `image.uploaded` goes to one member (members share
 * the work); a member makes at most `concurrency` images' renditions at once; the message is
 * acknowledged when they are stored, and one whose worker dies is delivered again (ADR 0029, as the
 * jobs service's queue, ADR 0024).
 */
export const RENDITIONS_GROUP = 'media-renditions';

/** Starts this process's renditions worker. */
export function subscribeRenditions(
  bus: EventBus,
  deps: Pick<MediaDeps, 'db' | 'outbox' | 'bucket' | 'log' | 'faults' | 'settings'>,
  concurrency: number,
  log: Logger,
): Promise<Subscription> {
  return bus.subscribe({
    group: RENDITIONS_GROUP,
    types: ['image.uploaded'],
    maxInFlight: concurrency,
    handler: async (event, info) => {
      if (!isEvent(event, 'image.uploaded')) return;
      const started = Date.now();
      const outcome = await makeRenditions(deps, event.data.imageId, event.traceparent);
      log.info(
        { imageId: event.data.imageId, outcome, ms: Date.now() - started, redelivered: info.redelivered },
        'image renditions',
      );
    },
  });
}
