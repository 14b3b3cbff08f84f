import type { Actor, Database, Faults, LinkSigner, Logger, ObjectStore, Outbox } from '@rcr/platform';

/** What the jobs service's use cases work with. */
export interface JobsDeps {
  db: Database;
  outbox: Outbox;
  bucket: ObjectStore;
  links: LinkSigner;
  log: Logger;
  faults: Faults;
  settings: {
    maxAttempts: number;
    retryDelayMs: number;
    stallAfterMs: number;
    linkTtlMs: number;
    /** The database the scheduled backups dump (PostgreSQL only); undefined in embedded mode. */
    backupDatabaseUrl: string | undefined;
  };
}

/** Who is calling: the actor the gateway vouched for. */
export interface Caller {
  actor: Actor | undefined;
  traceparent?: string | undefined;
}
