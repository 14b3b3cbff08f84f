-- Dead letters of the in-process bus (embedded mode keeps them in the `bus` schema; with NATS they live in
-- the `<ns>-dlq` stream): events a consumer group gave up on, kept until an administrator replays or
-- discards them.
CREATE TABLE IF NOT EXISTS dead_letters (
  id bigserial PRIMARY KEY,
  consumer_group text NOT NULL,
  event_id text,
  event_type text,
  subject text,
  event jsonb NOT NULL,
  error text NOT NULL,
  attempts integer NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS dead_letters_by_group ON dead_letters (consumer_group, id);

-- How often each event reached a consumer again after it was applied (redeliveries the inbox absorbed).
ALTER TABLE inbox ADD COLUMN IF NOT EXISTS duplicates integer NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS inbox_by_age ON inbox (processed_at);

-- The applied-events ledger: one row per event a consumer applied, written in the effect's transaction
-- and never de-duplicated, so a double application would show as two rows for one event id.
CREATE TABLE IF NOT EXISTS applied_events (
  seq bigserial PRIMARY KEY,
  consumer text NOT NULL,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  subject text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS applied_events_by_event ON applied_events (consumer, event_id);
CREATE INDEX IF NOT EXISTS applied_events_by_age ON applied_events (applied_at);

-- Outbox rows are claimed by one relay at a time (several replicas of a service share one outbox).
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS claimed_until timestamptz;
CREATE INDEX IF NOT EXISTS outbox_published_age ON outbox (published_at) WHERE published_at IS NOT NULL;
