import type { Actor, Database, Faults, LinkSigner, Logger, ObjectStore, Outbox } from '@rcr/platform';

/** What the media service's use cases work with. */
export interface MediaDeps {
  db: Database;
  outbox: Outbox;
  bucket: ObjectStore;
  links: LinkSigner;
  log: Logger;
  faults: Faults;
  settings: {
    maxBytes: number;
    maxPixels: number;
    linkTtlMs: number;
    reviewWaitMs: number;
  };
}

/** Who is calling: the actor the gateway vouched for. */
export interface Caller {
  actor: Actor | undefined;
  traceparent?: string | undefined;
}

/** The service name on the events it emits. */
export const SOURCE = 'media';
