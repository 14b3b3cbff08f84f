import type { EventBus } from './port.ts';
import { MemoryBus } from './memory.ts';
import { NatsBus } from './nats.ts';

export * from './port.ts';
export { MemoryBus } from './memory.ts';
export { NatsBus } from './nats.ts';

/** Where the bus is: NATS JetStream when a URL is configured, otherwise the given in-process bus. */
export interface BusConfig {
  NATS_URL?: string | undefined;
  RCR_NAMESPACE: string;
  RCR_BUS_MAX_DELIVER: number;
}

/**
 * Opens the configured bus. In embedded mode all services share one in-process bus, passed in by the
 * composition root; a service started alone without `NATS_URL` gets its own (useful only for tests).
 */
export async function openBus(config: BusConfig, name: string, shared?: EventBus): Promise<EventBus> {
  if (config.NATS_URL) {
    return NatsBus.connect({
      url: config.NATS_URL,
      name,
      namespace: config.RCR_NAMESPACE,
      maxDeliver: config.RCR_BUS_MAX_DELIVER,
    });
  }
  return shared ?? new MemoryBus({ namespace: config.RCR_NAMESPACE, maxDeliver: config.RCR_BUS_MAX_DELIVER });
}
