import type { Database, Outbox } from '@rcr/platform';

/** What the use cases need: the database for reads and the outbox for state changes with their events. */
export interface ReviewsDeps {
  db: Database;
  outbox: Outbox;
}
